import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { writeFileAtomic } from '@mml/core/io';
import { EVENT_F64_COLUMNS, TickColumnsBuilder, type TickColumns } from './tick-columns';
import type { TickStream } from './tick-event';
import type { TickQualityReport } from './tick-quality';

/**
 * A binary columnar cache of parsed tick streams, so a second read of the same files skips parsing.
 *
 * Key: SHA-256 over the cache format version, the reader's id and options, and each source file's
 * size and SHA-256 of its content (so a renamed copy hits, and a file edited in place misses even
 * when its size and mtime survive). File: `<cacheDir>/<key>.ticks`.
 *
 * Layout (little-endian): magic "MMLTICKS", u32 version, u32 metadata length, metadata JSON (key,
 * event and level counts, the sources, the reader's quality report), zero padding to 8 bytes, the
 * columns (kind u8, ten f64 event columns, levelStart and bidCount u32, level price and qty f64),
 * each padded to 8 bytes, then a u32 CRC-32 of everything before it.
 * Before use a cache file is validated: magic, version, key, lengths, CRC. A file that fails is
 * ignored (and rewritten); it is never trusted. Files are written atomically (temp file + rename).
 * The file is read whole: fine for captures of a few GB, not for larger-than-memory days.
 */
export const TICK_CACHE_VERSION = 1;
const MAGIC = 'MMLTICKS';

export interface TickCacheMeta {
  key: string;
  length: number;
  levelCount: number;
  sources: string[];
  quality: TickQualityReport;
}

export interface LoadedTicks {
  columns: TickColumns;
  quality: TickQualityReport;
  /** 'hit' (read from the cache), 'miss' (parsed; cache written), 'off' (no cache dir), or why a cache file was rejected. */
  cache: string;
  cachePath?: string;
}

/** The cache key of a set of source files read by one reader with given options. */
export async function tickCacheKey(files: string[], readerId: string, options: unknown): Promise<string> {
  const hash = createHash('sha256');
  hash.update(`${MAGIC}:${TICK_CACHE_VERSION}:${readerId}:${JSON.stringify(options ?? {})}`);
  for (const file of files) {
    hash.update(`|${statSync(file).size}:${await fileSha256(file)}`);
  }
  return hash.digest('hex');
}

async function fileSha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Reads `files` into columns, from the cache when a valid entry exists, else by parsing with
 * `open` and writing the cache. Without `cacheDir` it only parses.
 */
export async function loadTickColumns(
  files: string[],
  open: (files: string[]) => TickStream,
  cache: { cacheDir?: string; readerId: string; options?: unknown },
): Promise<LoadedTicks> {
  let key: string | undefined;
  let path: string | undefined;
  let status = 'off';
  if (cache.cacheDir) {
    key = await tickCacheKey(files, cache.readerId, cache.options);
    path = join(cache.cacheDir, `${key}.ticks`);
    if (existsSync(path)) {
      const read = readTickCache(path, key);
      if (typeof read !== 'string') return { columns: read.columns, quality: read.meta.quality, cache: 'hit', cachePath: path };
      status = `rejected (${read})`;
    } else {
      status = 'miss';
    }
  }
  const stream = open(files);
  const builder = new TickColumnsBuilder(1 << 14);
  for await (const event of stream) builder.append(event);
  const columns = builder.finish();
  if (path && key) writeTickCache(path, { key, length: columns.length, levelCount: columns.levelCount, sources: files, quality: stream.quality }, columns);
  return { columns, quality: stream.quality, cache: status, cachePath: path };
}

function pad8(n: number): number {
  return (n + 7) & ~7;
}

function columnBytes(c: TickColumns): Uint8Array[] {
  const parts: Uint8Array[] = [c.kind];
  for (const name of EVENT_F64_COLUMNS) parts.push(bytesOf(c[name]));
  parts.push(bytesOf(c.levelStart), bytesOf(c.bidCount), bytesOf(c.levelPrice), bytesOf(c.levelQty));
  return parts;
}

function bytesOf(a: Float64Array | Uint32Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

export function writeTickCache(path: string, meta: TickCacheMeta, columns: TickColumns): void {
  const metaBytes = Buffer.from(JSON.stringify(meta), 'utf8');
  const parts = columnBytes(columns);
  let size = pad8(16 + metaBytes.length);
  for (const p of parts) size += pad8(p.byteLength);
  const out = Buffer.alloc(size + 4);
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(TICK_CACHE_VERSION, 8);
  out.writeUInt32LE(metaBytes.length, 12);
  metaBytes.copy(out, 16);
  let offset = pad8(16 + metaBytes.length);
  for (const p of parts) {
    out.set(p, offset);
    offset += pad8(p.byteLength);
  }
  out.writeUInt32LE(crc32(out.subarray(0, size)), size);
  writeFileAtomic(path, out);
}

/** The cache file's columns and metadata, or the reason it cannot be used. */
export function readTickCache(path: string, expectedKey: string): { columns: TickColumns; meta: TickCacheMeta } | string {
  const buf = readFileSync(path);
  if (buf.length < 20 || buf.toString('latin1', 0, 8) !== MAGIC) return 'not a tick cache file';
  const version = buf.readUInt32LE(8);
  if (version !== TICK_CACHE_VERSION) return `version ${version}, expected ${TICK_CACHE_VERSION}`;
  const size = buf.length - 4;
  if (crc32(buf.subarray(0, size)) !== buf.readUInt32LE(size)) return 'checksum mismatch (truncated or corrupt)';
  const metaLength = buf.readUInt32LE(12);
  let meta: TickCacheMeta;
  try {
    meta = JSON.parse(buf.toString('utf8', 16, 16 + metaLength)) as TickCacheMeta;
  } catch {
    return 'unreadable metadata';
  }
  if (meta.key !== expectedKey) return 'key mismatch';
  const n = meta.length;
  const m = meta.levelCount;
  let offset = pad8(16 + metaLength);
  const expected = pad8(n) + EVENT_F64_COLUMNS.length * n * 8 + pad8((n + 1) * 4) + pad8(n * 4) + 2 * m * 8;
  if (offset + expected !== size) return `length mismatch (${size - offset} column bytes, expected ${expected})`;
  // Copy each column out (typed arrays need aligned offsets; the Buffer's may not be).
  const take = (bytes: number): ArrayBuffer => {
    const ab = buf.buffer.slice(buf.byteOffset + offset, buf.byteOffset + offset + bytes);
    offset += pad8(bytes);
    return ab;
  };
  const kind = new Uint8Array(take(n));
  const f64 = EVENT_F64_COLUMNS.map(() => new Float64Array(take(n * 8)));
  const levelStart = new Uint32Array(take((n + 1) * 4));
  const bidCount = new Uint32Array(take(n * 4));
  const levelPrice = new Float64Array(take(m * 8));
  const levelQty = new Float64Array(take(m * 8));
  const [ts, localTs, transactTs, id, id2, id3, v0, v1, v2, v3] = f64;
  const columns: TickColumns = { length: n, kind, ts, localTs, transactTs, id, id2, id3, v0, v1, v2, v3, levelStart, bidCount, levelCount: m, levelPrice, levelQty };
  return { columns, meta };
}
