import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stableStringify } from '@mml/core';
import { writeFileAtomic } from '@mml/core/io';
import type * as ccxt from 'ccxt';
import { createCcxtExchange } from '../exchange/ccxt-exchange';
import { ExchangeSource } from '../exchange/exchange-source';
import type { ExchangeSourceOptions } from '../exchange/exchange-source-options';
import { candleCacheDir } from '../fetch-data';
import { readBinanceDump } from './binance-dump';
import type { TickQualityReport } from './tick-quality';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const PAGE = 1000;

/** Header lines of the cache files: Binance's own dump headers, so `readBinanceDump` reads them. */
export const AGG_TRADES_HEADER = 'agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker';
export const TRADES_HEADER = 'id,price,qty,quote_qty,time,is_buyer_maker';

export interface FetchTradesOptions {
  exchange: string;
  symbol: string;
  /** Trades with time in [from, to) (ms). */
  from: number;
  to: number;
  /** 'aggTrades' (default; Binance serves them for any time) or 'trades' (individual trades: only the latest 1000 are public). */
  kind?: 'aggTrades' | 'trades';
  /** Cache root: files go to `<dataDir>/real/<exchange>/<BTC-USDT>/<kind>/YYYY-MM-DD.csv`. */
  dataDir: string;
  url?: string;
  source?: ExchangeSourceOptions & { timeoutMs?: number };
  log?: (message: string) => void;
}

export interface TradesChunk {
  file: string;
  from: number;
  to: number;
  rows: number;
}

export interface TradesManifest {
  exchange: string;
  symbol: string;
  kind: 'aggTrades' | 'trades';
  source: string;
  chunks: TradesChunk[];
}

export interface FetchTradesResult {
  dir: string;
  /** The day files covering [from, to), in order (read them with `readBinanceDump`). */
  files: string[];
  rows: number;
  requests: number;
  chunksFetched: number;
  chunksCached: number;
  /** Quality of the cached range as read back (policy 'mark'): id gaps, duplicates, time order. */
  quality: TickQualityReport;
}

/**
 * Downloads public trades through ccxt `fetchTrades` into a day-chunked cache in Binance's dump
 * format (values verbatim from the exchange's records), with a manifest. Pagination: the first
 * page by time (Binance answers `startTime` with at most one hour, so empty hours are stepped
 * over), then by id (`fromId` = last id + 1) until a trade at or after the chunk's end or an empty
 * page. Ids are deduplicated. Each UTC-day chunk is written atomically once complete; a chunk whose
 * recorded range covers the request is reused without any call (a re-run makes no request).
 * Retries and backoff are ExchangeSource's (logged through `log`).
 */
export async function fetchTradesData(options: FetchTradesOptions): Promise<FetchTradesResult> {
  const { from, to } = options;
  if (!(Number.isFinite(from) && Number.isFinite(to) && to > from)) throw new RangeError(`need from < to, got [${from}, ${to})`);
  const kind = options.kind ?? 'aggTrades';
  const log = options.log ?? (() => undefined);
  const dir = join(candleCacheDir(options.dataDir, options.exchange, options.symbol, kind));
  mkdirSync(dir, { recursive: true });
  const manifestPath = join(dir, 'manifest.json');
  const previous = readManifest(manifestPath);
  const known = new Map((previous?.chunks ?? []).map((c) => [c.file, c]));
  let source: ExchangeSource | undefined;
  const files: string[] = [];
  let chunksFetched = 0;
  let chunksCached = 0;
  let rows = 0;
  for (let day = Math.floor(from / DAY_MS) * DAY_MS; day < to; day += DAY_MS) {
    const need = { from: Math.max(from, day), to: Math.min(to, day + DAY_MS) };
    const file = `${new Date(day).toISOString().slice(0, 10)}.csv`;
    files.push(join(dir, file));
    const cached = known.get(file);
    if (cached && cached.from <= need.from && cached.to >= need.to && existsSync(join(dir, file))) {
      chunksCached++;
      rows += cached.rows;
      continue;
    }
    source ??= new ExchangeSource(createCcxtExchange(options.exchange, { url: options.url, timeoutMs: options.source?.timeoutMs }), {
      ...options.source,
      onRetry: (info) => {
        log(`retry ${info.attempt}/${info.maxAttempts - 1} of ${info.exchange} ${info.call} ${info.symbol} in ${info.delayMs} ms: ${info.error.name}: ${info.error.message.slice(0, 200)}`);
        options.source?.onRetry?.(info);
      },
    });
    const lines = kind === 'aggTrades' ? await aggTradeRows(source, options.symbol, need.from, need.to) : await tradeRows(source, options.symbol, need.from, need.to);
    writeFileAtomic(join(dir, file), [kind === 'aggTrades' ? AGG_TRADES_HEADER : TRADES_HEADER, ...lines].join('\n') + '\n');
    known.set(file, { file, from: need.from, to: need.to, rows: lines.length });
    rows += lines.length;
    chunksFetched++;
    log(`fetched ${kind} ${file}: ${lines.length} rows`);
    writeManifest(manifestPath, {
      exchange: options.exchange,
      symbol: options.symbol,
      kind,
      source: options.url ? `ccxt ${options.exchange} via ${options.url}` : `ccxt ${options.exchange} (public REST)`,
      chunks: [...known.values()].sort((a, b) => a.from - b.from),
    });
  }
  const stream = readBinanceDump(files, { policy: 'mark' });
  for await (const _ of stream) void _;
  return { dir, files, rows, requests: source?.requests ?? 0, chunksFetched, chunksCached, quality: stream.quality };
}

