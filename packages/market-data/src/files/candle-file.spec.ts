import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { DataError } from '@mml/core';
import { loadCandles, readCandleFile } from './candle-file';
import { SHARED_BTCUSDT_1M, sharedDataDir } from '../paths';
import type { QualityPolicy } from '../quality/candle-quality';

const shared = join(sharedDataDir(), SHARED_BTCUSDT_1M);
const HALT_FIRST_ROW = 10875; // line of 2023-03-24T11:28Z (header = line 1)
const HALT_FIRST_OPEN = Date.UTC(2023, 2, 24, 11, 28);
const tmp = mkdtempSync(join(tmpdir(), 'mml-candles-'));

function write(name: string, lines: string[], gzip = false): string {
  const path = join(tmp, name);
  const text = lines.join('\n') + '\n';
  writeFileSync(path, gzip ? gzipSync(text) : text);
  return path;
}

const HEADER = 'open_time_ms,open,high,low,close,volume';
const good = (i: number) => `${1_700_000_000_000 - (1_700_000_000_000 % 60_000) + i * 60_000},100,101,99,100.5,2`;

describe('shared 1m BTC/USDT file and the 2023-03-24 halt', () => {
  it("fails under 'fail' at the first zero-volume halt bar, naming file and row", async () => {
    const error = await loadCandles(shared).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).row).toBe(HALT_FIRST_ROW);
    expect((error as DataError).message).toContain(SHARED_BTCUSDT_1M);
    expect((error as DataError).message).toContain('halt');
  });

  it("drops the 72 halt bars under 'drop' and reports one gap spanning halt + 80 missing minutes", async () => {
    const { candles, quality } = await loadCandles(shared, { policy: 'drop' });
    expect(candles).toHaveLength(66_087 - 72);
    expect(candles.every((c) => c.volume > 0)).toBe(true);
    expect(quality.halts).toEqual([{ fromOpenTime: HALT_FIRST_OPEN, toOpenTime: HALT_FIRST_OPEN + 71 * 60_000, bars: 72, fromRow: HALT_FIRST_ROW, toRow: HALT_FIRST_ROW + 71 }]);
    expect(quality.gaps).toHaveLength(1);
    expect(quality.gaps[0].missingBars).toBe(72 + 80);
    expect(quality.dropped).toBe(72);
  });

  it("keeps and reports the halt bars under 'mark'; the 80-minute gap is reported, not fatal", async () => {
    const { candles, quality } = await loadCandles(shared, { policy: 'mark' });
    expect(candles).toHaveLength(66_087);
    expect(quality.counts.halt).toBe(72);
    expect(quality.findings.filter((f) => f.kind === 'halt').every((f) => f.action === 'kept')).toBe(true);
    expect(quality.gaps).toEqual([{ fromOpenTime: Date.UTC(2023, 2, 24, 12, 40), toOpenTime: Date.UTC(2023, 2, 24, 14, 0), missingBars: 80, row: HALT_FIRST_ROW + 72 }]);
    // A bar is known at its close: ts = openTime + 60 s.
    expect(candles[0]).toEqual({ kind: 'candle', ts: 1679004960000, openTime: 1679004900000, durationMs: 60_000, open: 24899.18, high: 24943.98, low: 24896.29, close: 24934.2, volume: 293.13711 });
  });

  it("maxGapMinutes makes a long gap fatal under 'fail' (reported only under 'drop'/'mark')", async () => {
    const path = write('gappy_1m_.csv', [HEADER, good(0), good(1), good(100)]);
    await expect(loadCandles(path, { maxGapMinutes: 60 })).rejects.toThrow(`${path}, row 4: 98 missing bar(s)`);
    await expect(loadCandles(path, { maxGapMinutes: 120 })).resolves.toMatchObject({ quality: { gaps: [{ missingBars: 98 }] } });
    const marked = await loadCandles(path, { maxGapMinutes: 60, policy: 'mark' });
    expect(marked.candles).toHaveLength(3);
  });

  it('lastDays: 30 takes the last 30 days (after the halt), which pass the strict policy', async () => {
    const { candles, quality } = await loadCandles(shared, { lastDays: 30 });
    expect(candles).toHaveLength(30 * 1440);
    expect(candles[candles.length - 1].openTime).toBe(1682974860000);
    expect(quality.gaps).toHaveLength(0);
  });
});

