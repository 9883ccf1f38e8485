import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DataError, type CandleEvent } from '@mml/core';
import { CandleQualityChecker, emptyQualityReport, type DataQualityReport, type QualityPolicy } from '../quality/candle-quality';
import type { PriceSpikeOptions } from '../quality/price-spike';
import { BarLengthSample, decideBarLength } from './bar-length';
import { detectCandleFormat, parseCandleRow, type CandleFileFormat, type CandleRowContext } from './candle-format';
import { ImplausibleTimeError, unitName } from './epoch-time';
import { readTextLines, readWholeTextLines } from './text-lines';

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
  let checks: CandleChecks | undefined;
  return {
    get quality() {
      return checks?.quality ?? emptyQualityReport(path, 'unknown', options.policy ?? 'fail');
    },
    async *[Symbol.asyncIterator](): AsyncGenerator<CandleEvent> {
      const ctx: CandleRowContext = { source: path, nowMs: options.nowMs ?? Date.now() };
      checks = new CandleChecks(path, options, ctx);
      const kept: CandleEvent[] = [];
      for await (const parsed of streamCandleLines(candleFilesOf(path).files, ctx)) {
        checks.line(parsed, kept);
        for (const bar of kept) yield bar;
        kept.length = 0;
      }
      checks.finish(kept);
      for (const bar of kept) yield bar;
    },
  };
}

/**
 * What the checks read of a kline file: the first line of each file (its layout), then each data
 * row, parsed (or the error parsing it raised); a `failure` ends the lines (the file could not be
 * read further: the checks throw it once they reach it). Rows are parsed without the bar length
 * (NaN for the shared layout: the checks fill it in once known), so one parse serves any number of
 * checking passes (loadCandles runs two over the same parsed lines).
 */
type ParsedCandleLine = { kind: 'file'; file: string; format: CandleFileFormat } | ({ kind: 'row' } & PendingRow) | { kind: 'failure'; error: Error };

/** Where parsing stands: the first file's layout, the current file and its layout (once its first line was read). */
interface ParseState {
  format?: CandleFileFormat;
  file: string;
  fileFormat?: CandleFileFormat;
}

/** Parses one line of `state.file` into `out`; returns false after a failure (which it appended). */
function parseLine(state: ParseState, ctx: CandleRowContext, line: number, text: string, out: ParsedCandleLine[]): boolean {
  const file = state.file;
  let fileFormat = state.fileFormat;
  if (fileFormat === undefined) {
    try {
      fileFormat = detectCandleFormat(text, file);
      if (state.format !== undefined && fileFormat !== state.format) throw new DataError({ source: file, row: 1 }, `kline format ${fileFormat} differs from the first file's ${state.format}`);
    } catch (error) {
      out.push({ kind: 'failure', error: error as Error });
      return false;
    }
    state.fileFormat = fileFormat;
    state.format ??= fileFormat;
    out.push({ kind: 'file', file, format: fileFormat });
    if (fileFormat !== 'binance') return true; // header line
  }
  if (text.trim() === '') return true;
  const row: ParsedCandleLine = { kind: 'row', file, line };
  try {
    row.bar = parseCandleRow(fileFormat, text, ctx, line, NaN);
  } catch (error) {
    if (!(error instanceof DataError)) throw error;
    row.error = error;
  }
  out.push(row);
  return true;
}

/** Streams `files` line by line (readTextLines: never the whole file in memory), parsed. */
async function* streamCandleLines(files: readonly string[], ctx: CandleRowContext): AsyncGenerator<ParsedCandleLine> {
  const state: ParseState = { file: '' };
  const parsed: ParsedCandleLine[] = [];
  for (const file of files) {
    state.file = ctx.source = file;
    state.fileFormat = undefined;
    for await (const { line, text } of readTextLines(file)) {
      const more = parseLine(state, ctx, line, text, parsed);
      yield* parsed;
      parsed.length = 0;
      if (!more) return;
    }
  }
}

/** Every line of `files` read whole (readWholeTextLines) and parsed. */
async function parseWholeCandleFiles(files: readonly string[], ctx: CandleRowContext): Promise<ParsedCandleLine[]> {
  const state: ParseState = { file: '' };
  const parsed: ParsedCandleLine[] = [];
  for (const file of files) {
    const { lines, failure } = await readWholeTextLines(file);
    state.file = ctx.source = file;
    state.fileFormat = undefined;
    for (const { line, text } of lines) if (!parseLine(state, ctx, line, text, parsed)) return parsed;
    if (failure !== undefined) {
      parsed.push({ kind: 'failure', error: failure });
      return parsed;
    }
  }
  return parsed;
}

