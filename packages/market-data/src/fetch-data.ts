import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ArtifactWriteError, redactCredentials, stableStringify, type CandleEvent } from '@mml/core';
import { writeFileAtomic } from '@mml/core/io';
import { CACHE_CANDLE_HEADER, formatCacheRow } from './files/candle-format';
import { readCandleFile } from './files/candle-file';
import { CandleQualityChecker, type CandleGap, type CandleHalt } from './quality/candle-quality';
import { createCcxtExchange } from './exchange/ccxt-exchange';
import { ExchangeSource } from './exchange/exchange-source';
import type { ExchangeSourceOptions } from './exchange/exchange-source-options';
import { MAX_FETCH_DAYS } from './fetch-data-limits';

export { MAX_FETCH_DAYS };

const DAY_MS = 86_400_000;


export interface FetchDataOptions {
  exchange: string;
  /** Unified symbol, e.g. "BTC/USDT". */
  symbol: string;
  timeframe: string;
  /** Days back from `now`. */
  days: number;
  /** Root of the cache; files go to `<dataDir>/real/<exchange>/<BTC-USDT>/<timeframe>/`. */
  dataDir: string;
  /** Exchange URL override (mock); default: the real exchange. */
  url?: string;
  /** End of the range in ms (default Date.now()); only bars closed by then are fetched. */
  now?: number;
  /** Retry, paging and timeout knobs for the exchange source. */
  source?: ExchangeSourceOptions & { timeoutMs?: number };
  /** Progress messages (chunk fetched / cached, retries). */
  log?: (message: string) => void;
}

export interface ChunkEntry {
  file: string;
  /** Bars with openTime in [from, to) were requested for this chunk. */
  from: number;
  to: number;
  rows: number;
}

export interface DataManifest {
  exchange: string;
  symbol: string;
  timeframe: string;
  source: string;
  fetchedAt: string;
  range: { from: number; to: number; fromIso: string; toIso: string };
  rows: number;
  gaps: CandleGap[];
  halts: CandleHalt[];
  chunks: ChunkEntry[];
}

export interface FetchDataResult {
  dir: string;
  manifest: DataManifest;
  /** HTTP requests made by this run (0 when everything was cached). */
  requests: number;
  chunksFetched: number;
  chunksCached: number;
}

