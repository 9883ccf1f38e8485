#!/usr/bin/env node
// research: every budget tier x every strategy format over a window of 1m candles or tick data, with gates and
// reports. Thin: parse arguments, call runResearch, print where the report is.
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { runResearch, parseNumberList, createProgress, runCli, parseQueueUrl, windowDays, DATA_HELP } from '@mml/workflows';

runCli(async () => {
  const argv = await yargs(hideBin(process.argv))
    .scriptName('research')
    .usage('$0 [options]\n\nRuns budget tiers x strategy formats and writes summary.json, results.csv and report.html under <out>/research/<run-id>/.')
    .option('source', { choices: ['synthetic', 'file', 'exchange'] as const, default: 'synthetic' as const, describe: 'where candles come from: the BTC/USDT-calibrated synthetic market (no network), a CSV/CSV.gz file (--data), or the exchange via ccxt' })
    .option('data', { type: 'string', describe: DATA_HELP })
    .option('days', { type: 'number', default: 30, describe: 'use the last N days of data' })
    .option('hours', { type: 'number', describe: 'use the last N hours of data (instead of --days)' })
    .option('minutes', { type: 'number', describe: 'use the last N minutes of data (instead of --days)' })
    .option('exchange', { type: 'string', default: 'binance', describe: 'ccxt exchange id (for --source exchange and the instrument)' })
    .option('symbol', { type: 'string', default: 'BTC/USDT' })
    .option('exchange-url', { type: 'string', describe: 'override the exchange REST base URL (also MML_EXCHANGE_URL)' })
    .option('tiers', { type: 'string', default: '1000,10000,100000', describe: 'budget tiers in quote currency, comma-separated' })
    .option('formats', { type: 'string', default: 'all', describe: 'strategy formats, comma-separated, or "all"' })
    .option('quality', { choices: ['fail', 'drop', 'mark'] as const, default: 'fail' as const, describe: 'data-quality policy for bad bars in --data files' })
    .option('workers', { type: 'number', describe: 'worker threads (default: number of cores)' })
    .option('start-base-fraction', { type: 'number', describe: 'share of the budget held in base at the first mid (0..1; default 0.5 on spot, so a spot market maker can quote both sides from the start; 0 = cash only). A perpetual (--symbol BTC/USDT:USDT) starts flat (0) with shorting allowed' })
    .option('queue', { type: 'string', default: process.env['MML_QUEUE'], describe: 'redis://host:port: run the tasks on a BullMQ queue served by `make worker` processes on any machine (default $MML_QUEUE; unset = local threads)' })
    .option('seed', { type: 'number', default: 42, describe: 'master seed (synthetic data, strategy seeds)' })
    .option('out', { type: 'string', default: 'artifacts', describe: 'artifacts root directory' })
    .strict()
    .help()
    .parseAsync();
  const progress = createProgress('research');
  const result = await runResearch({
    source: argv.data !== undefined ? 'file' : argv.source,
    dataPath: argv.data,
    days: windowDays(argv),
    exchange: argv.exchange,
    symbol: argv.symbol,
    exchangeUrl: argv['exchange-url'] ?? process.env['MML_EXCHANGE_URL'],
    tiers: parseNumberList(argv.tiers, 'tiers'),
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