/** Paginates aggTrades over [from, to): first page by time (stepping over empty hours), then by id. */
async function aggTradeRows(source: ExchangeSource, symbol: string, from: number, to: number): Promise<string[]> {
  const out: string[] = [];
  let lastId = -Infinity;
  let page = await firstPageByTime(source, symbol, from, to, {});
  while (page.length > 0) {
    for (const t of page) {
      const r = t.info as { a: number; p: string; q: string; f: number; l: number; T: number; m: boolean };
      if (r.T >= to) return out;
      if (r.T < from || r.a <= lastId) continue;
      out.push(`${r.a},${r.p},${r.q},${r.f},${r.l},${r.T},${r.m}`);
      lastId = r.a;
    }
    page = await source.fetchTradesPage(symbol, undefined, PAGE, { fromId: lastId + 1 });
  }
  return out;
}

/**
 * Recent individual trades over [from, to): Binance serves only the latest 1000 trades publicly
 * (`/api/v3/trades`; `historicalTrades` needs an API key, which this product never uses), so the
 * range must lie inside that page; otherwise this fails rather than return a silently short range.
 */
async function tradeRows(source: ExchangeSource, symbol: string, from: number, to: number): Promise<string[]> {
  const page = await source.fetchTradesPage(symbol, undefined, PAGE, { fetchTradesMethod: 'publicGetTrades' });
  const records = page.map((t) => t.info as { id: number; price: string; qty: string; quoteQty: string; time: number; isBuyerMaker: boolean });
  if (records.length === 0 || records[0].time > from) {
    const oldest = records.length ? new Date(records[0].time).toISOString() : 'none';
    throw new RangeError(`trades: the exchange serves only its latest ${PAGE} trades publicly (oldest ${oldest}), which do not reach back to ${new Date(from).toISOString()}; use kind aggTrades for older ranges`);
  }
  const out: string[] = [];
  let lastId = -Infinity;
  for (const r of records) {
    if (r.time < from || r.time >= to || r.id <= lastId) continue;
    out.push(`${r.id},${r.price},${r.qty},${r.quoteQty},${r.time},${r.isBuyerMaker}`);
    lastId = r.id;
  }
  return out;
}

/** The first non-empty aggTrades page at or after `from` (Binance's time window is one hour). */
async function firstPageByTime(source: ExchangeSource, symbol: string, from: number, to: number, params: Record<string, unknown>): Promise<ccxt.Trade[]> {
  for (let since = from; since < to; since += HOUR_MS) {
    const page = await source.fetchTradesPage(symbol, since, PAGE, params);
    if (page.length > 0) return page;
  }
  return [];
}

function readManifest(path: string): TradesManifest | undefined {
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as TradesManifest;
  } catch {
    return undefined; // a damaged manifest only costs a re-download
  }
}

function writeManifest(path: string, manifest: TradesManifest): void {
  writeFileAtomic(path, stableStringify(manifest, 2) + '\n');
}
