#!/usr/bin/env node
// walk-forward: optimise each format on rolling (or anchored) train windows, evaluate the winner on
// the following test window, and report out-of-sample pass rate, hard breaches and the
// in-sample vs out-of-sample gap. Thin: parse arguments, call runWalkForward, print the report path.
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { runWalkForward, createProgress, runCli, parseQueueUrl, windowDays, spanDays, DATA_HELP } from '@mml/workflows';

runCli(async () => {
  const argv = await yargs(hideBin(process.argv))
    .scriptName('walk-forward')
    .usage('$0 [options]\n\nWalk-forward optimisation per format; writes summary.json, results.csv and report.html under <out>/walk-forward/<run-id>/.')
    .option('source', { choices: ['synthetic', 'file', 'exchange'] as const, default: 'synthetic' as const, describe: 'candles: synthetic BTC/USDT-calibrated market (no network), a file (--data), or the exchange' })
    .option('data', { type: 'string', describe: DATA_HELP })
    .option('days', { type: 'number', default: 30, describe: 'use the last N days of data' })
    .option('hours', { type: 'number', describe: 'use the last N hours of data (instead of --days)' })
    .option('minutes', { type: 'number', describe: 'use the last N minutes of data (instead of --days)' })
    .option('exchange', { type: 'string', default: 'binance' })
    .option('symbol', { type: 'string', default: 'BTC/USDT' })
    .option('exchange-url', { type: 'string', describe: 'override the exchange REST base URL (also MML_EXCHANGE_URL)' })
    .option('train-days', { type: 'number', default: 7, describe: 'train window length in days' })
    .option('test-days', { type: 'number', default: 3, describe: 'test window length in days' })
    .option('train-hours', { type: 'number', describe: 'train window in hours (instead of --train-days)' })
    .option('train-minutes', { type: 'number', describe: 'train window in minutes (instead of --train-days; e.g. on minutes-long tick captures)' })
    .option('test-hours', { type: 'number', describe: 'test window in hours (instead of --test-days)' })
    .option('test-minutes', { type: 'number', describe: 'test window in minutes (instead of --test-days)' })
    .option('purge-minutes', { type: 'number', default: 0, describe: 'gap between a train window and its test window' })
    .option('mode', { choices: ['rolling', 'anchored'] as const, default: 'rolling' as const })
    .option('search', { choices: ['grid', 'random'] as const, default: 'grid' as const, describe: 'in-sample parameter search' })
    .option('trials', { type: 'number', default: 6, describe: 'parameter candidates per format per fold' })
    .option('threshold', { type: 'number', default: 0.5, describe: 'required out-of-sample pass rate (0..1)' })
    .option('budget', { type: 'number', default: 10000, describe: 'quote budget per run' })
    .option('formats', { type: 'string', default: 'all', describe: 'strategy formats, comma-separated, or "all"' })
    .option('quality', { choices: ['fail', 'drop', 'mark'] as const, default: 'fail' as const, describe: 'data-quality policy for --data files' })
    .option('workers', { type: 'number', describe: 'worker threads (default: number of cores)' })
    .option('start-base-fraction', { type: 'number', describe: 'share of the budget held in base at the first mid (0..1; default 0.5 on spot, so a spot market maker can quote both sides from the start; 0 = cash only). A perpetual (--symbol BTC/USDT:USDT) starts flat (0) with shorting allowed' })
    .option('queue', { type: 'string', default: process.env['MML_QUEUE'], describe: 'redis://host:port: run the tasks on a BullMQ queue served by `make worker` processes on any machine (default $MML_QUEUE; unset = local threads)' })
    .option('seed', { type: 'number', default: 42 })
    .option('out', { type: 'string', default: 'artifacts', describe: 'artifacts root directory' })
    .strict()
    .help()
    .parseAsync();
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
    queue: queueOf(argv.queue),
    seed: argv.seed,
    startBaseFraction: argv['start-base-fraction'],
    artifactsRoot: argv.out,
    onProgress: (done, total) => progress.update(done, total),
  });
  progress.finish();
  for (const line of result.verdictLines) console.log(line);
  console.log(`report: ${result.reportPath}`);
});

/** An empty --queue means local threads; anything else must be a redis:// URL (checked before any work). */
function queueOf(url: string | undefined): string | undefined {
  if (url === undefined || url === '') return undefined;
  parseQueueUrl(url, '--queue');
  return url;
}
