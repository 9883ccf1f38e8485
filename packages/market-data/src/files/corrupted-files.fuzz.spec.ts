// Fuzz (issue 10): random corruptions of real shared-data slices through the candle reader and the
// flattened tick readers. Every run must either return data that passes the quality checks, or throw
// a DataError naming the file and the row. Bounded: small slices, a fixed seed and run count.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { DataError, type CandleEvent } from '@mml/core';
import { loadCandles } from './candle-file';
import { EARLIEST_PLAUSIBLE_MS } from './epoch-time';
import { readBookTickerFile, readDepthFile, readTradeFile } from './tick-files';
import { SHARED_BTCUSDT_1M, sharedDataDir } from '../paths';
import type { DataQualityReport, QualityPolicy } from '../quality/candle-quality';

const RUNS = 200;
const SEED = 20261130;
const tmp = mkdtempSync(join(tmpdir(), 'mml-fuzz-'));
const latestPlausible = Date.now() + 86_400_000;
let fileNumber = 0;

function sliceOf(file: string, first: number, count: number): string[] {
  const lines = gunzipSync(readFileSync(join(sharedDataDir(), file))).toString('utf8').split('\n');
  return [lines[0], ...lines.slice(first, first + count)];
}

/** One corruption of a text file given as lines (line 0 = header). */
type Corruption =
  | { kind: 'replace-char' | 'insert-char'; line: number; at: number; char: string }
  | { kind: 'delete-char'; line: number; at: number }
  | { kind: 'replace-cell'; line: number; cell: number; value: string }
  | { kind: 'duplicate-line' | 'delete-line'; line: number }
  | { kind: 'swap-lines'; line: number; other: number }
  | { kind: 'truncate'; at: number };

const CHARS = ['0', '1', '3', '9', '.', ',', '-', 'x', 'e', ' ', '\n', '\r', 'a', '+'];
const CELLS = ['', '0x1f', '1e5', 'Infinity', 'NaN', '-1', '0', '1' + '0'.repeat(300), '1e300', ' 12', '12 ', '+5', '.5', '99999999999999999999', 'true', '4102444800000', '1682974860', '1682974860000000'];