/** `<dataDir>/real/<exchange>/<symbol with / as ->/<timeframe>`. */
export function candleCacheDir(dataDir: string, exchange: string, symbol: string, timeframe: string): string {
  return join(dataDir, 'real', exchange, symbol.replace(/\//g, '-').replace(/:/g, '_'), timeframe);
}

/**
 * Downloads klines into a day-chunked cache with a manifest. Each UTC-day chunk is written
 * atomically once complete, so an interrupted run resumes where it stopped; a chunk whose recorded
 * range already covers what is needed is never fetched again, so a re-run over cached data makes
 * no network call (the exchange object is not even created).
 */
export async function fetchData(options: FetchDataOptions): Promise<FetchDataResult> {
  if (!(options.days > 0 && options.days <= MAX_FETCH_DAYS)) throw new RangeError(`days must be in (0, ${MAX_FETCH_DAYS}], got ${options.days}`);
  const tfMsChecked = timeframeMs(options.timeframe); // a bad timeframe fails before anything is created
  const log = options.log ?? (() => undefined);
  const dir = candleCacheDir(options.dataDir, options.exchange, options.symbol, options.timeframe);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
    throw new ArtifactWriteError(dir, code === 'EEXIST' ? 'ENOTDIR' : code, 'cannot create the cache directory (--data-dir)');
  }
  removeStaleTempFiles(dir);
  const tfMs = tfMsChecked;
  const now = options.now ?? Date.now();
  const to = Math.floor(now / tfMs) * tfMs; // bars opening before `to` are closed at `now`
  const from = to - options.days * DAY_MS;
  const previous = readManifest(dir);
  const known = new Map((previous?.chunks ?? []).map((c) => [c.file, c]));
  let source: ExchangeSource | undefined;
  const chunks: ChunkEntry[] = [];
  let chunksFetched = 0;
  let chunksCached = 0;
  for (let day = Math.floor(from / DAY_MS) * DAY_MS; day < to; day += DAY_MS) {
    const need = { from: Math.max(from, day), to: Math.min(to, day + DAY_MS) };
    const file = `${new Date(day).toISOString().slice(0, 10)}.csv`;
    const cached = known.get(file);
    if (cached && cached.from <= need.from && cached.to >= need.to && existsSync(join(dir, file))) {
      chunks.push(cached);
      chunksCached++;
      continue;
    }
    source ??= new ExchangeSource(createCcxtExchange(options.exchange, { url: options.url, timeoutMs: options.source?.timeoutMs }), {
      ...options.source,
      now: () => now,
      onRetry: (info) => {
        log(redactCredentials(`retry ${info.attempt}/${info.maxAttempts - 1} of ${info.exchange} ${info.call} ${info.symbol} in ${info.delayMs} ms: ${info.error.name}: ${info.error.message.slice(0, 200)}`));
        options.source?.onRetry?.(info);
      },
    });
    // Fetch the whole day (clipped to the range end) so the chunk is reusable by later runs.
    const span = { from: Math.min(need.from, day), to: need.to };
    const { candles, text } = await source.fetchCandles(options.symbol, options.timeframe, span.from, span.to);
    writeFileAtomic(join(dir, file), [CACHE_CANDLE_HEADER, ...candles.map((c, i) => formatCacheRow(c, text[i]))].join('\n') + '\n');
    const entry: ChunkEntry = { file, from: span.from, to: span.to, rows: candles.length };
    known.set(file, entry);
    chunks.push(entry);
    chunksFetched++;
    log(`fetched ${file}: ${candles.length} bars`);
    // Progress manifest: lets a resumed run trust the chunks written so far.
    writeManifest(dir, { ...(previous ?? emptyManifest(options, from, to)), chunks: [...known.values()].sort((a, b) => a.from - b.from) });
  }
  const checker = new CandleQualityChecker(dir, 'cache', { policy: 'mark' });
  let row = 0;
  for await (const bar of readCachedCandles(dir, { from, to, chunks })) checker.accept(bar, ++row);
  const manifest: DataManifest = {
    ...emptyManifest(options, from, to),
    fetchedAt: chunksFetched > 0 || !previous ? new Date().toISOString() : previous.fetchedAt,
    rows: checker.report.kept,
    gaps: checker.report.gaps,
    halts: checker.report.halts,
    chunks: mergeChunks(known, chunks),
  };
  writeManifest(dir, manifest);
  return { dir, manifest, requests: source?.requests ?? 0, chunksFetched, chunksCached };
}

/**
 * Bars of a cache directory with openTime in [from, to) (default: the manifest's range), in order,
 * read chunk by chunk.
 */
export async function* readCachedCandles(dir: string, range: { from?: number; to?: number; chunks?: ChunkEntry[] } = {}): AsyncGenerator<CandleEvent> {
  if (range.from === undefined && range.to === undefined) {
    const manifest = readManifest(dir);
    if (manifest) range = { ...range, from: manifest.range.from, to: manifest.range.to };
  }
  const files = range.chunks?.map((c) => c.file) ?? readdirSync(dir).filter((f) => /^\d{4}-\d{2}-\d{2}\.csv$/.test(f)).sort();
  for (const file of files) {
    for await (const bar of readCandleFile(join(dir, file), { policy: 'mark', fromOpenTime: range.from, toOpenTime: range.to })) yield bar;
  }
}

/**
 * A run killed inside writeFileAtomic leaves its temporary file (`.<name>.<pid>.<ms>.tmp`) behind.
 * Remove those whose writer process is gone; a live concurrent writer's file is left alone.
 */
function removeStaleTempFiles(dir: string): void {
  for (const file of readdirSync(dir)) {
    const match = /^\..+\.(\d+)\.\d+\.tmp$/.exec(file);
    if (!match || processAlive(Number(match[1]))) continue;
    rmSync(join(dir, file), { force: true });
  }
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function mergeChunks(known: Map<string, ChunkEntry>, used: ChunkEntry[]): ChunkEntry[] {
  for (const c of used) known.set(c.file, c);
  return [...known.values()].sort((a, b) => a.from - b.from);
}

function emptyManifest(options: FetchDataOptions, from: number, to: number): DataManifest {
  return {
    exchange: options.exchange,
    symbol: options.symbol,
    timeframe: options.timeframe,
    source: options.url ? `ccxt ${options.exchange} via ${redactCredentials(options.url)}` : `ccxt ${options.exchange} (public REST)`,
    fetchedAt: new Date().toISOString(),
    range: { from, to, fromIso: new Date(from).toISOString(), toIso: new Date(to).toISOString() },
    rows: 0,
    gaps: [],
    halts: [],
    chunks: [],
  };
}

function readManifest(dir: string): DataManifest | undefined {
  const path = join(dir, 'manifest.json');
  if (!existsSync(path)) return undefined;
  try {
    const manifest = JSON.parse(readFileSync(path, 'utf8')) as DataManifest;
    return { ...manifest, source: redactCredentials(String(manifest.source)) }; // older manifests may hold a password
  } catch {
    return undefined; // a damaged manifest only costs a re-download
  }
}

function writeManifest(dir: string, manifest: DataManifest): void {
  writeFileAtomic(join(dir, 'manifest.json'), stableStringify(manifest, 2) + '\n');
}

/** ccxt-style timeframe ("1m", "1h", "1d") in ms. */
export function timeframeMs(timeframe: string): number {
  const match = /^(\d+)([smhdw])$/.exec(timeframe);
  if (!match) throw new RangeError(`unsupported timeframe "${timeframe}"`);
  return Number(match[1]) * { s: 1_000, m: 60_000, h: 3_600_000, d: DAY_MS, w: 7 * DAY_MS }[match[2] as 's'];
}
