#!/usr/bin/env node
// mml-fetch-data: download klines through ccxt into data/real/<exchange>/<symbol>/<timeframe>/.
//   node packages/market-data/dist/cli/fetch-data.js --exchange binance --symbol BTC/USDT --timeframe 1m --days 30 \
//        [--data-dir data] [--exchange-url http://127.0.0.1:PORT] [--end 2023-05-01T21:02:00Z]
import { resolve } from 'node:path';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { ArtifactWriteError, ConfigError, DataError, UsageError, parseNumberOption, redactCredentials } from '@mml/core';
import type * as ExchangeUrlModule from '../exchange/exchange-url';
import type * as FetchDataModule from '../fetch-data';
import { MAX_FETCH_DAYS } from '../fetch-data-limits';
import { repoRoot } from '../paths';

/**
 * Runs the CLI; returns the process exit code: 0 ok (also after --help / --version, which never
 * download), 2 for a user error (bad option, unknown symbol, unreachable exchange, unwritable
 * --data-dir: one `error: ...` line), 1 for anything else (a bug: the stack is printed).
 */
export async function runFetchDataCli(argv: string[], out: (line: string) => void = (l) => process.stdout.write(l + '\n'), err: (line: string) => void = (l) => process.stderr.write(l + '\n')): Promise<number> {
  let args;
  try {
    args = await yargs(argv)
      .scriptName('mml-fetch-data')
      .option('exchange', { type: 'string', default: 'binance', describe: 'ccxt exchange id' })
      .option('symbol', { type: 'string', default: 'BTC/USDT', describe: 'unified symbol' })
      .option('timeframe', { type: 'string', default: '1m', describe: 'kline interval (ccxt timeframe)' })
      .option('days', {
        type: 'string',
        default: '30',
        describe: `days of history ending at --end (at most ${MAX_FETCH_DAYS}: one request per 1000 bars)`,
        coerce: (value: unknown) => parseNumberOption('days', value, { min: 0, exclusiveMin: true, max: MAX_FETCH_DAYS }),
      })
      .option('max-attempts', {
        type: 'string',
        default: '5',
        describe: 'attempts per exchange call on transient faults (1..100)',
        coerce: (value: unknown) => parseNumberOption('max-attempts', value, { min: 1, max: 100, integer: true }),
      })
      .option('backoff-ms', {
        type: 'string',
        default: '500',
        describe: 'first retry delay in ms; doubles per attempt, capped at 64x (1..3600000)',
        coerce: (value: unknown) => parseNumberOption('backoff-ms', value, { min: 1, max: 3_600_000, integer: true }),
      })
      .option('data-dir', { type: 'string', describe: 'cache root (default <repo>/data)' })
      .option('exchange-url', { type: 'string', describe: 'override the public REST base URL (default $MML_EXCHANGE_URL, else the real exchange)' })
      .option('end', { type: 'string', describe: 'end of the range: ISO time or Unix ms (default now)' })
      .strict()
      .exitProcess(false)
      .fail((message, error) => {
        throw error instanceof UsageError ? error : new UsageError(message ?? String(error));
      })
      .help()
      .parseAsync();
  } catch (error) {
    return report(error, err);
  }
  if (args.help || args.version) return 0; // yargs printed them; nothing is downloaded
  try {
    // Loaded only now: --help, --version and bad options answer without loading ccxt.
    const { fetchData } = require('../fetch-data') as typeof FetchDataModule;
    const { exchangeUrlFromEnv } = require('../exchange/exchange-url') as typeof ExchangeUrlModule;
    const now = args.end === undefined ? undefined : /^\d+$/.test(args.end) ? Number(args.end) : Date.parse(args.end);
    if (now !== undefined && !Number.isFinite(now)) throw new UsageError(`--end must be an ISO time or Unix ms, got "${args.end}"`);
    const result = await fetchData({
      exchange: args.exchange,
      symbol: args.symbol,
      timeframe: args.timeframe,
      days: args.days,
      dataDir: resolve(args['data-dir'] ?? resolve(repoRoot(), 'data')),
      url: args['exchange-url'] ?? exchangeUrlFromEnv(),
      now,
      source: { maxAttempts: args['max-attempts'], baseDelayMs: args['backoff-ms'], maxDelayMs: args['backoff-ms'] * 64 },
      log: (line) => err(redactCredentials(line)),
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
    return report(error, err);
  }
}

/** One `error: ...` line and exit 2 for what the user can fix; the stack (exit 1) for a bug. */
function report(error: unknown, err: (line: string) => void): number {
  const userError = error instanceof UsageError || error instanceof ConfigError || error instanceof DataError || error instanceof RangeError || (error as Error)?.name === 'ExchangeCallError' || error instanceof ArtifactWriteError;
  if (userError) {
    err(redactCredentials(`error: ${(error as Error).message}`.split('\n')[0]));
    return 2;
  }
  err(redactCredentials(`mml-fetch-data: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`));
  return 1;
}

if (require.main === module) {
  runFetchDataCli(hideBin(process.argv)).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      process.stderr.write(`mml-fetch-data: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
