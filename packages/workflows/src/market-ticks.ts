import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { DataError, type InstrumentSpec, type MarketEvent } from '@mml/core';
import {
  KIND_DEPTH,
  KIND_SNAPSHOT,
  KIND_TRADE,
  TickColumnsBuilder,
  columnEvent,
  groupCaptureFiles,
  loadTickColumns,
  readBinanceCapture,
  readTickReplay,
  type TickColumns,
  type TickEvent,
  type TickQualityReport,
} from '@mml/market-data';
import type { DataDescription } from '@mml/reports';
import { CLOCK_SKEW_LIMIT_MS } from './clock-skew';
import { findRepoRoot } from './cli-support';

/**
 * Tick data for the research apps: raw Binance websocket captures (`<local time> <JSON>` lines,
 * *.gz / *.dat.gz, a capture split by date given as its files or their directory) or the flattened
 * tick CSVs (`*_trades.csv.gz`, `*_bookticker.csv.gz`, `*_depth.csv.gz` of one capture). The kind
 * is detected from each file's first line. Captures go through market-data's columnar cache
 * (`data/cache/ticks`): a second run on the same files skips parsing.
 */
export { detectDataKind, detectDataKinds, type DataKind } from './data-kinds';
import { detectDataKinds } from './data-kinds';

/** Built-in specs of the instruments in the shared captures (Binance filters and base fee tiers). */
const TICK_SPECS: Readonly<Record<string, InstrumentSpec & { market: 'spot' | 'usdm' }>> = {
  binance_spot_btcusdt: { exchange: 'binance', symbol: 'BTC/USDT', base: 'BTC', quote: 'USDT', tickSize: '0.01', lotSize: '0.00001', minNotional: '5', makerFee: '0.001', takerFee: '0.001', market: 'spot' },
  binance_spot_ethusdt: { exchange: 'binance', symbol: 'ETH/USDT', base: 'ETH', quote: 'USDT', tickSize: '0.01', lotSize: '0.0001', minNotional: '5', makerFee: '0.001', takerFee: '0.001', market: 'spot' },
  binance_spot_nexousdt: { exchange: 'binance', symbol: 'NEXO/USDT', base: 'NEXO', quote: 'USDT', tickSize: '0.001', lotSize: '0.1', minNotional: '5', makerFee: '0.001', takerFee: '0.001', market: 'spot' },
  binance_usdm_btcusdt: { exchange: 'binanceusdm', symbol: 'BTC/USDT:USDT', base: 'BTC', quote: 'USDT', tickSize: '0.1', lotSize: '0.001', minNotional: '100', makerFee: '0.0002', takerFee: '0.0005', market: 'usdm' },
  binance_usdm_btcusdt_perp: { exchange: 'binanceusdm', symbol: 'BTC/USDT:USDT', base: 'BTC', quote: 'USDT', tickSize: '0.1', lotSize: '0.001', minNotional: '100', makerFee: '0.0002', takerFee: '0.0005', market: 'usdm' },
  binance_usdm_ethusdt: { exchange: 'binanceusdm', symbol: 'ETH/USDT:USDT', base: 'ETH', quote: 'USDT', tickSize: '0.01', lotSize: '0.001', minNotional: '20', makerFee: '0.0002', takerFee: '0.0005', market: 'usdm' },
};

/** The spec of a capture by its name (file name without date and extension). */
export function tickInstrumentFor(captureName: string): InstrumentSpec & { market: 'spot' | 'usdm' } {
  const name = basename(captureName).replace(/(\.dat)?\.gz$/, '').replace(/_\d{4}-\d{2}-\d{2}$/, '');
  const spec = TICK_SPECS[name];
  if (spec === undefined) {
    const why = name.includes('coinm') ? ' (COIN-M inverse contracts are not supported by the engine\'s linear ledger)' : '';
    throw new DataError({ source: name }, `no built-in instrument spec for this capture${why} (known: ${Object.keys(TICK_SPECS).join(', ')})`);
  }
  return { ...spec };
}

/**
 * The engine settings a tick run uses unless the caller overrides them: the L2 exchange simulator,
 * 10 s equity samples (the Sharpe period; minutes-long captures need more than 1-minute points),
 * perpetuals may go short, and 1 ms response latency to match the 1 ms entry default.
 */
export function tickEngineDefaults(market: 'spot' | 'usdm'): Record<string, unknown> {
  return { fillModel: 'l2', sampleIntervalMs: 10_000, allowShort: market !== 'spot', latency: { responseMs: 1 } };
}

