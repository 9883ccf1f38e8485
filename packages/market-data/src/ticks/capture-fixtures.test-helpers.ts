import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateRawSync, gzipSync } from 'node:zlib';

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

/** A single-entry zip (deflate, or stored with `stored`), the shape of Binance's public dumps. */
export function writeZip(dir: string, name: string, entryName: string, text: string, stored = false): string {
  const data = Buffer.from(text, 'utf8');
  const body = stored ? data : deflateRawSync(data);
  const crc = crc32(data);
  const nameBytes = Buffer.from(entryName, 'utf8');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(stored ? 0 : 8, 8);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(body.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(nameBytes.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(stored ? 0 : 8, 10);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(body.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(nameBytes.length, 28);
  central.writeUInt32LE(0, 42);
  const cdOffset = local.length + nameBytes.length + body.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + nameBytes.length, 12);
  end.writeUInt32LE(cdOffset, 16);
  const path = join(dir, name);
  writeFileSync(path, Buffer.concat([local, nameBytes, body, central, nameBytes, end]));
  return path;
}
