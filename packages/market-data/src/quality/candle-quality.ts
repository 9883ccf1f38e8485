import { DataError, type CandleEvent } from '@mml/core';
import { PriceSpikeDetector, type PriceSpikeOptions } from './price-spike';

/**
 * What to do with a bar that fails a check:
 * - 'fail': throw a DataError naming file and row (the default, for research gates);
 * - 'drop': remove the bar and report it;
 * - 'mark': keep the bar and report it. Bars that would break replay order (duplicates, earlier
 *   timestamps) and bars that are unusable (non-positive price, broken OHLC) are still dropped
 *   under 'mark', because no consumer can use them; they are reported as dropped. A price spike
 *   is kept (and reported) under 'mark'.
 */
export type QualityPolicy = 'fail' | 'drop' | 'mark';

export type QualityFindingKind =
  | 'unparseable'
  | 'implausible-time'
  | 'duplicate'
  | 'unsorted'
  | 'overlap'
  | 'misaligned'
  | 'bar-length'
  | 'non-positive-price'
  | 'ohlc'
  | 'negative-volume'
  | 'spike'
  | 'halt'
  | 'gap';

export interface QualityFinding {
  kind: QualityFindingKind;
  source: string;
  /** 1-based line number in the file (line 1 = header when the file has one). */
  row: number;
  /** Bar open time, when it could be read. */
  openTime?: number;
  message: string;
  action: 'dropped' | 'kept' | 'reported';
}

/** Missing bars between two consecutive bars. */
export interface CandleGap {
  /** Open time of the first missing bar. */
  fromOpenTime: number;
  /** Open time of the first bar after the gap. */
  toOpenTime: number;
  missingBars: number;
  row: number;
}

/** A run of consecutive zero-volume bars: the exchange printed empty bars while matching was stopped. */
export interface CandleHalt {
  fromOpenTime: number;
  toOpenTime: number;
  bars: number;
  fromRow: number;
  toRow: number;
}

export interface DataQualityReport {
  source: string;
  format: string;
  policy: QualityPolicy;
  /** Data rows examined (inside the requested time window). */
  rows: number;
  kept: number;
  dropped: number;
  counts: Record<QualityFindingKind, number>;
  /** First `maxFindings` findings in file order (counts are complete). */
  findings: QualityFinding[];
  gaps: CandleGap[];
  halts: CandleHalt[];
  firstOpenTime?: number;
  lastOpenTime?: number;
  /** Bar length in ms, from the data (timestamp spacing or the format's close time / duration column). */
  barMs?: number;
  /** Unit the file's timestamps were written in (converted to ms on reading). */
  timeUnit?: string;
}

export interface CandleQualityOptions {
  policy: QualityPolicy;
  /** A gap longer than this many minutes is an error under 'fail' (default: gaps are only reported). */
  maxGapMinutes?: number;
  /** How many findings to keep in the report (default 1000). */
  maxFindings?: number;
  /** Price-spike check (see PriceSpikeDetector); `false` turns it off. */
  spike?: PriceSpikeOptions | false;
}

export function emptyQualityReport(source: string, format: string, policy: QualityPolicy): DataQualityReport {
  return {
    source,
    format,
    policy,
    rows: 0,
    kept: 0,
    dropped: 0,
    counts: {
      unparseable: 0,
      'implausible-time': 0,
      duplicate: 0,
      unsorted: 0,
      overlap: 0,
      misaligned: 0,
      'bar-length': 0,
      'non-positive-price': 0,
      ohlc: 0,
      'negative-volume': 0,
      spike: 0,
      halt: 0,
      gap: 0,
    },
    findings: [],
    gaps: [],
    halts: [],
  };
}

/**
 * Streaming kline checks: one bar at a time, constant memory. `accept` returns whether to keep the
 * bar; under 'fail' it throws on the first problem. Every bar's spacing from the previous kept bar
 * is checked (overlap, off-grid, changed bar length), then gaps are measured between kept bars.
 */
