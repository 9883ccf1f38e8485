import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** A scratch directory for hand-made capture files. */
export function scratchDir(prefix = 'mml-ticks-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Writes `<local time> <JSON>` lines (gzipped when the name ends in .gz) and returns the path. */
export function writeCapture(dir: string, name: string, lines: Array<[local: string | number, message: unknown]>): string {
  const text = lines.map(([t, m]) => `${t} ${typeof m === 'string' ? m : JSON.stringify(m)}`).join('\n') + '\n';
  const path = join(dir, name);
  writeFileSync(path, name.endsWith('.gz') ? gzipSync(text) : text);
  return path;
}

// Message builders in Binance's shapes (prices and quantities as strings, as the exchange sends them).
export const spotDiff = (U: number, u: number, E: number, b: Array<[string, string]>, a: Array<[string, string]> = []) => ({
  stream: 'btcusdt@depth@100ms',
  data: { e: 'depthUpdate', E, s: 'BTCUSDT', U, u, b, a },
});
export const futDiff = (U: number, u: number, pu: number, E: number, T: number, b: Array<[string, string]>, a: Array<[string, string]> = []) => ({
  stream: 'btcusdt@depth@0ms',
  data: { e: 'depthUpdate', E, T, s: 'BTCUSDT', U, u, pu, b, a },
});
export const spotTicker = (u: number, b: string, B: string, a: string, A: string) => ({ stream: 'btcusdt@bookTicker', data: { u, s: 'BTCUSDT', b, B, a, A } });
export const futTicker = (u: number, E: number, T: number, b: string, B: string, a: string, A: string) => ({
  stream: 'btcusdt@bookTicker',
  data: { e: 'bookTicker', u, s: 'BTCUSDT', b, B, a, A, T, E },
});
export const trade = (t: number, E: number, p: string, q: string, m: boolean) => ({ stream: 'btcusdt@trade', data: { e: 'trade', E, T: E - 1, s: 'BTCUSDT', t, p, q, m } });
export const snapshot = (lastUpdateId: number, bids: Array<[string, string]>, asks: Array<[string, string]>, times?: { E: number; T: number }) => ({
  lastUpdateId,
  ...(times ?? {}),
  bids,
  asks,
});
