import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, utimesSync } from 'node:fs';
import { extname, join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { crc32 } from 'node:zlib';
import type { CandleEvent } from '@mml/core';
import { writeFileAtomic } from '@mml/core/io';
import type { DataQualityReport } from '../quality/candle-quality';
import { loadCandlesWithClockUse, type LoadCandlesOptions } from './candle-file';
import { CANDLE_ROW_WIDTH, candlesToRows, rowsToCandles } from './candle-rows';

/**
 * A cache of loaded kline files, so a second load of the same file with the same options skips
 * parsing and checking it (~0.25 s for 66k rows, the longest step of a research run's start).
 *
 * Key: SHA-256 over the cache layout version, the code that parses and checks klines (the
 * content of these modules, so a change to any of them misses instead of replaying its old
 * result), the load options (window, policy, checks; not the clock), the path as given (the
 * quality report names it) and the file's size and SHA-256 of its content (a file edited in place
 * misses even when its size and mtime survive). File:
 * `<cacheDir>/<key>.candles`: magic "MMLCANDL", the entry (v8-serialised: key, bar count, the bars
 * as rows of f64, the quality report), then a u32 CRC-32 of everything before it. An entry that
 * fails its checks (magic, CRC, key, lengths) is ignored and rewritten, never trusted.
 *
 * Only loads that cannot depend on the clock are cached (loadCandlesWithClockUse): a file with a
 * time more than a day ahead, or no plausible time at all, is parsed every time. Failed loads are
 * never cached, so bad input is always reported by the parser itself. Plain files only (not a
 * cache directory of day chunks). A directory keeps the CANDLE_CACHE_ENTRIES most recently used
 * entries.
 */
export const CANDLE_CACHE_VERSION = 1;
/**
 * Entries a cache directory keeps: writing one more removes the least recently used (a hit marks
 * its entry used). Tests and one-off files would otherwise add entries without end.
 */
export const CANDLE_CACHE_ENTRIES = 32;
const MAGIC = Buffer.from('MMLCANDL', 'latin1');
const WIDTH = CANDLE_ROW_WIDTH;
/** The modules whose code decides what a kline file loads as (next to this file, .js built or .ts under jest). */
const CODE_MODULES = ['candle-file', 'candle-format', 'text-lines', 'bar-length', 'epoch-time', 'strict-number', 'candle-cache', 'candle-rows', '../quality/candle-quality', '../quality/price-spike'];

export interface CachedCandleLoad {
  candles: CandleEvent[];
  quality: DataQualityReport;
  /** 'hit', 'miss' (loaded; entry written), 'off' (no cache dir), 'not cached (why)', or 'rejected (why); rewritten'. */
  cache: string;
}

/** A load as rows (candle-rows.ts' layout): what a cache hit holds, without building an object per bar. */
export interface CachedCandleRows {
  count: number;
  rows: Float64Array;
  quality: DataQualityReport;
  cache: string;
}

interface CacheEntry {
  key: string;
  count: number;
  rows: Float64Array;
  quality: DataQualityReport;
}

/**
 * loadCandles through the cache in `cacheDir` (no cache when undefined): the same bars and report
 * (and the same errors: a load that fails is never cached, so it fails again the same way).
 */
export async function loadCandlesCached(path: string, options: LoadCandlesOptions, cacheDir: string | undefined): Promise<CachedCandleLoad> {
  const loaded = await loadCandleRowsCached(path, options, cacheDir);
  return { candles: rowsToCandles(loaded.rows, 0, loaded.count), quality: loaded.quality, cache: loaded.cache };
}

/** loadCandlesCached with the bars as rows (candle-rows.ts), as the cache holds them. */
export async function loadCandleRowsCached(path: string, options: LoadCandlesOptions, cacheDir: string | undefined): Promise<CachedCandleRows> {
  const parse = async (cache: string): Promise<CachedCandleRows> => {
    const { candles, quality } = await loadCandlesWithClockUse(path, options);
    return { count: candles.length, rows: candlesToRows(candles), quality, cache };
  };
  if (cacheDir === undefined) return parse('off');
  let raw: Buffer;
  try {
    if (!statSync(path).isFile()) return parse('not cached (a directory)');
    raw = readFileSync(path);
  } catch {
    // Unreadable: the loader reports it as it always does.
    return parse('off');
  }
  const key = candleCacheKey(path, raw, options);
  const file = join(cacheDir, `${key}.candles`);
  let status = 'miss';
  if (existsSync(file)) {
    const entry = readEntry(file, key);
    if (typeof entry !== 'string') {
      markUsed(file);
      return { count: entry.count, rows: entry.rows, quality: entry.quality, cache: 'hit' };
    }
    status = `rejected (${entry}); rewritten`;
  }
  const loaded = await loadCandlesWithClockUse(path, options);
  const rows = candlesToRows(loaded.candles);
  if (loaded.dependsOnClock) return { count: loaded.candles.length, rows, quality: loaded.quality, cache: 'not cached (a time that is not plausible at this clock)' };
  try {
    writeEntry(file, { key, count: loaded.candles.length, rows, quality: loaded.quality });
    pruneEntries(cacheDir, CANDLE_CACHE_ENTRIES);
  } catch {
    // A cache that cannot be written (read-only data dir) only costs the next run a parse.
    status = 'not written';
  }
  return { count: loaded.candles.length, rows, quality: loaded.quality, cache: status };
}

/** The cache key of the file `path` holding `content`, loaded with `options` (see the module comment). */
export function candleCacheKey(path: string, content: Buffer, options: LoadCandlesOptions): string {
  const { policy, durationMs, fromOpenTime, toOpenTime, maxGapMinutes, spike, lastDays } = options;
  const hash = createHash('sha256');
  hash.update(`MMLCANDL:${CANDLE_CACHE_VERSION}:${codeHash()}:`);
  hash.update(JSON.stringify([policy ?? 'fail', durationMs ?? null, fromOpenTime ?? null, toOpenTime ?? null, maxGapMinutes ?? null, spike ?? null, lastDays ?? null]));
  // The path as given too: the quality report names it.
  hash.update(`|${JSON.stringify(path)}|${content.length}:`);
  hash.update(createHash('sha256').update(content).digest('hex'));
  return hash.digest('hex');
}

let code: string | undefined;
function codeHash(): string {
  if (code === undefined) {
    const hash = createHash('sha256');
    for (const module of CODE_MODULES) hash.update(readFileSync(join(__dirname, `${module}${extname(__filename)}`)));
    code = hash.digest('hex');
  }
  return code;
}

function markUsed(file: string): void {
  try {
    const now = new Date();
    utimesSync(file, now, now);
  } catch {
    // Only the pruning order suffers.
  }
}

/** Removes the least recently used entries of `dir` beyond `keep` (by modification time). */
export function pruneEntries(dir: string, keep: number): void {
  const entries = readdirSync(dir)
    .filter((name) => name.endsWith('.candles'))
    .map((name) => ({ path: join(dir, name), used: statSync(join(dir, name)).mtimeMs }))
    .sort((a, b) => b.used - a.used);
  for (const old of entries.slice(keep)) rmSync(old.path, { force: true });
}

function writeEntry(file: string, entry: CacheEntry): void {
  const body = Buffer.concat([MAGIC, serialize(entry)]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32LE(crc32(body) >>> 0);
  writeFileAtomic(file, Buffer.concat([body, crc]));
}

/** The entry of `file`, or why it is not trusted. */
function readEntry(file: string, key: string): CacheEntry | string {
  let data: Buffer;
  try {
    data = readFileSync(file);
  } catch {
    return 'unreadable';
  }
  if (data.length < MAGIC.length + 4 || !data.subarray(0, MAGIC.length).equals(MAGIC)) return 'bad magic';
  const body = data.subarray(0, data.length - 4);
  if ((crc32(body) >>> 0) !== data.readUInt32LE(data.length - 4)) return 'bad CRC';
  let entry: CacheEntry;
  try {
    entry = deserialize(body.subarray(MAGIC.length)) as CacheEntry;
  } catch {
    return 'undecodable';
  }
  if (entry === null || typeof entry !== 'object' || entry.key !== key) return 'other key';
  if (Object.prototype.toString.call(entry.rows) !== '[object Float64Array]' || !Number.isInteger(entry.count) || entry.rows.length !== entry.count * WIDTH) return 'bad lengths';
  return entry;
}
