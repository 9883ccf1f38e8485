import { describeRange, parseNumberOption, UsageError, type NumberRange } from '@mml/core';
import { DATA_HELP } from './cli-support';
import { parseQueueUrl } from './queue/queue-url';

/**
 * The yargs options the apps share, defined once. Every numeric option is validated while the
 * command line is parsed (its `coerce`), so `--max-attempts 0`, `--backoff-ms abc` or `--days 1e6`
 * stop before anything runs, with one line naming the option and its allowed range. Numeric options
 * are read as text (`type: 'string'`) so the message quotes exactly what was typed and hex or
 * "Infinity" cannot slip through yargs' own number parsing.
 */

/** A yargs option read as text and coerced to a number within its range (message names both). */
export interface NumberOptionSpec {
  type: 'string';
  describe: string;
  coerce: (value: unknown) => number;
  /** The allowed range (also checks the same key in a run config file, run-config-schema.ts). */
  range: NumberRange;
}

/** A numeric option checked against `range` at parse time; with a default it is never undefined. */
export function numberOption(name: string, describe: string, range: NumberRange): NumberOptionSpec;
export function numberOption(name: string, describe: string, range: NumberRange, defaultValue: number): NumberOptionSpec & { default: number };
export function numberOption(name: string, describe: string, range: NumberRange, defaultValue?: number): NumberOptionSpec & { default?: number } {
  return {
    type: 'string',
    describe: `${describe} (${describeRange(range)})`,
    ...(defaultValue !== undefined ? { default: defaultValue } : {}),
    coerce: (value: unknown): number => parseNumberOption(name, value, range),
    range,
  };
}

/** Largest history or synthetic length an app accepts, in days (10 years). */
export const MAX_DAYS = 3650;
/** Largest quote budget (beyond it prices x sizes lose cent precision in a double). */
export const MAX_BUDGET = 1e12;

export const RANGES = {
  days: { min: 0, exclusiveMin: true, max: MAX_DAYS },
  budget: { min: 0, exclusiveMin: true, max: MAX_BUDGET },
  seed: { min: 0, max: 4_294_967_295, integer: true },
  workers: { min: 1, max: 64, integer: true },
} as const satisfies Record<string, NumberRange>;

/** Options every app has (same names, same meaning, same checks). */
export const commonOptions = {
  budget: numberOption('budget', 'quote budget per run', RANGES.budget, 10_000),
  seed: numberOption('seed', 'master seed', RANGES.seed, 42),
  out: { type: 'string' as const, default: 'artifacts', describe: 'artifacts root directory (created and checked before anything runs)' },
};

/** Options of the apps that read market data (research, walk-forward). */
export const marketDataOptions = {
  source: {
    choices: ['synthetic', 'file', 'exchange'] as const,
    default: 'synthetic' as const,
    describe: 'where candles come from: the BTC/USDT-calibrated synthetic market (no network), a CSV/CSV.gz file (--data), or the exchange via ccxt',
  },
  data: { type: 'string' as const, describe: DATA_HELP },
  days: numberOption('days', 'use the last N days of data', RANGES.days, 30),
  quality: { choices: ['fail', 'drop', 'mark'] as const, default: 'fail' as const, describe: 'data-quality policy for bad bars in --data files' },
};

/** The data window in hours or minutes instead of --days (tick captures span minutes); at most one. */
export const windowOptions = {
  hours: numberOption('hours', 'use the last N hours of data (instead of --days)', { min: 0, exclusiveMin: true, max: MAX_DAYS * 24 }),
  minutes: numberOption('minutes', 'use the last N minutes of data (instead of --days)', { min: 0, exclusiveMin: true, max: MAX_DAYS * 1440 }),
};

