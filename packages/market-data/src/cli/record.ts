#!/usr/bin/env node
// mml-record: record an exchange's public streams (book diffs + the REST snapshot that syncs them,
// trades, best bid/offer) of one symbol into a capture file, without trading.
//   node packages/market-data/dist/cli/record.js --exchange binanceusdm --symbol BTC/USDT:USDT --minutes 5
//        [--out-dir artifacts/realtime] [--run-id ID] [--gzip] [--exchange-url http://..] [--exchange-ws-url ws://..]
import { join, resolve } from 'node:path';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { repoRoot } from '../paths';
import { parseStrictArgs } from './strict-args';
import { exchangeWsUrlFromEnv, STREAM_EXCHANGES } from '../streams/ccxt-pro-exchange';

/** Longest recording one command may run (a day): longer sessions are several runs. */
export const MAX_RECORD_MINUTES = 1440;

/**
 * Runs the CLI; returns the exit code: 0 recorded (duration reached or stopped by a signal), 1 a
 * stream gave up after its retries, 2 bad options or an exchange that cannot be reached at all.
 * stdout: JSON lines (`record-start`, every fault, `recorded` with the counts).
 */
export async function runRecordCli(
  argv: string[],
  out: (line: string) => void = (l) => process.stdout.write(l + '\n'),
  err: (line: string) => void = (l) => process.stderr.write(l + '\n'),
  signal?: AbortSignal,
): Promise<number> {
  let args;
  try {
    args = await parseStrictArgs(
      yargs(argv)
        .scriptName('mml-record')
        .usage('$0 --exchange binanceusdm --symbol BTC/USDT:USDT --minutes 5\n\nRecords every message of the public websocket streams (depth diffs, trades, bookTicker) and the REST depth snapshots that sync the book into <out-dir>/<run-id>/capture.txt (or capture.gz), in the `<local receive time ns> <JSON>` line format of ../shared/data/ticks. Nothing is traded.')
        .option('exchange', { choices: STREAM_EXCHANGES, default: 'binance' as const, describe: 'binance (spot), binanceusdm (USD-M), binancecoinm (COIN-M)' })
        .option('symbol', { type: 'string', default: 'BTC/USDT', describe: 'ccxt symbol: BTC/USDT, BTC/USDT:USDT (USD-M), BTC/USD:BTC (COIN-M)' })
        .option('minutes', { type: 'number', default: 1, describe: `how long to record (> 0, <= ${MAX_RECORD_MINUTES})` })
        .option('out-dir', { type: 'string', describe: 'runs directory (default <repo>/artifacts/realtime)' })
        .option('run-id', { type: 'string', describe: 'run directory name (default record-<UTC time>); an existing capture is appended to' })
        .option('gzip', { type: 'boolean', default: false, describe: 'write capture.gz (one gzip member per second: a SIGKILL loses up to the last second) instead of plain capture.txt (every line on disk as it arrives)' })
        .option('exchange-url', { type: 'string', describe: 'REST base URL override (default $MML_EXCHANGE_URL, else the real exchange)' })
        .option('exchange-ws-url', { type: 'string', describe: 'websocket base URL override (default $MML_EXCHANGE_WS_URL, else the real exchange)' }),
    );
  } catch (error) {
    err(`error: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  if (args.help) return 0;
  if (!(args.minutes > 0 && args.minutes <= MAX_RECORD_MINUTES)) {
    err(`error: --minutes must be > 0 and <= ${MAX_RECORD_MINUTES}, got ${args.minutes}`);
    return 2;
  }
  const runId = args['run-id'] ?? `record-${new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}`;
  if (!/^[\w.-]+$/.test(runId) || runId.startsWith('.')) {
    err(`error: --run-id must be letters, digits, '.', '_' or '-' (not starting with '.'), got "${runId}"`);
    return 2;
  }
  const capturePath = join(resolve(args['out-dir'] ?? join(repoRoot(), 'artifacts', 'realtime')), runId, args.gzip ? 'capture.gz' : 'capture.txt');
  const url = args['exchange-url'] ?? (process.env['MML_EXCHANGE_URL']?.trim() || undefined);
  const wsUrl = args['exchange-ws-url'] ?? exchangeWsUrlFromEnv();
  if (url !== undefined && !/^https?:\/\/[^/]/.test(url)) {
    err(`error: --exchange-url must be an http(s) URL, got "${url}"`);
    return 2;
  }
  if (wsUrl !== undefined && !/^wss?:\/\/[^/]/.test(wsUrl)) {
    err(`error: --exchange-ws-url must be a ws:// or wss:// URL, got "${wsUrl}"`);
    return 2;
  }
  // Loaded after the options are checked: ccxt takes ~0.3 s and ~100 MB.
  const { recordSession } = require('../streams/record-session') as typeof import('../streams/record-session');
  const { faultLogLine } = require('../streams/live-market-streams') as typeof import('../streams/live-market-streams');
  out(JSON.stringify({ ts: new Date().toISOString(), event: 'record-start', exchange: args.exchange, symbol: args.symbol, minutes: args.minutes, capture: capturePath }));
  try {
    const result = await recordSession({
      exchange: args.exchange,
      symbol: args.symbol,
      url,
      wsUrl,
      capturePath,
      durationMs: args.minutes * 60_000,
      gzip: args.gzip,
      signal,
      onFault: (fault) => out(faultLogLine(fault)),
    });
    out(JSON.stringify({ ts: new Date().toISOString(), event: 'recorded', ...result }));
    if (result.stopped === 'error') {
      err(`error: ${result.error}`);
      return 1;
    }
    return 0;
  } catch (error) {
    err(`error: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
}

if (require.main === module) {
  const stop = new AbortController();
  process.once('SIGINT', () => stop.abort());
  process.once('SIGTERM', () => stop.abort());
  runRecordCli(hideBin(process.argv), undefined, undefined, stop.signal).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