/**
 * The checks of a kline series, fed one parsed line at a time (`line`, then `finish` after the
 * last): the bar length comes from the first rows, read ahead before the first bar is released;
 * the rows are then checked in order under `policy`, and the bars kept are appended to `out`.
 * A row's bar is never changed by the checks except to fill in its length while unknown (the same
 * value on every pass), so parsed lines can be checked again.
 */
class CandleChecks {
  private readonly policy: QualityPolicy;
  private readonly fromBound: number;
  private readonly toBound: number;
  private readonly files: string[];
  private readonly sample = new BarLengthSample(BAR_LENGTH_SAMPLES);
  private format: CandleFileFormat | undefined;
  private checker: CandleQualityChecker | undefined;
  private barMs: number | undefined;
  private pending: PendingRow[] = [];
  private pendingInWindow = 0;

  constructor(
    private readonly path: string,
    private readonly options: CandleFileOptions,
    private readonly ctx: CandleRowContext,
  ) {
    this.policy = options.policy ?? 'fail';
    const { files, range } = candleFilesOf(path);
    this.files = files;
    this.fromBound = Math.max(options.fromOpenTime ?? -Infinity, range.from);
    this.toBound = Math.min(options.toOpenTime ?? Infinity, range.to);
  }

  get quality(): DataQualityReport {
    return this.checker?.report ?? emptyQualityReport(this.path, 'unknown', this.policy);
  }

  line(parsed: ParsedCandleLine, out: CandleEvent[]): void {
    if (parsed.kind === 'failure') throw parsed.error;
    if (parsed.kind === 'file') {
      this.format ??= parsed.format;
      this.checker ??= new CandleQualityChecker(this.path, parsed.format, { policy: this.policy, maxGapMinutes: this.options.maxGapMinutes, spike: this.options.spike });
      return;
    }
    if (this.barMs !== undefined) {
      this.check(parsed, out);
      return;
    }
    if (parsed.bar) {
      this.sample.add(parsed.bar.openTime, this.format === 'shared' ? undefined : parsed.bar.durationMs);
      if (parsed.bar.openTime >= this.fromBound && parsed.bar.openTime < this.toBound) this.pendingInWindow++;
    }
    this.pending.push(parsed);
    if (this.sample.full && (this.pendingInWindow >= SPIKE_PRIMING_BARS || this.pending.length >= 64 * SPIKE_PRIMING_BARS)) {
      for (const ready of this.release()) this.check(ready, out);
    }
  }

  finish(out: CandleEvent[]): void {
    if (this.format === undefined) throw new DataError({ source: this.path }, 'empty file');
    if (this.barMs === undefined && this.pending.some((r) => r.bar)) {
      for (const ready of this.release()) this.check(ready, out);
    } else if (this.barMs === undefined && this.checker !== undefined) {
      // Only unreadable rows: report (or under 'fail' throw) the first of them.
      for (const row of this.pending) if (row.error) this.checker.rejectUnparseable(row.error, row.line, row.error instanceof ImplausibleTimeError ? 'implausible-time' : 'unparseable');
    }
  }

  /** Runs one row through the checks; appends the bar when it is kept. */
  private check(row: PendingRow, out: CandleEvent[]): void {
    const checker = this.checker;
    const barMs = this.barMs;
    if (checker === undefined || barMs === undefined) return;
    checker.currentSource = row.file;
    if (row.error) {
      checker.rejectUnparseable(row.error, row.line, row.error instanceof ImplausibleTimeError ? 'implausible-time' : 'unparseable');
      return;
    }
    const bar = row.bar as CandleEvent;
    if (Number.isNaN(bar.durationMs)) {
      bar.durationMs = barMs;
      bar.ts = bar.openTime + barMs;
    }
    if (bar.openTime < this.fromBound || bar.openTime >= this.toBound) return;
    if (checker.accept(bar, row.line)) out.push(bar);
  }

