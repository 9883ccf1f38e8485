#!/usr/bin/env node
// mml-fetch-data: download klines through ccxt into data/real/<exchange>/<symbol>/<timeframe>/.
//   node packages/market-data/dist/cli/fetch-data.js --exchange binance --symbol BTC/USDT --timeframe 1m --days 30 \
//        [--data-dir data] [--exchange-url http://127.0.0.1:PORT] [--end 2023-05-01T21:02:00Z]
import { resolve } from 'node:path';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { exchangeUrlFromEnv } from '../exchange/ccxt-exchange';
import { fetchData } from '../fetch-data';
import { repoRoot } from '../paths';

/** Runs the CLI; returns the process exit code (0 ok, 1 failure). */
export async function runFetchDataCli(argv: string[], out: (line: string) => void = (l) => process.stdout.write(l + '\n'), err: (line: string) => void = (l) => process.stderr.write(l + '\n')): Promise<number> {
  const args = await yargs(argv)
    .scriptName('mml-fetch-data')
    .option('exchange', { type: 'string', default: 'binance', describe: 'ccxt exchange id' })
    .option('symbol', { type: 'string', default: 'BTC/USDT', describe: 'unified symbol' })
    .option('timeframe', { type: 'string', default: '1m', describe: 'kline interval (ccxt timeframe)' })
    .option('days', { type: 'number', default: 30, describe: 'days of history ending at --end' })
    .option('data-dir', { type: 'string', describe: 'cache root (default <repo>/data)' })
    .option('exchange-url', { type: 'string', describe: 'override the public REST base URL (default $MML_EXCHANGE_URL, else the real exchange)' })
    .option('end', { type: 'string', describe: 'end of the range: ISO time or Unix ms (default now)' })
    .strict()
    .exitProcess(false)
    .fail((message, error) => {
      throw error ?? new Error(message);
    })
    .help()
    .parseAsync();
  try {
    const now = args.end === undefined ? undefined : /^\d+$/.test(args.end) ? Number(args.end) : Date.parse(args.end);
    if (now !== undefined && !Number.isFinite(now)) throw new Error(`--end: not a time: "${args.end}"`);
    const result = await fetchData({
      exchange: args.exchange,
      symbol: args.symbol,
      timeframe: args.timeframe,
      days: args.days,
      dataDir: resolve(args['data-dir'] ?? resolve(repoRoot(), 'data')),
      url: args['exchange-url'] ?? exchangeUrlFromEnv(),
      now,
      log: err,
    });
    const { manifest } = result;
    out(
      JSON.stringify({
        dir: result.dir,
        rows: manifest.rows,
        range: [manifest.range.fromIso, manifest.range.toIso],
        gaps: manifest.gaps.length,
        halts: manifest.halts.length,
        chunksFetched: result.chunksFetched,
        chunksCached: result.chunksCached,
        requests: result.requests,
      }),
    );
    return 0;
  } catch (error) {
    err(`mml-fetch-data: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

if (require.main === module) {
  runFetchDataCli(hideBin(process.argv)).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      process.stderr.write(`mml-fetch-data: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
