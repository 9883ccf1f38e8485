#!/usr/bin/env node
// campaign: N seeded runs of every format on a synthetic market (known-edge by default), with the
// distribution of metrics and how many runs pass the gates; optionally the Avellaneda-Stoikov 2008
// replication. Thin: the command line (options, run config file, checks, progress, output) is
// @mml/workflows' runBatchApp; this maps what only a campaign has.
import { runBatchApp, runCampaign, windowDays } from '@mml/workflows';

runBatchApp('campaign', '$0 [options]\n\nN seeded synthetic runs per format; writes summary.json, results.csv and report.html under <out>/campaign/<run-id>/.', (argv, inputs) =>
  runCampaign({
    ...inputs,
    n: argv.n,
    days: argv.data !== undefined ? windowDays(argv) : argv.days,
    ...(argv.data !== undefined ? { dataPath: argv.data, quality: argv.quality } : {}),
    replicateAs2008: argv['replicate-as2008'],
    syntheticMarket: argv['synthetic-market'],
  }),
);
