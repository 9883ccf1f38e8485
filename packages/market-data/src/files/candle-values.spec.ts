// Issue 10 item 4: decimals are parsed strictly, and a bar far from the recent market is a spike
// handled by the policy (fail / drop / mark).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataError } from '@mml/core';
import { loadCandles } from './candle-file';
import { CACHE_CANDLE_HEADER } from './candle-format';
import { parseDecimalField, parseIntegerField } from './strict-number';

const tmp = mkdtempSync(join(tmpdir(), 'mml-candle-values-'));
const HEADER = 'open_time_ms,open,high,low,close,volume';
const T0 = Date.UTC(2024, 0, 1);
const NOW = Date.UTC(2024, 0, 10);
/** A calm market: close wanders 100.0 .. 100.9, range 1. */
const row = (i: number, price = 100 + (i % 10) / 10) => `${T0 + i * 60_000},${price},${price + 0.5},${price - 0.5},${price},2`;
const flatBar = (i: number, price: string) => `${T0 + i * 60_000},${price},${price},${price},${price},2`;

function write(name: string, lines: string[]): string {
  const path = join(tmp, name);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

describe('strict decimals', () => {
  it.each(['0x72ce', '0b101', '0o7', '1e5', 'Infinity', '-Infinity', 'NaN', ' 12', '12 ', '+5', '.5', '5.', '1_000', '1,5'])('"%s" is not a plain decimal', (text) => {
    expect(() => parseDecimalField(text, 'f.csv', 3, 'high')).toThrow(DataError);
    expect(() => parseDecimalField(text, 'f.csv', 3, 'high')).toThrow(/^f\.csv, row 3, field "high": /);
  });

  it('accepts plain decimals, exponents only where the format may print them, and names an empty cell', () => {
    expect(parseDecimalField('42283.58000000', 'f', 1, 'x')).toBe(42283.58);
    expect(parseDecimalField('-0.5', 'f', 1, 'x')).toBe(-0.5);
    expect(parseDecimalField('1e-7', 'f', 1, 'x', { allowExponent: true })).toBe(1e-7);
    expect(() => parseDecimalField('1e400', 'f', 1, 'x', { allowExponent: true })).toThrow('number out of range');
    expect(() => parseDecimalField('', 'f', 1, 'x')).toThrow('f, row 1, field "x": missing value');
    expect(parseIntegerField('1723161254087896568', 'f', 1, 't', true)).toBeCloseTo(1.7231612540878966e18, -4);
    expect(() => parseIntegerField('1723161254087896568', 'f', 1, 't')).toThrow('whole number too large');
    expect(() => parseIntegerField('12.5', 'f', 1, 't')).toThrow('not a whole number');
  });

  it('hex in a kline price is an error naming file, row and field (it used to read as 29390)', async () => {
    const path = write('hex.csv', [HEADER, row(0), row(1).replace(/,([\d.]+),2$/, ',0x72ce,2'), row(2)]);
    await expect(loadCandles(path, { nowMs: NOW })).rejects.toThrow(`${path}, row 3, field "close": not a plain decimal number: "0x72ce"`);
  });

  it('our cache format may hold an exponent (JS number printing), the shared format may not', async () => {
    const cache = write('cache.csv', [CACHE_CANDLE_HEADER, `${T0},60000,100,101,99,100,1e-7,,,`, `${T0 + 60_000},60000,100,101,99,100,2,,,`]);
    await expect(loadCandles(cache, { nowMs: NOW })).resolves.toMatchObject({ candles: [{ volume: 1e-7 }, { volume: 2 }] });
    const shared = write('shared-exp.csv', [HEADER, `${T0},100,101,99,100,1e-7`, row(1)]);
    await expect(loadCandles(shared, { nowMs: NOW })).rejects.toThrow(`${shared}, row 2, field "volume": not a plain decimal number: "1e-7"`);
  });
});

describe('price spikes', () => {
  const calm = Array.from({ length: 100 }, (_, i) => row(i));
  const withBar = (name: string, index: number, bar: string) => write(name, [HEADER, ...calm.slice(0, index), bar, ...calm.slice(index + 1)]);

  it("a single bar at 1e300 with consistent OHLC fails under 'fail', naming the row", async () => {
    const path = withBar('1e300.csv', 70, flatBar(70, '1' + '0'.repeat(300)));
    await expect(loadCandles(path, { nowMs: NOW })).rejects.toThrow(`${path}, row 72: spike: price jumps to 1e+300 from 100.9, beyond 100 x the recent range`);
  });

  it("under 'drop' only the spike goes (the reference does not move to it); under 'mark' it is kept and counted", async () => {
    const path = withBar('x10.csv', 70, flatBar(70, '1000'));
    const dropped = await loadCandles(path, { nowMs: NOW, policy: 'drop' });
    expect(dropped.candles).toHaveLength(99);
    expect(dropped.quality).toMatchObject({ dropped: 1, marked: 0, counts: { spike: 1 } });
    const marked = await loadCandles(path, { nowMs: NOW, policy: 'mark' });
    expect(marked.candles).toHaveLength(100);
    expect(marked.quality).toMatchObject({ dropped: 0, marked: 1, counts: { spike: 1 } });
    expect(marked.quality.findings).toEqual([expect.objectContaining({ kind: 'spike', row: 72, action: 'kept' })]);
  });

  it('the first bar is checked too, against the median of the first bars', async () => {
    const path = withBar('first.csv', 0, flatBar(0, '10000'));
    await expect(loadCandles(path, { nowMs: NOW })).rejects.toThrow(`${path}, row 2: spike: price jumps to 10000`);
    const { candles } = await loadCandles(path, { nowMs: NOW, policy: 'drop' });
    expect(candles).toHaveLength(99);
  });

  it('moves of a real market pass: 5 % in one bar, and a larger move across a long gap', async () => {
    const jump = [...calm.slice(0, 50), ...Array.from({ length: 50 }, (_, i) => row(50 + i, 105 + (i % 10) / 10))];
    await expect(loadCandles(write('jump5.csv', [HEADER, ...jump]), { nowMs: NOW })).resolves.toMatchObject({ candles: { length: 100 } });
    // 40 % after 1000 missing bars: allowed move grows with sqrt(bars elapsed) (100 x range 1 x sqrt(1001) = 3164).
    const gap = [...calm.slice(0, 50), row(1050, 140)];
    await expect(loadCandles(write('gap40.csv', [HEADER, ...gap]), { nowMs: NOW })).resolves.toMatchObject({ candles: { length: 51 } });
  });

  it('the multiple is configurable, and the check can be turned off', async () => {
    // A 20 % jump where bars range 1 % passes the default (100 x the range) but not a multiple of 10.
    const path = withBar('jump20.csv', 70, flatBar(70, '120'));
    await expect(loadCandles(path, { nowMs: NOW })).resolves.toMatchObject({ candles: { length: 100 } });
    await expect(loadCandles(path, { nowMs: NOW, spike: { multiple: 10 } })).rejects.toThrow(`${path}, row 72: spike: price jumps to 120 from 100.9, beyond 10 x the recent range`);
    await expect(loadCandles(withBar('off.csv', 70, flatBar(70, '1000')), { nowMs: NOW, spike: false })).resolves.toMatchObject({ candles: { length: 100 } });
  });
});
