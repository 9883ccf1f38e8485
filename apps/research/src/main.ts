#!/usr/bin/env node
// research: every budget tier x every strategy format over N days of 1m candles, with gates and
// reports. Thin: parse arguments, call runResearch, print where the report is.
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { runResearch, parseNumberList, createProgress, runCli } from '@mml/workflows';

runCli(async () => {
  const argv = await yargs(hideBin(process.argv))
    .scriptName('research')
    .usage('$0 [options]\n\nRuns budget tiers x strategy formats and writes summary.json, results.csv and report.html under <out>/research/<run-id>/.')
    .option('source', { choices: ['synthetic', 'file', 'exchange'] as const, default: 'synthetic' as const, describe: 'where candles come from: the BTC/USDT-calibrated synthetic market (no network), a CSV/CSV.gz file (--data), or the exchange via ccxt' })
    .option('data', { type: 'string', describe: 'CSV or CSV.gz kline file (implies --source file)' })
    .option('days', { type: 'number', default: 30, describe: 'use the last N days of data' })
    .option('exchange', { type: 'string', default: 'binance', describe: 'ccxt exchange id (for --source exchange and the instrument)' })
    .option('symbol', { type: 'string', default: 'BTC/USDT' })
    .option('exchange-url', { type: 'string', describe: 'override the exchange REST base URL (also MML_EXCHANGE_URL)' })
    .option('tiers', { type: 'string', default: '1000,10000,100000', describe: 'budget tiers in quote currency, comma-separated' })
    .option('formats', { type: 'string', default: 'all', describe: 'strategy formats, comma-separated, or "all"' })
    .option('maker-fee-bps', { type: 'string', describe: 'maker fee tiers in bps, comma-separated (negative = rebate), e.g. -0.5,0,2,10; every tier is run (default: the instrument fee)' })
    .option('taker-fee-bps', { type: 'string', describe: 'taker fee in bps: one value, or one per maker tier (default: the instrument fee)' })
    .option('quality', { choices: ['fail', 'drop', 'mark'] as const, default: 'fail' as const, describe: 'data-quality policy for bad bars in --data files' })
    .option('workers', { type: 'number', describe: 'worker threads (default: number of cores)' })
    .option('seed', { type: 'number', default: 42, describe: 'master seed (synthetic data, strategy seeds)' })
    .option('out', { type: 'string', default: 'artifacts', describe: 'artifacts root directory' })
    .strict()
    .help()
    .parseAsync();
  const progress = createProgress('research');
  const result = await runResearch({
    source: argv.data !== undefined ? 'file' : argv.source,
    dataPath: argv.data,
    days: argv.days,
    exchange: argv.exchange,
    symbol: argv.symbol,
    exchangeUrl: argv['exchange-url'] ?? process.env['MML_EXCHANGE_URL'],
    tiers: parseNumberList(argv.tiers, 'tiers'),
    makerFeeBps: argv['maker-fee-bps'],
    takerFeeBps: argv['taker-fee-bps'],
    formats: argv.formats,
    quality: argv.quality,
    workers: argv.workers,
    seed: argv.seed,
    artifactsRoot: argv.out,
    onProgress: (done, total) => progress.update(done, total),
  });
  progress.finish();
  for (const line of result.verdictLines) console.log(line);
  console.log(`report: ${result.reportPath}`);
});