const corruption: fc.Arbitrary<Corruption> = fc.oneof(
  fc.record({ kind: fc.constantFrom('replace-char' as const, 'insert-char' as const), line: fc.nat(), at: fc.nat(), char: fc.constantFrom(...CHARS) }),
  fc.record({ kind: fc.constant('delete-char' as const), line: fc.nat(), at: fc.nat() }),
  fc.record({ kind: fc.constant('replace-cell' as const), line: fc.nat(), cell: fc.nat(), value: fc.constantFrom(...CELLS) }),
  fc.record({ kind: fc.constantFrom('duplicate-line' as const, 'delete-line' as const), line: fc.nat() }),
  fc.record({ kind: fc.constant('swap-lines' as const), line: fc.nat(), other: fc.nat() }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);

function corrupt(original: string[], corruptions: Corruption[]): string {
  const lines = [...original];
  for (const c of corruptions) {
    if (c.kind === 'truncate') {
      const text = lines.join('\n');
      return text.slice(0, c.at % (text.length + 1));
    }
    const i = c.line % lines.length;
    const line = lines[i];
    if (c.kind === 'replace-char') lines[i] = line.slice(0, c.at % (line.length + 1)) + c.char + line.slice((c.at % (line.length + 1)) + 1);
    else if (c.kind === 'insert-char') lines[i] = line.slice(0, c.at % (line.length + 1)) + c.char + line.slice(c.at % (line.length + 1));
    else if (c.kind === 'delete-char') lines[i] = line.slice(0, c.at % (line.length + 1)) + line.slice((c.at % (line.length + 1)) + 1);
    else if (c.kind === 'replace-cell') {
      const cells = line.split(',');
      cells[c.cell % cells.length] = c.value;
      lines[i] = cells.join(',');
    } else if (c.kind === 'duplicate-line') lines.splice(i, 0, line);
    else if (c.kind === 'delete-line') lines.splice(i, 1);
    else if (c.kind === 'swap-lines') {
      const j = c.other % lines.length;
      [lines[i], lines[j]] = [lines[j], lines[i]];
    }
  }
  return lines.join('\n') + '\n';
}

function writeCorrupted(name: string, text: string): string {
  const path = join(tmp, `${++fileNumber}-${name}`);
  writeFileSync(path, text);
  return path;
}

/** Outcome tally, printed at the end (figures, not assertions). */
const tally: Record<string, Record<string, number>> = {};
function count(reader: string, outcome: string): void {
  tally[reader] ??= {};
  tally[reader][outcome] = (tally[reader][outcome] ?? 0) + 1;
}
afterAll(() => console.log(`fuzz outcomes (${RUNS} runs per reader):\n${JSON.stringify(tally, null, 1)}`));

/** A thrown error must be a DataError naming this file, and a row unless it is about the file as a whole. */
function expectNamedError(error: unknown, path: string, reader: string): void {
  if (!(error instanceof DataError)) throw error;
  expect(error.message.startsWith(path)).toBe(true);
  const wholeFile = /: (empty file|cannot tell the bar length|no valid bars|bars are \d+ ms apart)/.test(error.message);
  if (!wholeFile) expect(error.row).toBeGreaterThanOrEqual(1);
  count(reader, wholeFile ? 'error (whole file)' : 'error (file, row)');
}

const plausible = (ms: number) => Number.isFinite(ms) && ms >= EARLIEST_PLAUSIBLE_MS && ms <= latestPlausible;

/**
 * Independent check of what the candle reader returned: what "passes the quality checks" means.
 * Returns the first violation (plain checks, one expect per run: jest's expect is slow in loops).
 */
function candleViolation(candles: CandleEvent[], quality: DataQualityReport, policy: QualityPolicy): string | undefined {
  let jumps = 0;
  for (let i = 0; i < candles.length; i++) {
    const c = candles[i];
    const where = `bar ${i} ${JSON.stringify(c)}`;
    if (c.durationMs !== 60_000 || c.ts !== c.openTime + 60_000) return `${where}: bar length changed`; // corruption never changes it
    if (!plausible(c.openTime)) return `${where}: implausible time`;
    if (![c.open, c.high, c.low, c.close].every((v) => Number.isFinite(v) && v > 0)) return `${where}: bad price`;
    if (c.high < Math.max(c.open, c.close, c.low) || c.low > Math.min(c.open, c.close)) return `${where}: OHLC`;
    if (!(Number.isFinite(c.volume) && c.volume >= 0) || (policy !== 'mark' && c.volume === 0)) return `${where}: volume`;
    if (i > 0) {
      const prev = candles[i - 1];
      const spacing = c.openTime - prev.openTime;
      if (spacing < 60_000 || spacing % 60_000 !== 0) return `${where}: spacing ${spacing}`;
      // Next to each other, a bar more than 50 % away from the previous close is a spike the checks must catch.
      if (spacing === 60_000 && Math.max(Math.abs(c.high - prev.close), Math.abs(c.low - prev.close)) > 0.5 * prev.close) jumps++;
    }
  }
  if (policy === 'mark' ? jumps > 2 * quality.counts.spike : jumps > 0) return `${jumps} unflagged jumps`;
  if (quality.kept !== candles.length) return `kept ${quality.kept} != ${candles.length} returned`;
  return undefined;
}

/** The first returned event that breaks `ok` (given it and its predecessor), for one expect per run. */
function firstBad<T>(events: T[], ok: (e: T, prev: T | undefined) => boolean): T | undefined {
  return events.find((e, i) => !ok(e, i > 0 ? events[i - 1] : undefined));
}

describe('fuzz: corrupted real files either read clean or fail naming file and row', () => {
  jest.setTimeout(120_000);

  it(`candle reader (${SHARED_BTCUSDT_1M} slice, ${RUNS} runs, every policy)`, async () => {
    const slice = sliceOf(SHARED_BTCUSDT_1M, 30_000, 150);
    await fc.assert(
      fc.asyncProperty(fc.array(corruption, { minLength: 1, maxLength: 3 }), fc.constantFrom<QualityPolicy>('fail', 'drop', 'mark'), async (corruptions, policy) => {
        const path = writeCorrupted('klines.csv', corrupt(slice, corruptions));
        let result: Awaited<ReturnType<typeof loadCandles>>;
        try {
          result = await loadCandles(path, { policy });
        } catch (error) {
          expectNamedError(error, path, 'candles');
          return;
        }
        expect(candleViolation(result.candles, result.quality, policy)).toBeUndefined();
        count('candles', result.quality.dropped > 0 || result.quality.marked > 0 ? `data (${policy}, bars dropped/marked)` : `data (${policy}, clean)`);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it(`trade reader (spot trades slice, ${RUNS} runs)`, async () => {
    const slice = sliceOf('binance_btcusdt_spot_2024-08-08_trades.csv.gz', 1, 100);
    await fc.assert(
      fc.asyncProperty(fc.array(corruption, { minLength: 1, maxLength: 3 }), async (corruptions) => {
        const path = writeCorrupted('trades.csv', corrupt(slice, corruptions));
        const events = [];
        try {
          for await (const e of readTradeFile(path)) events.push(e);
        } catch (error) {
          expectNamedError(error, path, 'trades');
          return;
        }
        const bad = firstBad(
          events,
          (e, prev) =>
            plausible(e.ts) &&
            plausible(e.localTs) &&
            Number.isFinite(e.price) &&
            e.price > 0 &&
            Number.isFinite(e.qty) &&
            e.qty > 0 &&
            (prev === undefined || (e.ts >= prev.ts && e.localTs >= prev.localTs && Number(e.id) > Number(prev.id))),
        );
        expect(bad).toBeUndefined();
        count('trades', 'data');
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it(`bookTicker reader (spot bookTicker slice, ${RUNS} runs)`, async () => {
    const slice = sliceOf('binance_btcusdt_spot_2024-08-08_bookticker.csv.gz', 1, 100);
    await fc.assert(
      fc.asyncProperty(fc.array(corruption, { minLength: 1, maxLength: 3 }), async (corruptions) => {
        const path = writeCorrupted('bookticker.csv', corrupt(slice, corruptions));
        const events = [];
        try {
          for await (const e of readBookTickerFile(path, { clockOffsetMs: 1272 })) events.push(e);
        } catch (error) {
          expectNamedError(error, path, 'bookTicker');
          return;
        }
        const bad = firstBad(
          events,
          (e, prev) =>
            plausible(e.ts) &&
            plausible(e.localTs) &&
            e.bidPrice > 0 &&
            e.askPrice > e.bidPrice &&
            Number.isFinite(e.askPrice) &&
            e.bidQty > 0 &&
            e.askQty > 0 &&
            Number.isFinite(e.bidQty + e.askQty) &&
            (prev === undefined || (e.localTs >= prev.localTs && (e.updateId as number) >= (prev.updateId as number))),
        );
        expect(bad).toBeUndefined();
        count('bookTicker', 'data');
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it(`depth reader (futures depth slice, ${RUNS} runs)`, async () => {
    const slice = sliceOf('binance_usdm_btcusdt_perp_2024-08-08_depth.csv.gz', 1, 120);
    await fc.assert(
      fc.asyncProperty(fc.array(corruption, { minLength: 1, maxLength: 3 }), async (corruptions) => {
        const path = writeCorrupted('depth.csv', corrupt(slice, corruptions));
        const events = [];
        try {
          for await (const e of readDepthFile(path)) events.push(e);
        } catch (error) {
          expectNamedError(error, path, 'depth');
          return;
        }
        const bad = firstBad(
          events,
          (e, prev) =>
            plausible(e.ts) &&
            plausible(e.localTs) &&
            (prev === undefined || e.localTs >= prev.localTs) &&
            (e.kind !== 'depth' || e.lastUpdateId >= e.firstUpdateId) &&
            [...e.bids, ...e.asks].every(([price, qty]) => Number.isFinite(price) && price > 0 && Number.isFinite(qty) && qty >= 0),
        );
        expect(bad).toBeUndefined();
        count('depth', 'data');
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });
});
