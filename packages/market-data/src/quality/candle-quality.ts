import { DataError, type CandleEvent } from '@mml/core';

/**
 * What to do with a bar that fails a check:
 * - 'fail': throw a DataError naming file and row (the default, for research gates);
 * - 'drop': remove the bar and report it;
 * - 'mark': keep the bar and report it. Bars that would break replay order (duplicates, earlier
 *   timestamps) and bars that are unusable (non-positive price, broken OHLC) are still dropped
 *   under 'mark', because no consumer can use them; they are reported as dropped.
 */
export type QualityPolicy = 'fail' | 'drop' | 'mark';

export type QualityFindingKind = 'unparseable' | 'duplicate' | 'unsorted' | 'non-positive-price' | 'ohlc' | 'negative-volume' | 'halt' | 'gap';

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
}

export interface CandleQualityOptions {
  policy: QualityPolicy;
  /** A gap longer than this many minutes is an error under 'fail' (default: gaps are only reported). */
  maxGapMinutes?: number;
  /** How many findings to keep in the report (default 1000). */
  maxFindings?: number;
}

export function emptyQualityReport(source: string, format: string, policy: QualityPolicy): DataQualityReport {
  return {
    source,
    format,
    policy,
    rows: 0,
    kept: 0,
    dropped: 0,
    counts: { unparseable: 0, duplicate: 0, unsorted: 0, 'non-positive-price': 0, ohlc: 0, 'negative-volume': 0, halt: 0, gap: 0 },
    findings: [],
    gaps: [],
    halts: [],
  };
}

/**
 * Streaming kline checks: one bar at a time, constant memory. `accept` returns whether to keep the
 * bar; under 'fail' it throws on the first problem. Gaps are measured between kept bars.
 */
export class CandleQualityChecker {
  readonly report: DataQualityReport;
  private lastOpenTime = -Infinity;
  private openHalt: CandleHalt | undefined;
  /** The file now being checked (a directory of chunks is checked as one series, file by file). */
  currentSource: string;

  constructor(
    source: string,
    format: string,
    private readonly options: CandleQualityOptions,
  ) {
    this.report = emptyQualityReport(source, format, options.policy);
    this.currentSource = source;
  }

  /** Records a row that could not be parsed at all. */
  rejectUnparseable(error: DataError, row: number): void {
    this.report.rows++;
    if (this.options.policy === 'fail') throw error;
    this.record('unparseable', row, undefined, error.message, 'dropped');
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
    if (!(bar.open > 0 && bar.high > 0 && bar.low > 0 && bar.close > 0)) return { kind: 'non-positive-price', message: 'a price is zero or negative' };
    if (bar.high < Math.max(bar.open, bar.close) || bar.low > Math.min(bar.open, bar.close) || bar.high < bar.low) {
      return { kind: 'ohlc', message: `inconsistent OHLC (o=${bar.open} h=${bar.high} l=${bar.low} c=${bar.close})` };
    }
    if (bar.volume < 0) return { kind: 'negative-volume', message: `negative volume ${bar.volume}` };
    return undefined;
  }

  private checkGap(bar: CandleEvent, row: number): void {
    if (!Number.isFinite(this.lastOpenTime)) return;
    const missing = Math.round((bar.openTime - this.lastOpenTime) / bar.durationMs) - 1;
    if (missing <= 0) return;
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
