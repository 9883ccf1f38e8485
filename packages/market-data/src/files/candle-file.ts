import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DataError, type CandleEvent } from '@mml/core';
import { CandleQualityChecker, emptyQualityReport, type DataQualityReport, type QualityPolicy } from '../quality/candle-quality';
import type { PriceSpikeOptions } from '../quality/price-spike';
import { BarLengthSample, decideBarLength } from './bar-length';
import { detectCandleFormat, parseCandleRow, type CandleFileFormat, type CandleRowContext } from './candle-format';
import { ImplausibleTimeError, unitName } from './epoch-time';
import { readTextLines } from './text-lines';

export interface CandleFileOptions {
  /** What to do with bad bars (default 'fail'). See QualityPolicy. */
  policy?: QualityPolicy;
  /**
   * Expected bar length in ms. The bar length always comes from the data (timestamp spacing, or
   * the format's close time / duration column); this only confirms it (a mismatch is an error),
   * and supplies it for a file of a single bar.
   */
  durationMs?: number;
  /** Only bars with openTime >= fromOpenTime (ms) are read and checked. */
  fromOpenTime?: number;
  /** Only bars with openTime < toOpenTime (ms) are read and checked. */
  toOpenTime?: number;
  /** A gap longer than this is fatal under 'fail'. Default: gaps are reported, never fatal. */
  maxGapMinutes?: number;
  /** Price-spike check options (see PriceSpikeDetector), or false to turn it off. */
  spike?: PriceSpikeOptions | false;
  /** The reader's clock in ms, for the "no time after now + 1 day" bound. Default Date.now(). */
  nowMs?: number;
}

/** An async iterable of candles whose `quality` report fills in as the file streams. */
export interface CandleStream extends AsyncIterable<CandleEvent> {
  readonly quality: DataQualityReport;
}

/** Rows sampled for the bar length before the first bar is released. */
const BAR_LENGTH_SAMPLES = 32;
/** In-window bars whose median close primes the spike check (so even the first bar is checked). */
const SPIKE_PRIMING_BARS = 16;

/** A parsed row (or the error that parsing it raised) waiting for the bar length to be known. */
interface PendingRow {
  file: string;
  line: number;
  bar?: CandleEvent;
  error?: DataError;
}

/**
 * Streams the klines of a CSV or CSV.gz file (format auto-detected: shared header format, Binance
 * dumps, our cache format), checking data quality bar by bar under `policy`. Timestamps may be in
 * s, ms, µs or ns (detected from their magnitude, converted to ms); the bar length comes from the
 * data (see bar-length.ts), so the first rows are read ahead before the first bar is released.
 * `path` may also be a fetchData cache directory: its day chunks are read in order as one series
 * (checks run across chunk boundaries), limited to its manifest's range unless from/to are given.
 */
export function readCandleFile(path: string, options: CandleFileOptions = {}): CandleStream {
  const policy = options.policy ?? 'fail';
  const holder = { quality: emptyQualityReport(path, 'unknown', policy) };
  const stream = {
    get quality() {
      return holder.quality;
    },
    async *[Symbol.asyncIterator](): AsyncGenerator<CandleEvent> {
      const from = options.fromOpenTime ?? -Infinity;
      const to = options.toOpenTime ?? Infinity;
      const { files, range } = candleFilesOf(path);
      const fromBound = Math.max(from, range.from);
      const toBound = Math.min(to, range.to);
      const ctx: CandleRowContext = { source: path, nowMs: options.nowMs ?? Date.now() };
      const sample = new BarLengthSample(BAR_LENGTH_SAMPLES);
      let format: CandleFileFormat | undefined;
      let checker: CandleQualityChecker | undefined;
      let barMs: number | undefined;
      let pending: PendingRow[] = [];
      let pendingInWindow = 0;

      /** Runs one row through the checks; returns the bar when it is kept. */
      const check = (row: PendingRow): CandleEvent | undefined => {
        if (checker === undefined || barMs === undefined) return undefined;
        checker.currentSource = row.file;
        if (row.error) {
          checker.rejectUnparseable(row.error, row.line, row.error instanceof ImplausibleTimeError ? 'implausible-time' : 'unparseable');
          return undefined;
        }
        const bar = row.bar as CandleEvent;
        if (Number.isNaN(bar.durationMs)) {
          bar.durationMs = barMs;
          bar.ts = bar.openTime + barMs;
        }
        if (bar.openTime < fromBound || bar.openTime >= toBound) return undefined;
        return checker.accept(bar, row.line) ? bar : undefined;
      };
      /** The bar length is decided from the rows read ahead; they are then checked in order. */
      const release = (): PendingRow[] => {
        if (checker === undefined || format === undefined) return [];
        barMs = decideBarLength({
          source: path,
          files,
          fromData: sample.mostCommon(),
          how: format === 'shared' ? 'timestamp spacing' : format === 'binance' ? 'close_time' : 'duration_ms',
          expected: options.durationMs,
        });
        checker.expectBarLength(barMs);
        checker.report.barMs = barMs;
        if (ctx.unit !== undefined) checker.report.timeUnit = unitName(ctx.unit);
        const closes = pending.filter((r) => r.bar && r.bar.openTime >= fromBound && r.bar.openTime < toBound).map((r) => (r.bar as CandleEvent).close);
        if (closes.length > 0) checker.primeSpikeReference(median(closes));
        const rows = pending;
        pending = [];
        return rows;
      };

      for (const file of files) {
        let fileFormat: CandleFileFormat | undefined;
        ctx.source = file;
        for await (const { line, text } of readTextLines(file)) {
          if (fileFormat === undefined) {
            fileFormat = detectCandleFormat(text, file);
            if (format !== undefined && fileFormat !== format) throw new DataError({ source: file, row: 1 }, `kline format ${fileFormat} differs from the first file's ${format}`);
            format ??= fileFormat;
            checker ??= new CandleQualityChecker(path, fileFormat, { policy, maxGapMinutes: options.maxGapMinutes, spike: options.spike });
            holder.quality = checker.report;
            if (fileFormat !== 'binance') continue; // header line
          }
          if (text.trim() === '') continue;
          const row: PendingRow = { file, line };
          try {
            row.bar = parseCandleRow(fileFormat, text, ctx, line, barMs ?? NaN);
          } catch (error) {
            if (!(error instanceof DataError)) throw error;
            row.error = error;
          }
          if (barMs !== undefined) {
            const bar = check(row);
            if (bar) yield bar;
            continue;
          }
          if (row.bar) {
            sample.add(row.bar.openTime, fileFormat === 'shared' ? undefined : row.bar.durationMs);
            if (row.bar.openTime >= fromBound && row.bar.openTime < toBound) pendingInWindow++;
          }
          pending.push(row);
          if (sample.full && (pendingInWindow >= SPIKE_PRIMING_BARS || pending.length >= 64 * SPIKE_PRIMING_BARS)) {
            for (const ready of release()) {
              const bar = check(ready);
              if (bar) yield bar;
            }
          }
        }
      }
      if (format === undefined) throw new DataError({ source: path }, 'empty file');
      if (barMs === undefined && pending.some((r) => r.bar)) {
        for (const ready of release()) {
          const bar = check(ready);
          if (bar) yield bar;
        }
      } else if (barMs === undefined && checker !== undefined) {
        // Only unreadable rows: report (or under 'fail' throw) the first of them.
        for (const row of pending) if (row.error) checker.rejectUnparseable(row.error, row.line, row.error instanceof ImplausibleTimeError ? 'implausible-time' : 'unparseable');
      }
    },
  };
  return stream;
}