describe('corrupted copies', () => {
  const cases: Array<{ name: string; lines: string[]; row: number; kind: string }> = [
    { name: 'bad-row', lines: [HEADER, good(0), '1700000040000,100,abc,99,100,1', good(2)], row: 3, kind: 'unparseable' },
    { name: 'nan', lines: [HEADER, good(0), good(1).replace(',2', ',NaN'), good(2)], row: 3, kind: 'unparseable' },
    { name: 'unsorted', lines: [HEADER, good(0), good(2), good(1), good(3)], row: 4, kind: 'unsorted' },
    { name: 'duplicate', lines: [HEADER, good(0), good(1), good(1), good(2)], row: 4, kind: 'duplicate' },
    { name: 'ohlc', lines: [HEADER, good(0), good(1).replace(',101,', ',100.1,'), good(2)], row: 3, kind: 'ohlc' },
    { name: 'negative-price', lines: [HEADER, good(0), good(1).replace(',99,', ',-1,'), good(2)], row: 3, kind: 'non-positive-price' },
  ];
  const policies: QualityPolicy[] = ['fail', 'drop', 'mark'];
  for (const c of cases) {
    for (const policy of policies) {
      it(`${c.name} under '${policy}'`, async () => {
        const path = write(`${c.name}.csv.gz`, c.lines, true);
        const result = await loadCandles(path, { policy }).catch((e: unknown) => e);
        if (policy === 'fail') {
          expect(result).toBeInstanceOf(DataError);
          expect((result as DataError).row).toBe(c.row);
          expect((result as DataError).message).toContain(path);
          return;
        }
        const { candles, quality } = result as Awaited<ReturnType<typeof loadCandles>>;
        expect(quality.counts[c.kind as keyof typeof quality.counts]).toBe(1);
        expect(quality.findings.find((f) => f.kind === c.kind)).toMatchObject({ row: c.row, kind: c.kind, action: 'dropped', source: path });
        expect(candles).toHaveLength(c.lines.length - 2);
        for (let i = 1; i < candles.length; i++) expect(candles[i].openTime).toBeGreaterThan(candles[i - 1].openTime);
      });
    }
  }

  it.each(policies)("a truncated gzip fails under '%s' naming the file", async (policy) => {
    const full = gzipSync(readFileSync(shared).length > 0 ? gunzipSync(readFileSync(shared)).subarray(0, 200_000) : Buffer.alloc(0));
    const path = join(tmp, `truncated-${policy}.csv.gz`);
    writeFileSync(path, full.subarray(0, Math.floor(full.length / 2)));
    const error = await loadCandles(path, { policy }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).message).toContain(path);
    expect((error as DataError).message).toMatch(/truncated or corrupt/);
  });

  it('an unknown layout names the file and row 1', async () => {
    const path = write('weird.csv', ['a,b,c', '1,2,3']);
    await expect(loadCandles(path)).rejects.toThrow(`${path}, row 1: unrecognised kline format`);
  });
});

describe('Binance public dumps', () => {
  it('reads millisecond and microsecond dumps to the same candles, with the extra columns', async () => {
    const ms = write('BTCUSDT-1m-2024-01-01.csv', ['1704067200000,42283.58,42298.62,42261.02,42298.61,35.92724,1704067259999,1519295.24,1327,18.2,769640.1,0']);
    const us = write('BTCUSDT-1m-2025-01-01.csv', ['1704067200000000,42283.58,42298.62,42261.02,42298.61,35.92724,1704067259999999,1519295.24,1327,18.2,769640.1,0']);
    const [a] = (await loadCandles(ms)).candles;
    const [b] = (await loadCandles(us)).candles;
    expect(a).toEqual(b);
    expect(a).toMatchObject({ openTime: 1704067200000, durationMs: 60_000, ts: 1704067260000, quoteVolume: 1519295.24, trades: 1327, takerBuyVolume: 18.2 });
  });

  it('streams without loading: readCandleFile exposes the running quality report', async () => {
    const path = write('stream_1m_.csv', [HEADER, good(0), good(1), good(5)]);
    const stream = readCandleFile(path);
    let n = 0;
    for await (const bar of stream) {
      expect(bar.durationMs).toBe(60_000);
      n++;
    }
    expect(n).toBe(3);
    expect(stream.quality.gaps).toMatchObject([{ missingBars: 3, row: 4 }]);
  });
});

describe('loadCandles parses once: the same bars, report and errors as streaming the file twice', () => {
  /** The window by two readCandleFile passes (how loadCandles read a file before it parsed once). */
  async function twoStreamingPasses(path: string, lastDays: number, policy: QualityPolicy, nowMs: number) {
    let end = -Infinity;
    for await (const bar of readCandleFile(path, { policy: policy === 'mark' ? 'mark' : 'drop', nowMs })) end = Math.max(end, bar.ts);
    const stream = readCandleFile(path, { policy, nowMs, fromOpenTime: end - lastDays * 86_400_000 });
    const candles = [];
    for await (const bar of stream) candles.push(bar);
    return { candles, quality: stream.quality };
  }
  const outcome = (promise: Promise<unknown>) => promise.catch((e: unknown) => ({ error: (e as Error).message }));
  const nowMs = Date.UTC(2026, 0, 1);
  const files: Array<[string, string[]]> = [
    ['bad-row-window', [HEADER, ...Array.from({ length: 1500 }, (_, i) => (i === 1200 ? '1700000040000,100,abc,99,100,1' : good(i)))]],
    // A halt (zero volume) in the window and as the last bar: the window's end depends on the policy.
    ['gap-and-halts', [HEADER, ...Array.from({ length: 1500 }, (_, i) => good(i < 600 ? i : i + 30)).map((l, i) => (i === 1300 || i === 1499 ? l.replace(/,2$/, ',0') : l))]],
    ['duplicate-early', [HEADER, good(0), good(0), ...Array.from({ length: 1000 }, (_, i) => good(i + 1))]],
  ];
  for (const [name, lines] of files) {
    it.each(['fail', 'drop', 'mark'] as QualityPolicy[])(`${name} under '%s'`, async (policy) => {
      const path = write(`${name}.csv.gz`, lines, true);
      for (const lastDays of [0.5, 0.25, 10]) {
        expect(await outcome(loadCandles(path, { lastDays, policy, nowMs }))).toEqual(await outcome(twoStreamingPasses(path, lastDays, policy, nowMs)));
      }
    });
  }
});