export class CandleQualityChecker {
  readonly report: DataQualityReport;
  private lastOpenTime = -Infinity;
  private barMs: number | undefined;
  private openHalt: CandleHalt | undefined;
  private readonly spike: PriceSpikeDetector | undefined;
  /** The file now being checked (a directory of chunks is checked as one series, file by file). */
  currentSource: string;

  constructor(
    source: string,
    format: string,
    private readonly options: CandleQualityOptions,
  ) {
    this.report = emptyQualityReport(source, format, options.policy);
    this.currentSource = source;
    this.spike = options.spike === false ? undefined : new PriceSpikeDetector(options.spike);
  }

  /** The series' bar length, when the reader decided it from the data (else the first kept bar's). */
  expectBarLength(ms: number): void {
    this.barMs = ms;
    this.report.barMs = ms;
  }

  /** A starting price reference for the spike check (e.g. the median close of the first bars). */
  primeSpikeReference(price: number): void {
    this.spike?.prime(price);
  }

  /** Records a row that could not be parsed at all ('implausible-time': its timestamp is no plausible time). */
  rejectUnparseable(error: DataError, row: number, kind: 'unparseable' | 'implausible-time' = 'unparseable'): void {
    this.report.rows++;
    if (this.options.policy === 'fail') throw error;
    this.record(kind, row, undefined, error.message, 'dropped');
    this.report.dropped++;
  }

  accept(bar: CandleEvent, row: number): boolean {
    this.report.rows++;
    const problem = this.structuralProblem(bar);
    if (problem) {
      this.fail(problem.kind, row, bar.openTime, problem.message);
      this.record(problem.kind, row, bar.openTime, problem.message, 'dropped');
      this.report.dropped++;
      return false;
    }
    const spike = this.spike?.check(bar);
    if (spike !== undefined) {
      this.fail('spike', row, bar.openTime, spike);
      const keep = this.options.policy === 'mark';
      this.record('spike', row, bar.openTime, spike, keep ? 'kept' : 'dropped');
      if (!keep) {
        this.report.dropped++;
        return false;
      }
    } else {
      this.spike?.advance(bar);
    }
    if (bar.volume === 0) {
      const message = `zero-volume bar at ${iso(bar.openTime)} (trading halt?)`;
      this.fail('halt', row, bar.openTime, message);
      const keep = this.options.policy === 'mark';
      this.record('halt', row, bar.openTime, message, keep ? 'kept' : 'dropped');
      this.trackHalt(bar, row);
      if (!keep) {
        this.report.dropped++;
        return false;
      }
    } else {
      this.openHalt = undefined;
    }
    this.checkGap(bar, row);
    this.lastOpenTime = bar.openTime;
    this.barMs ??= bar.durationMs;
    this.report.barMs ??= bar.durationMs;
    this.report.firstOpenTime ??= bar.openTime;
    this.report.lastOpenTime = bar.openTime;
    this.report.kept++;
    return true;
  }

  private structuralProblem(bar: CandleEvent): { kind: QualityFindingKind; message: string } | undefined {
    if (bar.openTime === this.lastOpenTime) return { kind: 'duplicate', message: `duplicate bar at ${iso(bar.openTime)}` };
    if (bar.openTime < this.lastOpenTime) {
      return { kind: 'unsorted', message: `bar at ${iso(bar.openTime)} is earlier than the previous bar at ${iso(this.lastOpenTime)}` };
    }
    const spacing = this.spacingProblem(bar);
    if (spacing) return spacing;
    if (!(bar.open > 0 && bar.high > 0 && bar.low > 0 && bar.close > 0)) return { kind: 'non-positive-price', message: 'a price is zero or negative' };
    if (bar.high < Math.max(bar.open, bar.close) || bar.low > Math.min(bar.open, bar.close) || bar.high < bar.low) {
      return { kind: 'ohlc', message: `inconsistent OHLC (o=${bar.open} h=${bar.high} l=${bar.low} c=${bar.close})` };
    }
    if (bar.volume < 0) return { kind: 'negative-volume', message: `negative volume ${bar.volume}` };
    return undefined;
  }