export interface LoadCandlesOptions extends CandleFileOptions {
  /**
   * Keep only the last N days, ending at the close of the latest bar that passes the checks (not at
   * the last line: a far-future or broken last row cannot move the window). Checks apply to that
   * window only.
   */
  lastDays?: number;
}

/** Loads a kline file into memory with its quality report (30 days of 1m bars is ~43k objects). */
export async function loadCandles(path: string, options: LoadCandlesOptions = {}): Promise<{ candles: CandleEvent[]; quality: DataQualityReport }> {
  let fromOpenTime = options.fromOpenTime;
  if (options.lastDays !== undefined) {
    if (!(options.lastDays > 0)) throw new RangeError(`lastDays must be > 0, got ${options.lastDays}`);
    const end = await latestValidClose(path, options);
    const windowStart = end - options.lastDays * 86_400_000;
    fromOpenTime = Math.max(windowStart, fromOpenTime ?? -Infinity);
  }
  const stream = readCandleFile(path, { ...options, fromOpenTime });
  const candles: CandleEvent[] = [];
  for await (const bar of stream) candles.push(bar);
  return { candles, quality: stream.quality };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The kline files behind `path` (itself, or a cache directory's day chunks) and the range to read. */
function candleFilesOf(path: string): { files: string[]; range: { from: number; to: number } } {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch (error) {
    throw new DataError({ source: path }, `cannot open: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  if (!isDirectory) return { files: [path], range: { from: -Infinity, to: Infinity } };
  const files = readdirSync(path)
    .filter((f) => /^\d{4}-\d{2}-\d{2}\.csv(\.gz)?$/.test(f))
    .sort()
    .map((f) => join(path, f));
  if (files.length === 0) throw new DataError({ source: path }, 'directory holds no YYYY-MM-DD.csv kline chunks');
  const manifestPath = join(path, 'manifest.json');
  if (existsSync(manifestPath)) {
    try {
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { range?: { from?: number; to?: number } };
      return { files, range: { from: manifest.range?.from ?? -Infinity, to: manifest.range?.to ?? Infinity } };
    } catch (error) {
      throw new DataError({ source: manifestPath }, `unreadable manifest: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { files, range: { from: -Infinity, to: Infinity } };
}

/**
 * Close time of the latest bar that passes the checks: a first pass over the whole series. Under
 * 'fail' it runs as 'drop' (a problem before the window must not stop it; the window's own pass
 * under 'fail' then refuses any problem inside it, including a bad row after the latest good bar).
 */
async function latestValidClose(path: string, options: CandleFileOptions): Promise<number> {
  const policy = options.policy === 'mark' ? 'mark' : 'drop';
  let end = -Infinity;
  for await (const bar of readCandleFile(path, { ...options, policy, fromOpenTime: undefined })) end = Math.max(end, bar.ts);
  if (!Number.isFinite(end)) throw new DataError({ source: path }, 'no valid bars');
  return end;
}