/** Options naming an exchange market (research, walk-forward, realtime-paper). */
export const exchangeOptions = {
  exchange: { type: 'string' as const, default: 'binance', describe: 'ccxt exchange id' },
  symbol: { type: 'string' as const, default: 'BTC/USDT', describe: 'unified symbol' },
  'exchange-url': { type: 'string' as const, describe: 'override the exchange REST base URL (also MML_EXCHANGE_URL)' },
};

/** realtime-paper's stream mode (the default): live websocket streams, one capture per session. */
export const streamPaperOptions = {
  mode: {
    choices: ['stream', 'poll'] as const,
    default: 'stream' as const,
    describe: 'stream: trade on the live websocket book, trades and best bid/offer through the L2 simulator, recording every message (the paper mode); poll: REST candles + book every --interval-ms',
  },
  'exchange-ws-url': { type: 'string' as const, describe: 'override the exchange websocket base URL (also MML_EXCHANGE_WS_URL), e.g. the mock exchange' },
  minutes: numberOption('minutes', 'stream: stop after N minutes of wall time (default: until SIGINT/SIGTERM)', { min: 0, exclusiveMin: true, max: 525_600 }),
  duration: numberOption('duration', 'stream: stop after N seconds of wall time (instead of --minutes)', { min: 0, exclusiveMin: true, max: 31_536_000 }),
  'status-every': numberOption('status-every', 'stream: one status line (console and log) every N seconds; 0 = none', { min: 0, max: 86_400 }, 10),
  'stale-after': numberOption('stale-after', 'stream: no message for N seconds is logged as a stale-stream fault', { min: 0.05, max: 3600 }, 10),
};

/** Options of the apps that run many backtests (research, walk-forward, campaign). */
export const batchOptions = {
  formats: { type: 'string' as const, default: 'all', describe: 'strategy formats, comma-separated, or "all"' },
  workers: numberOption('workers', 'executors: the main thread + N-1 worker threads (default: up to the number of cores; research sizes it by its estimated work)', RANGES.workers),
  'start-base-fraction': numberOption(
    'start-base-fraction',
    'share of the budget held in base at the first mid (default 0.5 on spot, so a spot market maker can quote both sides from the start; 0 = cash only). A perpetual (--symbol BTC/USDT:USDT) starts flat (0) with shorting allowed',
    { min: 0, max: 1 },
  ),
  queue: {
    type: 'string' as const,
    default: process.env['MML_QUEUE'],
    describe: 'redis://host:port: run the tasks on a BullMQ queue served by `make worker` processes on any machine (default $MML_QUEUE; unset = local threads)',
    // Checked at parse time, so a bad URL stops before any data is loaded.
    coerce: (value: unknown): string | undefined => {
      if (value === undefined || value === '') return undefined;
      parseQueueUrl(String(value), '--queue');
      return String(value);
    },
  },
};

/**
 * Options of every app that reads a run config file: `--config run.yaml|run.json` (flags given
 * explicitly override its values; see run-config.ts) and `--plugin` modules defining formats.
 */
export const runConfigOptions = {
  config: { type: 'string' as const, describe: 'run config file (.yaml, .yml or .json) with any of these options (camelCase keys) plus engine, gates, format parameters, plugins (schema: `mml-config schema <app>`); flags given explicitly override it' },
  plugin: { type: 'string' as const, array: true as const, describe: 'plugin module (.js) registering custom formats with defineFormat; repeatable; loaded in every worker thread too' },
};

/**
 * yargs' `.fail()` handler for the apps: every parse failure (unknown option, bad choice, a
 * numeric option out of range) becomes a UsageError, printed by runCli as one `error: ...` line
 * with exit code 2 instead of the usage text and exit 1.
 */
export function failAsUsageError(message: string | undefined, error: Error | undefined): never {
  if (error instanceof UsageError) throw error;
  // yargs spreads some messages over lines ("Invalid values:\n  Argument: ..."): keep one line.
  throw new UsageError((message ?? error?.message ?? 'bad command line').replace(/\s*\n\s*/g, ' ').trim());
}
