// Issue 10 items 1-2: the bar length comes from the data, timestamps are read in their own unit and
// must be plausible, and the lastDays window ends at the latest valid bar.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataError } from '@mml/core';
import { loadCandles } from './candle-file';

const tmp = mkdtempSync(join(tmpdir(), 'mml-candle-timing-'));
const HEADER = 'open_time_ms,open,high,low,close,volume';
const T0 = Date.UTC(2024, 0, 1);
const NOW = Date.UTC(2024, 0, 10); // the reader's clock in these tests
const bar = (openTime: number | string, price = 100) => `${openTime},${price},${price + 1},${price - 1},${price + 0.5},2`;
const minutes = (n: number, step = 60_000) => Array.from({ length: n }, (_, i) => bar(T0 + i * step));

function write(name: string, lines: string[]): string {
  const path = join(tmp, name);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

async function errorOf(promise: Promise<unknown>): Promise<DataError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(DataError);
  return error as DataError;
}

describe('bar length from the data', () => {
  it('5m bars without a name token are 5m bars (ts = open + 5 min), from timestamp spacing', async () => {
    const { candles, quality } = await loadCandles(write('five.csv', [HEADER, ...minutes(10, 300_000)]), { nowMs: NOW });
    expect(candles.map((c) => c.durationMs)).toEqual(Array(10).fill(300_000));
    expect(candles[0].ts).toBe(T0 + 300_000);
    expect(quality.barMs).toBe(300_000);
  });

  it.each([
    ['prices-5m.csv', '5m'],
    ['backup-10s.csv', '10s'],
    ['btc_export_2d_.csv', '2d'],
  ])('1m bars in %s: the name may only confirm the bar length, so a mismatch names the file', async (name, said) => {
    const path = write(name, [HEADER, ...minutes(10)]);
    const error = await errorOf(loadCandles(path, { nowMs: NOW }));
    expect(error.message).toBe(`${path}: the file name says ${said} bars but the data's bars are 1m (from timestamp spacing); rename the file or check the data`);
  });

  it('a matching name token confirms; durationMs confirms or is an error', async () => {
    await expect(loadCandles(write('ok_1m_.csv', [HEADER, ...minutes(5)]), { nowMs: NOW })).resolves.toMatchObject({ candles: { length: 5 } });
    const path = write('plain.csv', [HEADER, ...minutes(5)]);
    await expect(loadCandles(path, { nowMs: NOW, durationMs: 300_000 })).rejects.toThrow(`${path}: expected 5m bars but the data's bars are 1m`);
  });

  it('a single bar needs a name token or durationMs; nothing else states its length', async () => {
    const path = write('single.csv', [HEADER, bar(T0)]);
    await expect(loadCandles(path, { nowMs: NOW })).rejects.toThrow(`${path}: cannot tell the bar length`);
    await expect(loadCandles(path, { nowMs: NOW, durationMs: 60_000 })).resolves.toMatchObject({ candles: [{ durationMs: 60_000 }] });
    await expect(loadCandles(write('single_1h_.csv', [HEADER, bar(T0)]), { nowMs: NOW })).resolves.toMatchObject({ candles: [{ durationMs: 3_600_000 }] });
  });

  it('one corrupted time among the first rows cannot set the bar length (most common spacing)', async () => {
    const lines = minutes(40);
    lines[1] = bar(T0 + 60_000 + 7_000);
    const { candles, quality } = await loadCandles(write('early-bad.csv', [HEADER, ...lines]), { nowMs: NOW, policy: 'drop' });
    expect(quality.barMs).toBe(60_000);
    expect(quality.counts.misaligned).toBe(1);
    expect(candles).toHaveLength(39);
  });

  it.each([
    ['overlap', T0 + 9 * 60_000 + 30_000, 'overlap: bar at 2024-01-01T00:09:30.000Z opens 30000 ms after the previous bar'],
    ['misaligned', T0 + 10 * 60_000 + 7_000, 'misaligned: bar at 2024-01-01T00:10:07.000Z is 67000 ms after the previous bar'],
  ])('%s bars are an error under fail and dropped under drop/mark, even when nothing is missing', async (kind, openTime, message) => {
    const lines = [...minutes(10), bar(openTime), ...minutes(20).slice(11)];
    const path = write(`${kind}.csv`, [HEADER, ...lines]);
    await expect(loadCandles(path, { nowMs: NOW })).rejects.toThrow(`${path}, row 12: ${message}`);
    for (const policy of ['drop', 'mark'] as const) {
      const { candles, quality } = await loadCandles(path, { nowMs: NOW, policy });
      expect(quality.counts[kind as 'overlap' | 'misaligned']).toBe(1);
      expect(candles).toHaveLength(19);
    }
  });

  it('a Binance dump whose close times say 5m but whose bars are 1m apart overlaps', async () => {
    const rows = Array.from({ length: 5 }, (_, i) => `${T0 + i * 60_000},100,101,99,100.5,2,${T0 + i * 60_000 + 299_999},1,1,1,1,0`);
    const path = write('dump.csv', rows);
    await expect(loadCandles(path, { nowMs: NOW })).rejects.toThrow(`${path}, row 2: overlap`);
  });

  it("a Binance row whose close time is not after its open time names row and field", async () => {
    const rows = Array.from({ length: 5 }, (_, i) => `${T0 + i * 60_000},100,101,99,100.5,2,${T0 + i * 60_000 + 59_999},1,1,1,1,0`);
    rows[3] = rows[3].replace(`,${T0 + 3 * 60_000 + 59_999},`, `,${T0 + 3 * 60_000},`);
    const path = write('dump-close.csv', rows);
    await expect(loadCandles(path, { nowMs: NOW })).rejects.toThrow(`${path}, row 4, field "close_time": close time ${T0 + 3 * 60_000} is not after open time ${T0 + 3 * 60_000}`);
  });
});