/**
 * A realtime-paper session's capture (`<out>/realtime/<run-id>/capture.txt`) is described by the
 * session's log beside it: the instrument the session traded, not a built-in table entry.
 */
export function sessionInstrumentFor(captureFile: string): (InstrumentSpec & { market: 'spot' | 'usdm' }) | undefined {
  const log = join(dirname(captureFile), 'paper.jsonl');
  if (!existsSync(log)) return undefined;
  const firstLine = readFileSync(log, 'utf8').split('\n', 1)[0];
  let start: { type?: string; mode?: string; spec?: { instrument?: InstrumentSpec; market?: string } };
  try {
    start = JSON.parse(firstLine) as typeof start;
  } catch {
    return undefined;
  }
  if (start.type !== 'start' || start.mode !== 'stream' || start.spec?.instrument === undefined) return undefined;
  return { ...start.spec.instrument, market: start.spec.market === 'spot' ? 'spot' : 'usdm' };
}

export interface TickSourceOptions {
  /** Capture files or directories, or the flattened tick CSVs of one capture. */
  paths: readonly string[];
  /** Use the last `windowMs` of the data (undefined = all). */
  windowMs?: number;
  quality?: 'fail' | 'drop' | 'mark';
  /** Columnar cache directory (default `defaultTickCacheDir()`: <repo>/data/cache/ticks); null = no cache. */
  cacheDir?: string | null;
}

export interface LoadedTicks {
  columns: TickColumns;
  /** Rows [from, to) of `columns` form the requested window (the replay rebuilds the book before `from`). */
  from: number;
  to: number;
  instrument: InstrumentSpec;
  market: 'spot' | 'usdm';
  data: DataDescription;
  quality: TickQualityReport | undefined;
  cache: string;
  /** 'local': decisions at the recorded receive time; 'exchange': the receive clock was too far off (see alignClocks). */
  clock: 'local' | 'exchange';
}

/** Loads one capture (or one set of flattened tick CSVs) into exchange-time-ordered columns. */
export async function loadWorkflowTicks(options: TickSourceOptions): Promise<LoadedTicks> {
  const kind = await detectDataKinds(options.paths);
  if (kind === 'candles') throw new DataError({ source: options.paths[0] }, 'is candle data, not tick data');
  const policy = options.quality ?? 'fail';
  let columns: TickColumns;
  let quality: TickQualityReport | undefined;
  let cache = 'off';
  let name: string;
  let files: string[];
  if (kind === 'capture') {
    const groups = groupCaptureFiles([...options.paths]);
    if (groups.length !== 1) {
      throw new DataError({ source: options.paths.join(',') }, `holds ${groups.length} captures (${groups.map((g) => g.name).join(', ')}); pass the files of one capture (one market and symbol)`);
    }
    name = groups[0].name;
    files = groups[0].files;
    const cacheDir = options.cacheDir === null ? undefined : (options.cacheDir ?? defaultTickCacheDir());
    const loaded = await loadTickColumns(files, (f) => readBinanceCapture(f, { policy }), { cacheDir, readerId: 'binance-capture', options: { policy } });
    columns = loaded.columns;
    quality = loaded.quality;
    cache = loaded.cache;
  } else {
    files = [...options.paths];
    const parts: { trades?: string; bookTicker?: string; depth?: string } = {};
    const stems = new Set<string>();
    for (const f of files) {
      const m = /^(.*)_(trades|bookticker|depth)\.csv(\.gz)?$/.exec(basename(f));
      if (!m) throw new DataError({ source: f }, 'a flattened tick CSV must be named <capture>_trades|_bookticker|_depth.csv[.gz]');
      stems.add(m[1]);
      if (m[2] === 'trades') parts.trades = f;
      else if (m[2] === 'bookticker') parts.bookTicker = f;
      else parts.depth = f;
    }
    if (stems.size !== 1) throw new DataError({ source: files.join(',') }, `flattened tick CSVs of ${stems.size} captures; pass the files of one`);
    name = [...stems][0].replace(/_\d{4}-\d{2}-\d{2}$/, '');
    const builder = new TickColumnsBuilder(1 << 14);
    const events: MarketEvent[] = [];
    for await (const e of readTickReplay(parts, { include: ['trade', 'bbo', 'depth'] })) events.push(e);
    for (const e of events) builder.append(e as TickEvent);
    columns = builder.finish();
  }
  const instrument = sessionInstrumentFor(files[0]) ?? tickInstrumentFor(name);
  const { market, ...spec } = instrument;
  columns = inExchangeTimeOrder(columns);
  if (columns.length === 0) throw new DataError({ source: files.join(',') }, 'no tick events');
  const clock = alignClocks(columns);
  let from = 0;
  const to = columns.length;
  if (options.windowMs !== undefined) {
    if (!(options.windowMs > 0)) throw new RangeError(`the window must be > 0 ms, got ${options.windowMs}`);
    const start = columns.ts[to - 1] - options.windowMs;
    while (from < to && columns.ts[from] < start) from++;
  }
  const data: DataDescription = {
    source: files.join(','),
    symbol: spec.symbol,
    timeframe: 'tick',
    startTs: columns.ts[from],
    endTs: columns.ts[to - 1],
    events: to - from,
    checksum: columnsChecksum(columns, from, to),
  };
  return { columns, from, to, instrument: spec, market, data, quality, cache, clock };
}

