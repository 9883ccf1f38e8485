import { DataError } from '@mml/core';
import { formatBarLength, intervalFromFileName, MAX_BAR_MS, MIN_BAR_MS } from './candle-format';

/**
 * The bar length of a kline series comes from the data: the most common spacing between
 * consecutive open times (the shared format), or the most common length the rows state (Binance
 * close time, our cache's duration column). The most common value, not the first, so that one
 * corrupted row among the first ones cannot set it. A file name (`_1m_`) or the caller's
 * `durationMs` may only confirm it: a mismatch is an error naming the file.
 */
export class BarLengthSample {
  private readonly counts = new Map<number, number>();
  private samples = 0;
  private lastOpenTime: number | undefined;

  constructor(private readonly limit: number) {}

  get full(): boolean {
    return this.samples >= this.limit;
  }

  /** Adds a parsed bar: its spacing from the previous one (shared format) or its stated length. */
  add(openTime: number, statedMs: number | undefined): void {
    if (this.full) return;
    if (statedMs !== undefined) {
      this.count(statedMs);
    } else if (this.lastOpenTime !== undefined && openTime > this.lastOpenTime) {
      this.count(openTime - this.lastOpenTime);
    }
    // Spacing from the latest bar so far: a row out of order does not make the next spacing look long.
    if (this.lastOpenTime === undefined || openTime > this.lastOpenTime) this.lastOpenTime = openTime;
  }

  /** The most common value (the shorter one on a tie), or undefined when nothing was sampled. */
  mostCommon(): number | undefined {
    let best: number | undefined;
    let bestCount = 0;
    for (const [value, count] of this.counts) {
      if (count > bestCount || (count === bestCount && best !== undefined && value < best)) {
        best = value;
        bestCount = count;
      }
    }
    return best;
  }

  private count(value: number): void {
    this.counts.set(value, (this.counts.get(value) ?? 0) + 1);
    this.samples++;
  }
}

export interface BarLengthEvidence {
  /** The stream's path (a file, or a cache directory). */
  source: string;
  /** The files read, whose names may carry a `_1m_`-style token. */
  files: readonly string[];
  /** From the data, when it could tell. */
  fromData: number | undefined;
  /** What the data value came from, for messages: "timestamp spacing", "close_time", "duration_ms". */
  how: string;
  /** The caller's expectation (CandleFileOptions.durationMs). */
  expected?: number;
}

/**
 * Decides the series' bar length. The data's value wins and must agree with every file-name token
 * and with `expected`; only when the data cannot tell (a single bar) may the caller's value or a
 * file name supply it. Throws a DataError naming the file otherwise.
 */
export function decideBarLength(evidence: BarLengthEvidence): number {
  const { source, fromData, how, expected } = evidence;
  if (fromData === undefined) {
    const named = evidence.files.map(intervalFromFileName).find((ms) => ms !== undefined);
    const chosen = expected ?? named;
    if (chosen === undefined) {
      throw new DataError({ source }, 'cannot tell the bar length: fewer than two bars, and neither a file-name token like _1m_ nor durationMs states it');
    }
    return chosen;
  }
  if (!(fromData >= MIN_BAR_MS && fromData <= MAX_BAR_MS)) {
    throw new DataError({ source }, `bars are ${fromData} ms apart (from ${how}): not a bar length between ${formatBarLength(MIN_BAR_MS)} and ${formatBarLength(MAX_BAR_MS)}`);
  }
  for (const file of evidence.files) {
    const named = intervalFromFileName(file);
    if (named !== undefined && named !== fromData) {
      throw new DataError(
        { source: file },
        `the file name says ${formatBarLength(named)} bars but the data's bars are ${formatBarLength(fromData)} (from ${how}); rename the file or check the data`,
      );
    }
  }
  if (expected !== undefined && expected !== fromData) {
    throw new DataError({ source }, `expected ${formatBarLength(expected)} bars but the data's bars are ${formatBarLength(fromData)} (from ${how})`);
  }
  return fromData;
}