  /**
   * Bars must all have the series' length, and each must open a whole number of bar lengths after
   * the previous kept bar: closer is an overlap (the bars cover the same time twice), in between is
   * off the grid. Checked for every bar, whether or not anything is missing.
   */
  private spacingProblem(bar: CandleEvent): { kind: QualityFindingKind; message: string } | undefined {
    if (!(Number.isInteger(bar.durationMs) && bar.durationMs > 0)) return { kind: 'bar-length', message: `bar length ${bar.durationMs} ms is not a positive whole number of ms` };
    if (this.barMs === undefined) return undefined;
    if (bar.durationMs !== this.barMs) return { kind: 'bar-length', message: `bar length ${bar.durationMs} ms differs from the series' ${this.barMs} ms` };
    if (!Number.isFinite(this.lastOpenTime)) return undefined;
    const spacing = bar.openTime - this.lastOpenTime;
    if (spacing < this.barMs) {
      return { kind: 'overlap', message: `bar at ${iso(bar.openTime)} opens ${spacing} ms after the previous bar at ${iso(this.lastOpenTime)}, inside its ${this.barMs} ms` };
    }
    if (spacing % this.barMs !== 0) {
      return { kind: 'misaligned', message: `bar at ${iso(bar.openTime)} is ${spacing} ms after the previous bar, not a whole number of ${this.barMs} ms bars` };
    }
    return undefined;
  }

  private checkGap(bar: CandleEvent, row: number): void {
    if (!Number.isFinite(this.lastOpenTime)) return;
    const missing = (bar.openTime - this.lastOpenTime) / bar.durationMs - 1; // whole: spacingProblem passed
    if (missing === 0) return;
    const gap: CandleGap = { fromOpenTime: this.lastOpenTime + bar.durationMs, toOpenTime: bar.openTime, missingBars: missing, row };
    const minutes = (missing * bar.durationMs) / 60_000;
    const message = `${missing} missing bar(s) from ${iso(gap.fromOpenTime)} to ${iso(bar.openTime)}`;
    if (this.options.maxGapMinutes !== undefined && minutes > this.options.maxGapMinutes && this.options.policy === 'fail') {
      throw new DataError({ source: this.currentSource, row }, `${message}: gap of ${minutes} min exceeds maxGapMinutes ${this.options.maxGapMinutes}`);
    }
    this.report.gaps.push(gap);
    this.record('gap', row, bar.openTime, message, 'reported');
  }

  private trackHalt(bar: CandleEvent, row: number): void {
    const open = this.openHalt;
    if (open && bar.openTime - open.toOpenTime === bar.durationMs) {
      open.toOpenTime = bar.openTime;
      open.toRow = row;
      open.bars++;
      return;
    }
    this.openHalt = { fromOpenTime: bar.openTime, toOpenTime: bar.openTime, bars: 1, fromRow: row, toRow: row };
    this.report.halts.push(this.openHalt);
    // A dropped halt bar does not advance lastOpenTime, so the following gap spans the halt too.
  }

  private fail(kind: QualityFindingKind, row: number, openTime: number | undefined, message: string): void {
    if (this.options.policy === 'fail') throw new DataError({ source: this.currentSource, row }, `${kind}: ${message}`);
    void openTime;
  }

  private record(kind: QualityFindingKind, row: number, openTime: number | undefined, message: string, action: QualityFinding['action']): void {
    this.report.counts[kind]++;
    if (this.report.findings.length < (this.options.maxFindings ?? 1000)) {
      this.report.findings.push({ kind, source: this.currentSource, row, openTime, message, action });
    }
  }
}

function iso(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : String(ms);
}