/**
 * The rule of realtime-paper's stream sessions (CLOCK_SKEW_LIMIT_MS): when the first trade or depth
 * diff was received more than 60 s from its exchange time, the recorder's clock and the exchange's
 * do not belong to one live feed (a capture recorded from the mock exchange replaying an old
 * capture, or a badly set clock), so the receive times are dropped (NaN: the engine then decides at
 * exchange time + feedLatencyMs) instead of making every decision minutes late.
 */
export function alignClocks(c: TickColumns): 'local' | 'exchange' {
  for (let i = 0; i < c.length; i++) {
    if (c.kind[i] !== KIND_DEPTH && c.kind[i] !== KIND_TRADE) continue;
    if (!(Math.abs(c.localTs[i] - c.ts[i]) > CLOCK_SKEW_LIMIT_MS)) return 'local';
    c.localTs.fill(NaN);
    return 'exchange';
  }
  return 'local';
}

/**
 * Orders the events by exchange time (the engine's clock), stably, with one correction: a depth
 * snapshot is placed just before the first diff that continues it (u >= its lastUpdateId) and
 * takes that diff's time. The REST snapshot is the book at that update, so this is when the
 * exchange's book was in that state; diffs received before it that it already contains (u <
 * lastUpdateId) stay before it and are ignored by the simulator, as Binance's procedure says.
 */
export function inExchangeTimeOrder(c: TickColumns): TickColumns {
  const n = c.length;
  const key = new Float64Array(n);
  for (let i = 0; i < n; i++) key[i] = c.ts[i];
  for (let i = 0; i < n; i++) {
    if (c.kind[i] !== KIND_SNAPSHOT) continue;
    for (let j = 0; j < n; j++) {
      if (c.kind[j] === KIND_DEPTH && c.id2[j] >= c.id[i]) {
        key[i] = c.ts[j];
        break;
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i);
  // Snapshots first among equal keys, then original order.
  order.sort((a, b) => key[a] - key[b] || (c.kind[b] === KIND_SNAPSHOT ? 1 : 0) - (c.kind[a] === KIND_SNAPSHOT ? 1 : 0) || a - b);
  let sorted = true;
  for (let i = 0; i < n; i++) if (order[i] !== i || key[i] !== c.ts[i]) { sorted = false; break; }
  if (sorted) return c;
  const builder = new TickColumnsBuilder(Math.max(16, n));
  for (const i of order) {
    const e = columnEvent(c, i);
    if (e.kind === 'book') e.ts = key[i];
    builder.append(e);
  }
  return builder.finish();
}

function columnsChecksum(c: TickColumns, from: number, to: number): string {
  const hash = createHash('sha256');
  const parts = [c.ts, c.v0, c.v1, c.v2, c.v3, c.id, c.id2];
  for (const p of parts) hash.update(Buffer.from(p.buffer, p.byteOffset + from * 8, (to - from) * 8));
  hash.update(Buffer.from(c.kind.buffer, c.kind.byteOffset + from, to - from));
  const l0 = c.levelStart[from];
  const l1 = c.levelStart[to];
  hash.update(Buffer.from(c.levelPrice.buffer, c.levelPrice.byteOffset + l0 * 8, (l1 - l0) * 8));
  hash.update(Buffer.from(c.levelQty.buffer, c.levelQty.byteOffset + l0 * 8, (l1 - l0) * 8));
  return 'sha256:' + hash.digest('hex');
}

/**
 * Where parsed captures are cached: `data/cache/ticks` of this repository, or, for a project that
 * installed the packed packages (no nx.json above them), of the working directory.
 */
export function defaultTickCacheDir(from: string = __dirname, cwd: string = process.cwd()): string {
  return resolve(findRepoRoot(from) ?? cwd, 'data', 'cache', 'ticks');
}
