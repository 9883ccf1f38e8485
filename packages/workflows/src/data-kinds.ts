import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { DataError } from '@mml/core';
import { BOOKTICKER_HEADER, DEPTH_HEADER, TRADES_HEADER } from '@mml/market-data/files';

/**
 * What a `--data` path holds, from its first line: kline candles, raw Binance websocket captures
 * (`<local time> <JSON>` lines; a directory holds captures) or the flattened tick CSVs. Apart from
 * market-ticks.ts (which loads tick data and re-exports these) so that a run on a kline file does
 * not load the tick readers to find out that it needs none.
 */
export type DataKind = 'candles' | 'capture' | 'tick-csv';

/** Detects what a data path holds from its first line (a directory holds captures). */
export async function detectDataKind(path: string): Promise<DataKind> {
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    throw new DataError({ source: path }, 'no such file or directory');
  }
  if (isDir) return 'capture';
  const line = await firstLine(path);
  if (/^\d{12,20} [{[]/.test(line)) return 'capture';
  const header = line.trim();
  if (header === TRADES_HEADER || header === BOOKTICKER_HEADER || header === DEPTH_HEADER) return 'tick-csv';
  return 'candles';
}

/** Kind of a whole DATA list: every entry must agree. */
export async function detectDataKinds(paths: readonly string[]): Promise<DataKind> {
  let kind: DataKind | undefined;
  for (const p of paths) {
    const k = await detectDataKind(p);
    if (kind === undefined) kind = k;
    else if ((kind === 'candles') !== (k === 'candles')) throw new DataError({ source: p }, `is ${k} data but ${paths[0]} is ${kind}: DATA must be all candles or all tick data`);
    else if (k !== kind) throw new DataError({ source: p }, `is ${k} but ${paths[0]} is ${kind}: pass captures or flattened tick CSVs, not both`);
  }
  if (kind === undefined) throw new DataError({ source: 'DATA' }, 'no files given');
  return kind;
}

async function firstLine(path: string): Promise<string> {
  const raw = createReadStream(path);
  const input = path.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
  const lines = createInterface({ input, crlfDelay: Infinity });
  try {
    for await (const line of lines) if (line.trim() !== '') return line;
    return '';
  } catch (error) {
    throw new DataError({ source: path, row: 1 }, `cannot read: ${(error as Error).message}`);
  } finally {
    lines.close();
    raw.destroy();
  }
}
