#!/usr/bin/env node
// mml-fetch-trades: download public trades (aggTrades by default) through ccxt into data/real/<exchange>/<symbol>/<kind>/.
//   node packages/market-data/dist/cli/fetch-trades.js --symbol BTC/USDT --hours 2 [--end ISO|ms] [--kind aggTrades|trades]
//        [--exchange binance] [--data-dir data] [--exchange-url http://127.0.0.1:PORT]
import { resolve } from 'node:path';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { exchangeUrlFromEnv } from '../exchange/exchange-url';
import { repoRoot } from '../paths';
import { fetchTradesData } from '../ticks/fetch-trades';

/** Runs the CLI; returns the exit code (0 ok, 1 failure, 2 bad options). */
export async function runFetchTradesCli(argv: string[], out: (line: string) => void = (l) => process.stdout.write(l + '\n'), err: (line: string) => void = (l) => process.stderr.write(l + '\n')): Promise<number> {
  let args;
  try {
    args = await yargs(argv)
      .scriptName('mml-fetch-trades')
      .option('exchange', { type: 'string', default: 'binance', describe: 'ccxt exchange id' })
      .option('symbol', { type: 'string', default: 'BTC/USDT', describe: 'unified symbol' })
      .option('kind', { choices: ['aggTrades', 'trades'] as const, default: 'aggTrades' as const, describe: 'aggTrades (any time) or trades (only the latest 1000 are public)' })
      .option('minutes', { type: 'number', describe: 'window length ending at --end' })
      .option('hours', { type: 'number', describe: 'window length ending at --end' })
      .option('days', { type: 'number', describe: 'window length ending at --end (default 1 hour when no length is given)' })
      .option('end', { type: 'string', describe: 'end of the window: ISO time or Unix ms (default now)' })
      .option('data-dir', { type: 'string', describe: 'cache root (default <repo>/data)' })
      .option('exchange-url', { type: 'string', describe: 'override the public REST base URL (default $MML_EXCHANGE_URL, else the real exchange)' })
      .strict()
      .exitProcess(false)
      .fail((message, error) => {
        throw error ?? new Error(message);
      })
      .help()
      .parseAsync();
  } catch (error) {
    err(`error: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  const end = args.end === undefined ? Date.now() : /^\d+$/.test(args.end) ? Number(args.end) : Date.parse(args.end);
  if (!Number.isFinite(end)) {
    err(`error: --end: not a time: "${args.end}"`);
    return 2;
  }
  const lengths = [args.minutes !== undefined ? args.minutes * 60_000 : 0, args.hours !== undefined ? args.hours * 3_600_000 : 0, args.days !== undefined ? args.days * 86_400_000 : 0];
  const span = lengths.reduce((a, b) => a + b, 0) || 3_600_000;
  if (!(span > 0)) {
    err('error: --minutes/--hours/--days must add up to a positive window');
    return 2;
  }
  try {
    const result = await fetchTradesData({
      exchange: args.exchange,
      symbol: args.symbol,
      kind: args.kind,
      from: end - span,
      to: end,
      dataDir: resolve(args['data-dir'] ?? resolve(repoRoot(), 'data')),
      url: args['exchange-url'] ?? exchangeUrlFromEnv(),
      log: err,
    });
    const q = result.quality.counts;
    out(JSON.stringify({ dir: result.dir, files: result.files, rows: result.rows, requests: result.requests, chunksFetched: result.chunksFetched, chunksCached: result.chunksCached, sequenceBreaks: q['sequence-break'], duplicateIds: q['duplicate-id'] }));
    return 0;
  } catch (error) {
    err(`error: ${error instanceof Error ? error.message : String(error)}`);
    return error instanceof RangeError ? 2 : 1;
  }
}

if (require.main === module) {
  runFetchTradesCli(hideBin(process.argv)).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
