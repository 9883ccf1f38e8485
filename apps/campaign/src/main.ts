#!/usr/bin/env node
// campaign: N seeded runs of every format on a synthetic market (known-edge by default), with the
// distribution of metrics and how many runs pass the gates; optionally the Avellaneda-Stoikov 2008
// replication. Thin: parse arguments (shared, range-checked options from @mml/workflows), check
// --out, call runCampaign, print the report path.
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { batchOptions, checkDataPaths, checkOutputRoot, DATA_HELP, windowDays, windowOptions, commonOptions, createProgress, failAsUsageError, numberOption, RANGES, runCampaign, runCli } from '@mml/workflows';

runCli(async () => {
  const argv = await yargs(hideBin(process.argv))
    .scriptName('campaign')
    .usage('$0 [options]\n\nN seeded synthetic runs per format; writes summary.json, results.csv and report.html under <out>/campaign/<run-id>/.')
    .option('n', numberOption('n', 'seeded runs per format', { min: 1, max: 10_000, integer: true }, 10))
    .option('days', numberOption('days', 'length of each synthetic run in days of 1m bars', RANGES.days, 7))
    .option('budget', commonOptions.budget)
    .option('synthetic-market', { choices: ['known-edge', 'gbm'] as const, default: 'known-edge' as const, describe: 'synthetic market: known-edge (order flow with a known edge, candles derived from trades) or gbm (the earlier GBM/jump mid path)' })
    .options(windowOptions)
    .option('data', { type: 'string', describe: `recorded data instead of the synthetic market, cut into --n consecutive slices of equal time (run i on slice i): ${DATA_HELP}` })
    .option('quality', { choices: ['fail', 'drop', 'mark'] as const, default: 'fail' as const, describe: 'data-quality policy for --data files' })
    .option('replicate-as2008', { type: 'boolean', default: false, describe: 'also run the Avellaneda-Stoikov 2008 section 3.3 replication' })
    .options(batchOptions)
    .option('seed', { ...commonOptions.seed, describe: `${commonOptions.seed.describe}; run i uses a seed derived from it` })
    .option('out', commonOptions.out)
    .strict()
    .fail(failAsUsageError)
    .help()
    .parseAsync();
  if (argv.data !== undefined) checkDataPaths(argv.data, 'data');
  checkOutputRoot(argv.out);
  const progress = createProgress('campaign');
  const result = await runCampaign({
    n: argv.n,
    days: argv.data !== undefined ? windowDays(argv) : argv.days,
    ...(argv.data !== undefined ? { dataPath: argv.data, quality: argv.quality } : {}),
    budget: argv.budget,
    formats: argv.formats,
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
