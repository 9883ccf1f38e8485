#!/usr/bin/env node
// campaign: N seeded runs of every format on a synthetic market (known-edge by default), with the
// distribution of metrics and how many runs pass the gates; optionally the Avellaneda-Stoikov 2008
// replication. Thin: parse arguments (the option set and the run config file are @mml/workflows'), check
// --out, call runCampaign, print the report path.
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { campaignOptions, checkDataPaths, checkOutputRoot, createProgress, failAsUsageError, parseRunCommandLine, runCampaign, runCli, runConfigOptions, windowDays } from '@mml/workflows';

runCli(async () => {
  const { argv, run } = await parseRunCommandLine('campaign', yargs(hideBin(process.argv))
    .scriptName('campaign')
    .usage('$0 [options]\n\nN seeded synthetic runs per format; writes summary.json, results.csv and report.html under <out>/campaign/<run-id>/.')
    .options(campaignOptions)
    .options(runConfigOptions)
    .strict()
    .fail(failAsUsageError)
    .help());
  if (argv.data !== undefined) checkDataPaths(argv.data, 'data');
  checkOutputRoot(argv.out);
  const progress = createProgress('campaign');
  const result = await runCampaign({
    n: argv.n,
    days: argv.data !== undefined ? windowDays(argv) : argv.days,
    ...(argv.data !== undefined ? { dataPath: argv.data, quality: argv.quality } : {}),
    budget: argv.budget,
    formats: argv.formats,
    formatConfigs: run.formatConfigs,
    plugins: run.plugins,
    engineConfig: run.engineConfig,
    gates: run.gates,
    runConfig: run.effective,
    makerFeeBps: argv['maker-fee-bps'],
    takerFeeBps: argv['taker-fee-bps'],
    replicateAs2008: argv['replicate-as2008'],
    syntheticMarket: argv['synthetic-market'],
    workers: argv.workers,
    queue: argv.queue,
    seed: argv.seed,
    startBaseFraction: argv['start-base-fraction'],
    artifactsRoot: argv.out,
    onProgress: (done, total) => progress.update(done, total),
  });
  progress.finish();
  for (const line of result.verdictLines) console.log(line);
  console.log(`report: ${result.reportPath}`);
});