  /** The bar length is decided from the rows read ahead; they are then checked in order. */
  private release(): PendingRow[] {
    const checker = this.checker;
    const format = this.format;
    if (checker === undefined || format === undefined) return [];
    let barMs: number;
    try {
      barMs = decideBarLength({
        source: this.path,
        files: this.files,
        fromData: this.sample.mostCommon(),
        how: format === 'shared' ? 'timestamp spacing' : format === 'binance' ? 'close_time' : 'duration_ms',
        expected: this.options.durationMs,
      });
    } catch (error) {
      // Under 'fail' a bad row read ahead is the first problem to report, not what it left unknown.
      const firstBad = this.pending.find((r) => r.error);
      if (this.policy === 'fail' && firstBad?.error) throw firstBad.error;
      throw error;
    }
    this.barMs = barMs;
    checker.expectBarLength(barMs);
    checker.report.barMs = barMs;
    if (this.ctx.unit !== undefined) checker.report.timeUnit = unitName(this.ctx.unit);
    const closes = this.pending.filter((r) => r.bar && r.bar.openTime >= this.fromBound && r.bar.openTime < this.toBound).map((r) => (r.bar as CandleEvent).close);
    if (closes.length > 0) checker.primeSpikeReference(median(closes));
    const rows = this.pending;
    this.pending = [];
    return rows;
  }
}

/** Runs the checks over lines parsed earlier; returns the bars kept and the quality report. */
function checkParsed(path: string, options: CandleFileOptions, ctx: CandleRowContext, parsed: readonly ParsedCandleLine[]): { candles: CandleEvent[]; quality: DataQualityReport } {
  const checks = new CandleChecks(path, options, ctx);
  const candles: CandleEvent[] = [];
  for (const line of parsed) checks.line(line, candles);
  checks.finish(candles);
  return { candles, quality: checks.quality };
}

export interface LoadCandlesOptions extends CandleFileOptions {
  /**
   * Keep only the last N days, ending at the close of the latest bar that passes the checks (not at
   * the last line: a far-future or broken last row cannot move the window). Checks apply to that
   * window only.
   */
  lastDays?: number;
}

/**
 * Loads a kline file into memory with its quality report (30 days of 1m bars is ~43k objects). The
 * file is read whole and parsed once (readWholeTextLines: decompressed off the JS thread, split
 * without an await per line); with `lastDays` its parsed rows are checked twice, first to find the
 * end of the window (see latestValidClose), then the window itself, so every row of the file is
 * held in memory meanwhile (a year of 1m bars is ~0.5M rows, ~100 MB). Same bars, report and
 * errors as two readCandleFile passes.
 */
export async function loadCandles(path: string, options: LoadCandlesOptions = {}): Promise<{ candles: CandleEvent[]; quality: DataQualityReport }> {
  const { candles, quality } = await loadCandlesWithClockUse(path, options);
  return { candles, quality };
}

/**
 * loadCandles, also telling whether its result could differ at a later "now": true when any row
 * held a time that is no plausible time at this `nowMs` (a time more than a day ahead becomes
 * plausible later). Otherwise every time was plausible, stays plausible in the same unit as the
 * clock moves on, and the same file always loads the same way (candle-cache.ts relies on it).
 */
export async function loadCandlesWithClockUse(path: string, options: LoadCandlesOptions = {}): Promise<{ candles: CandleEvent[]; quality: DataQualityReport; dependsOnClock: boolean }> {
  let fromOpenTime = options.fromOpenTime;
  if (options.lastDays !== undefined && !(options.lastDays > 0)) throw new RangeError(`lastDays must be > 0, got ${options.lastDays}`);
  const ctx: CandleRowContext = { source: path, nowMs: options.nowMs ?? Date.now() };
  const parsed = await parseWholeCandleFiles(candleFilesOf(path).files, ctx);
  if (options.lastDays !== undefined) {
    const end = latestValidClose(path, options, ctx, parsed);
    const windowStart = end - options.lastDays * 86_400_000;
    fromOpenTime = Math.max(windowStart, fromOpenTime ?? -Infinity);
  }
  const { candles, quality } = checkParsed(path, { ...options, fromOpenTime }, ctx, parsed);
  const dependsOnClock = parsed.some((line) => line.kind === 'row' && line.error instanceof ImplausibleTimeError);
  return { candles, quality, dependsOnClock };
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
function latestValidClose(path: string, options: CandleFileOptions, ctx: CandleRowContext, parsed: readonly ParsedCandleLine[]): number {
  const policy = options.policy === 'mark' ? 'mark' : 'drop';
  const { candles, quality } = checkParsed(path, { ...options, policy, fromOpenTime: undefined }, ctx, parsed);
  let end = -Infinity;
  for (const bar of candles) end = Math.max(end, bar.ts);
  if (!Number.isFinite(end)) {
    const first = quality.findings[0];
    throw new DataError({ source: path }, `no valid bars${first ? `; the first problem: ${first.message}` : ''}`);
  }
  return end;
}
