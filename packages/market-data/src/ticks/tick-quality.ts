import { DataError } from '@mml/core';
import type { QualityPolicy } from '../quality/candle-quality';

/**
 * Data-quality findings of the tick readers (captures, tick CSVs, Binance dumps, fetched trades).
 * - `unparseable`: a line that is not what the format says (bad JSON, missing field, NaN);
 * - `sequence-break`: an update-id chain broken (depth `U != prev u + 1` on spot, `pu != prev u` on
 *   futures) or a trade id that skips ids (missing trades);
 * - `duplicate-id`: a trade (or aggTrade) id seen again, or a depth diff that does not advance `u`;
 * - `out-of-order-time`: exchange time going backwards within one stream, or local time going
 *   backwards across the file.
 */
export type TickFindingKind = 'unparseable' | 'sequence-break' | 'duplicate-id' | 'out-of-order-time';

export interface TickFinding {
  kind: TickFindingKind;
  /** The file the line came from. */
  source: string;
  /** 1-based line number (line 1 = header when the file has one). */
  line: number;
  message: string;
  action: 'dropped' | 'kept';
}

export interface TickQualityReport {
  /** The files read, in order. */
  sources: string[];
  policy: QualityPolicy;
  /** Lines examined (data lines; headers and blank lines excluded). */
  lines: number;
  /** Events emitted. */
  events: number;
  dropped: number;
  /** Lines of streams the reader does not use (e.g. markPrice), skipped by design. */
  ignored: number;
  counts: Record<TickFindingKind, number>;
  /** First `maxFindings` findings in file order (the counts are complete). */
  findings: TickFinding[];
}

export function emptyTickQualityReport(policy: QualityPolicy): TickQualityReport {
  return {
    sources: [],
    policy,
    lines: 0,
    events: 0,
    dropped: 0,
    ignored: 0,
    counts: { unparseable: 0, 'sequence-break': 0, 'duplicate-id': 0, 'out-of-order-time': 0 },
    findings: [],
  };
}

/**
 * Applies a policy to tick findings. `flag` returns whether to keep the event:
 * - 'fail' throws a DataError "<file>, row N: <kind>: …";
 * - 'drop' removes the event and reports it;
 * - 'mark' keeps it and reports it, except unparseable lines and duplicate ids, which no consumer
 *   can use (a duplicate trade would count volume twice): those are dropped and reported as dropped,
 *   as in the candle reader.
 */
export class TickQualityChecker {
  readonly report: TickQualityReport;

  constructor(
    policy: QualityPolicy,
    private readonly maxFindings = 1000,
  ) {
    this.report = emptyTickQualityReport(policy);
  }

  flag(kind: TickFindingKind, source: string, line: number, message: string): boolean {
    if (this.report.policy === 'fail') throw new DataError({ source, row: line }, `${kind}: ${message}`);
    const keep = this.report.policy === 'mark' && kind !== 'unparseable' && kind !== 'duplicate-id';
    this.report.counts[kind]++;
    if (!keep) this.report.dropped++;
    if (this.report.findings.length < this.maxFindings) {
      this.report.findings.push({ kind, source, line, message, action: keep ? 'kept' : 'dropped' });
    }
    return keep;
  }

  /** An unparseable line: thrown under 'fail' (the error already names file, row and field). */
  unparseable(error: DataError, source: string, line: number): void {
    if (this.report.policy === 'fail') throw error;
    this.flag('unparseable', source, line, error.message);
  }
}

/**
 * Per-stream ordering checks shared by the readers: exchange time must not go backwards and ids
 * must increase by one (trades) or at least increase (aggTrades and update ids may skip).
 */
export class StreamOrder {
  private lastTime = -Infinity;
  private lastId = -Infinity;

  constructor(
    private readonly label: string,
    /** True when consecutive ids must differ by exactly 1 (trade ids); false: only increase. */
    private readonly contiguousIds: boolean,
  ) {}

  /** Returns the first problem with this event, without recording it (the caller flags it). */
  check(time: number, id: number): { kind: TickFindingKind; message: string } | undefined {
    if (id === id && this.lastId !== -Infinity) {
      if (id <= this.lastId) return { kind: 'duplicate-id', message: `${this.label} id ${id} after id ${this.lastId}` };
      if (this.contiguousIds && id !== this.lastId + 1) {
        return { kind: 'sequence-break', message: `${this.label} id ${id} follows id ${this.lastId}: ${id - this.lastId - 1} missing` };
      }
    }
    if (time < this.lastTime) return { kind: 'out-of-order-time', message: `${this.label} time ${time} is earlier than the previous ${this.lastTime}` };
    return undefined;
  }

  /** Records an event that was kept. A kept event that broke the order still moves the cursor on. */
  advance(time: number, id: number): void {
    if (time > this.lastTime) this.lastTime = time;
    if (id === id && id > this.lastId) this.lastId = id;
  }
}
