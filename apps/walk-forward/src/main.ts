#!/usr/bin/env node
// walk-forward: optimise each format on rolling (or anchored) train windows, evaluate the winner on
// the following test window, and report out-of-sample pass rate, hard breaches and the
// in-sample vs out-of-sample gap. Thin: parse arguments (shared, range-checked options from
// @mml/workflows), check the paths, call runWalkForward, print the report path.
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { batchOptions, checkDataPaths, checkOutputRoot, spanDays, windowDays, windowOptions, commonOptions, createProgress, exchangeOptions, failAsUsageError, marketDataOptions, MAX_DAYS, numberOption, runCli, runWalkForward } from '@mml/workflows';

runCli(async () => {
  const argv = await yargs(hideBin(process.argv))
    .scriptName('walk-forward')
    .usage('$0 [options]\n\nWalk-forward optimisation per format; writes summary.json, results.csv and report.html under <out>/walk-forward/<run-id>/.')
    .options(marketDataOptions)
    .options(windowOptions)
    .options(exchangeOptions)
    .option('train-days', numberOption('train-days', 'train window length in days', { min: 0, exclusiveMin: true, max: MAX_DAYS }, 7))
    .option('test-days', numberOption('test-days', 'test window length in days', { min: 0, exclusiveMin: true, max: MAX_DAYS }, 3))
    .option('train-hours', numberOption('train-hours', 'train window in hours (instead of --train-days)', { min: 0, exclusiveMin: true, max: MAX_DAYS * 24 }))
    .option('train-minutes', numberOption('train-minutes', 'train window in minutes (instead of --train-days; e.g. on minutes-long tick captures)', { min: 0, exclusiveMin: true, max: MAX_DAYS * 1440 }))
    .option('test-hours', numberOption('test-hours', 'test window in hours (instead of --test-days)', { min: 0, exclusiveMin: true, max: MAX_DAYS * 24 }))
    .option('test-minutes', numberOption('test-minutes', 'test window in minutes (instead of --test-days)', { min: 0, exclusiveMin: true, max: MAX_DAYS * 1440 }))
    .option('purge-minutes', numberOption('purge-minutes', 'gap between a train window and its test window', { min: 0, max: MAX_DAYS * 1440 }, 0))
    .option('mode', { choices: ['rolling', 'anchored'] as const, default: 'rolling' as const })
    .option('search', { choices: ['grid', 'random'] as const, default: 'grid' as const, describe: 'in-sample parameter search' })
    .option('trials', numberOption('trials', 'parameter candidates per format per fold', { min: 1, max: 10_000, integer: true }, 6))
    .option('threshold', numberOption('threshold', 'required out-of-sample pass rate', { min: 0, max: 1 }, 0.5))
    .option('budget', commonOptions.budget)
    .options(batchOptions)
    .option('seed', commonOptions.seed)
    .option('out', commonOptions.out)
    .strict()
    .fail(failAsUsageError)
    .help()
    .parseAsync();
  if (argv.data !== undefined) checkDataPaths(argv.data, 'data');
  checkOutputRoot(argv.out);
  const progress = createProgress('walk-forward');
  const result = await runWalkForward({
    source: argv.data !== undefined ? 'file' : argv.source,
    dataPath: argv.data,
    days: windowDays(argv),
    exchange: argv.exchange,
    symbol: argv.symbol,
    exchangeUrl: argv['exchange-url'] ?? process.env['MML_EXCHANGE_URL'],
    trainDays: spanDays('train', { days: argv['train-days'], hours: argv['train-hours'], minutes: argv['train-minutes'] }),
    testDays: spanDays('test', { days: argv['test-days'], hours: argv['test-hours'], minutes: argv['test-minutes'] }),
    purgeMs: argv['purge-minutes'] * 60_000,
    mode: argv.mode,
    search: { kind: argv.search, trials: argv.trials, seed: argv.seed },
    threshold: argv.threshold,
    budget: argv.budget,
    formats: argv.formats,
    quality: argv.quality,
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
