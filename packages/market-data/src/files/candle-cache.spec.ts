import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DataError } from '@mml/core';
import { loadCandles } from './candle-file';
import { loadCandlesCached, pruneEntries } from './candle-cache';

const tmp = mkdtempSync(join(tmpdir(), 'mml-candle-cache-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const HEADER = 'open_time_ms,open,high,low,close,volume';
const START = 1_700_000_000_000 - (1_700_000_000_000 % 60_000);
const row = (i: number, high: number | string = 101) => `${START + i * 60_000},100,${high},99,100.5,${2 + (i % 7) / 8}`;

function write(name: string, lines: string[], gzip = false): string {
  const path = join(tmp, name);
  const text = lines.join('\n') + '\n';
  writeFileSync(path, gzip ? gzipSync(text) : text);
  return path;
}

/** Bars and report exactly as loadCandles gives them (key order included). */
async function expectSameAsLoad(path: string, got: { candles: unknown; quality: unknown }, options: Parameters<typeof loadCandles>[1]): Promise<void> {
  const own = await loadCandles(path, options);
  expect(JSON.stringify(got.candles)).toBe(JSON.stringify(own.candles));
  expect(got.quality).toEqual(own.quality);
}

describe('loadCandlesCached', () => {
  it('a second load of the same file and options is read from the cache: the same bars and report as loadCandles', async () => {
    const dir = join(tmp, 'c1');
    // A gap and a dropped bad row, so the report has findings to carry.
    const path = write('a.csv.gz', [HEADER, ...Array.from({ length: 300 }, (_, i) => (i === 150 ? row(i, 'x') : row(i < 200 ? i : i + 5)))], true);
    const options = { lastDays: 0.1, policy: 'drop' as const };
    const first = await loadCandlesCached(path, options, dir);
    expect(first.cache).toBe('miss');
    const second = await loadCandlesCached(path, options, dir);
    expect(second.cache).toBe('hit');
    expect(second.quality.findings.length).toBeGreaterThan(0);
    await expectSameAsLoad(path, second, options);
    await expectSameAsLoad(path, first, options);
    // Other options are another entry.
    expect((await loadCandlesCached(path, { ...options, lastDays: 0.05 }, dir)).cache).toBe('miss');
    expect((await loadCandlesCached(path, { ...options, policy: 'mark' }, dir)).cache).toBe('miss');
    expect(readdirSync(dir)).toHaveLength(3);
  });

  it('a file edited in place misses; a damaged entry is rejected and rewritten, never trusted', async () => {
    const dir = join(tmp, 'c2');
    const path = write('b.csv', [HEADER, ...Array.from({ length: 100 }, (_, i) => row(i))]);
    const options = { lastDays: 1 };
    expect((await loadCandlesCached(path, options, dir)).cache).toBe('miss');
    write('b.csv', [HEADER, ...Array.from({ length: 100 }, (_, i) => row(i, i === 50 ? 102 : 101))]);
    const edited = await loadCandlesCached(path, options, dir);
    expect(edited.cache).toBe('miss');
    expect(edited.candles[50].high).toBe(102);
    for (const file of readdirSync(dir)) {
      const bytes = readFileSync(join(dir, file));
      bytes[bytes.length >> 1] ^= 0xff;
      writeFileSync(join(dir, file), bytes);
    }
    const again = await loadCandlesCached(path, options, dir);
    expect(again.cache).toBe('rejected (bad CRC); rewritten');
    await expectSameAsLoad(path, again, options);
    expect((await loadCandlesCached(path, options, dir)).cache).toBe('hit');
  });

  it('a load that fails is never cached: the same error every time', async () => {
    const dir = join(tmp, 'c3');
    const path = write('bad.csv', [HEADER, ...Array.from({ length: 50 }, (_, i) => row(i, i === 40 ? 'x' : 101))]);
    for (let i = 0; i < 2; i++) {
      const error = await loadCandlesCached(path, { lastDays: 1, policy: 'fail' }, dir).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DataError);
      expect((error as DataError).message).toMatch(/row 42.*high/);
    }
    expect(() => readdirSync(dir)).toThrow();
  });

  it('a load that depends on the clock (a time more than a day ahead) is not cached; without a cache dir nothing is', async () => {
    const dir = join(tmp, 'c4');
    const future = Date.now() + 3 * 86_400_000;
    const path = write('future.csv', [HEADER, ...Array.from({ length: 50 }, (_, i) => row(i)), `${future - (future % 60_000)},100,101,99,100.5,2`]);
    // The report quotes the clock ("now + 1 day (...)"): this load is not the same at another time.
    const options = { lastDays: 1, policy: 'drop' as const, nowMs: Date.now() };
    const loaded = await loadCandlesCached(path, options, dir);
    expect(loaded.cache).toMatch(/^not cached/);
    expect(loaded.quality.findings[0].kind).toBe('implausible-time');
    await expectSameAsLoad(path, loaded, options);
    expect((await loadCandlesCached(path, { lastDays: 1, policy: 'drop' }, undefined)).cache).toBe('off');
  });

  it('keeps the most recently used entries of a directory and removes the others', () => {
    const dir = join(tmp, 'c5');
    mkdirSync(dir);
    for (let i = 0; i < 5; i++) {
      const file = join(dir, `${i}.candles`);
      writeFileSync(file, 'x');
      utimesSync(file, new Date(1_000_000 + i * 1000), new Date(1_000_000 + i * 1000));
    }
    writeFileSync(join(dir, 'other.txt'), 'kept');
    pruneEntries(dir, 3);
    expect(readdirSync(dir).sort()).toEqual(['2.candles', '3.candles', '4.candles', 'other.txt']);
  });
});