describe('timestamp units and plausible times', () => {
  const base = minutes(5);
  it.each([
    ['seconds', (ms: number) => String(ms / 1000)],
    ['microseconds', (ms: number) => `${ms}000`],
    ['nanoseconds', (ms: number) => `${ms}000000`],
  ])('%s under the open_time_ms header read as the same bars as ms', async (unit, convert) => {
    const lines = base.map((l) => { const [t, ...rest] = l.split(','); return [convert(Number(t)), ...rest].join(','); });
    const expected = await loadCandles(write(`ms-${unit}.csv`, [HEADER, ...base]), { nowMs: NOW });
    const { candles, quality } = await loadCandles(write(`${unit}.csv`, [HEADER, ...lines]), { nowMs: NOW });
    expect(candles).toEqual(expected.candles);
    expect(quality.timeUnit).toBe(unit);
  });

  it('a row in another unit than the file, a 1970 time and a far-future time are refused with file, row and field', async () => {
    const mixed = write('mixed.csv', [HEADER, ...base.slice(0, 3), bar(`${T0 + 3 * 60_000}000`), base[4]]);
    await expect(loadCandles(mixed, { nowMs: NOW })).rejects.toThrow(`${mixed}, row 5, field "open_time_ms": time ${T0 + 3 * 60_000}000 reads as microseconds but the file's times are milliseconds`);
    const old = write('1970.csv', [HEADER, bar(60_000), bar(120_000)]);
    await expect(loadCandles(old, { nowMs: NOW })).rejects.toThrow(`${old}, row 2, field "open_time_ms": implausible time 60000: not between 2009-01-03 and now + 1 day`);
    const future = write('future.csv', [HEADER, ...base, bar(NOW + 2 * 86_400_000)]);
    await expect(loadCandles(future, { nowMs: NOW })).rejects.toThrow(`${future}, row 7, field "open_time_ms": implausible time`);
    // Under drop the far-future row is dropped and reported as such.
    const dropped = await loadCandles(future, { nowMs: NOW, policy: 'drop' });
    expect(dropped.candles).toHaveLength(5);
    expect(dropped.quality.counts['implausible-time']).toBe(1);
  });

  it('lastDays ends at the latest valid bar, not at the last line', async () => {
    const path = write('future-last.csv', [HEADER, ...minutes(3 * 1440), bar(Date.UTC(2100, 0, 1))]);
    const { candles, quality } = await loadCandles(path, { nowMs: NOW, policy: 'drop', lastDays: 1 });
    expect(candles).toHaveLength(1440);
    expect(candles[candles.length - 1].ts).toBe(T0 + 3 * 86_400_000);
    expect(quality.counts['implausible-time']).toBe(1);
    // Under fail the bad last row is refused, not skipped.
    await expect(loadCandles(path, { nowMs: NOW, lastDays: 1 })).rejects.toThrow(`${path}, row ${3 * 1440 + 2}, field "open_time_ms": implausible time`);
  });
});
