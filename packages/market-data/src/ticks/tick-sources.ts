import { basename } from 'node:path';
import { DataError } from '@mml/core';
import { BOOKTICKER_HEADER, DEPTH_HEADER, TRADES_HEADER } from '../files/tick-files';
import type { QualityPolicy } from '../quality/candle-quality';
import { readBinanceCapture } from './binance-capture';
import { dumpKindFromName, readBinanceDump } from './binance-dump';
import { groupCaptureFiles } from './capture-files';
import { readArchiveLines } from './text-source';
import { loadTickColumns, type LoadedTicks } from './tick-cache';
import { readTickCsv } from './tick-csv';
import type { TickStream } from './tick-event';

/**
 * One entry point for every tick format, for apps that take `DATA=` files or directories:
 * - 'capture': raw websocket captures `<local time> <JSON>` (a capture split by date is one group);
 * - 'tick-csv': the flattened `<prefix>_trades/_bookticker/_depth.csv.gz` of one recording;
 * - 'binance-dump': data.binance.vision trades/aggTrades/bookTicker CSVs or zips (files of one kind
 *   and symbol form one group, read in date order).
 * The format comes from the file name when it says, else from the first line.
 */
export type TickFormat = 'capture' | 'tick-csv' | 'binance-dump';

export interface TickSourceGroup {
  name: string;
  format: TickFormat;
  files: string[];
}

export interface TickReadOptions {
  policy?: QualityPolicy;
  /** Binary columnar cache directory (see loadTickColumns); none: parse every time. */
  cacheDir?: string;
}

/** The format of one file (by name, else by its first line). */
export async function detectTickFormat(path: string): Promise<TickFormat> {
  const name = basename(path);
  if (/_(trades|bookticker|depth)\.csv(\.gz)?$/.test(name)) return 'tick-csv';
  if (dumpKindFromName(path) || name.endsWith('.zip')) return 'binance-dump';
  for await (const { text } of readArchiveLines(path)) {
    if (/^\d{12,20} [[{]/.test(text)) return 'capture';
    const header = text.trim();
    if (header === TRADES_HEADER || header === BOOKTICKER_HEADER || header === DEPTH_HEADER) return 'tick-csv';
    if (/^[\w.]+(,[\w.]+){5,7}$/.test(header)) return 'binance-dump';
    break;
  }
  throw new DataError({ source: path, row: 1 }, 'not a tick file: expected a raw capture ("<local time> <JSON>"), a flattened tick CSV or a Binance trades/aggTrades/bookTicker dump');
}

/** Groups files (and the captures in directories) into sources, each read as one stream. */
export async function tickSourceGroups(paths: string[]): Promise<TickSourceGroup[]> {
  const expanded = groupCaptureFiles(paths); // expands directories, groups captures and CSV prefixes
  const out: TickSourceGroup[] = [];
  const dumps = new Map<string, TickSourceGroup>();
  for (const group of expanded) {
    if (group.format === 'csv') {
      out.push({ name: group.name, format: 'tick-csv', files: group.files });
      continue;
    }
    const formats = await Promise.all(group.files.map(detectTickFormat));
    if (formats.every((f) => f === 'capture')) {
      out.push({ name: group.name, format: 'capture', files: group.files });
      continue;
    }
    for (let i = 0; i < group.files.length; i++) {
      const file = group.files[i];
      if (formats[i] === 'capture') out.push({ name: basename(file), format: 'capture', files: [file] });
      else if (formats[i] === 'tick-csv') out.push({ name: basename(file), format: 'tick-csv', files: [file] });
      else {
        const key = basename(file).replace(/-\d{4}-\d{2}(-\d{2})?\.(csv|zip|csv\.gz)$/, '');
        const g = dumps.get(key) ?? { name: key, format: 'binance-dump' as const, files: [] };
        g.files.push(file);
        dumps.set(key, g);
      }
    }
  }
  // A dump series is read by date (Binance names end in -YYYY-MM-DD or -YYYY-MM).
  for (const g of dumps.values()) g.files.sort((x, y) => (basename(x) < basename(y) ? -1 : basename(x) > basename(y) ? 1 : 0));
  return [...out, ...dumps.values()];
}

/** The group's events as one stream (with its quality report). */
export function openTickGroup(group: TickSourceGroup, options: { policy?: QualityPolicy } = {}): TickStream {
  const policy = options.policy;
  if (group.format === 'capture') return readBinanceCapture(group.files, { policy });
  if (group.format === 'tick-csv') return readTickCsv(group.files, { policy });
  return readBinanceDump(group.files, { policy });
}

/** The group's events as columns, from the binary cache when `cacheDir` holds a valid entry. */
export function loadTickGroup(group: TickSourceGroup, options: TickReadOptions = {}): Promise<LoadedTicks> {
  const policy = options.policy ?? 'fail';
  return loadTickColumns(group.files, (files) => openTickGroup({ ...group, files }, { policy }), { cacheDir: options.cacheDir, readerId: group.format, options: { policy } });
}
