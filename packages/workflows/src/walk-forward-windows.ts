/**
 * Walk-forward windows over a time range. Train and test are half-open [start, end) intervals in
 * Unix ms; the test window always starts after the train window ends (plus an optional purge gap,
 * so that no bar straddling the boundary can leak training information into the test).
 */
export type WalkForwardMode = 'rolling' | 'anchored';

export interface WalkForwardWindow {
  fold: number;
  trainStart: number;
  trainEnd: number;
  testStart: number;
  testEnd: number;
}

export interface WalkForwardWindowOptions {
  startTs: number;
  endTs: number;
  trainDays: number;
  testDays: number;
  mode: WalkForwardMode;
  /** Gap between train end and test start, in ms (default 0). */
  purgeMs?: number;
}

const DAY_MS = 86_400_000;

export function walkForwardWindows(options: WalkForwardWindowOptions): WalkForwardWindow[] {
  const { startTs, endTs, trainDays, testDays, mode } = options;
  const purgeMs = options.purgeMs ?? 0;
  if (!(trainDays > 0) || !(testDays > 0)) throw new RangeError(`trainDays and testDays must be > 0 (got ${trainDays}, ${testDays})`);
  if (!(purgeMs >= 0)) throw new RangeError(`purgeMs must be >= 0, got ${purgeMs}`);
  const trainMs = trainDays * DAY_MS;
  const testMs = testDays * DAY_MS;
  const windows: WalkForwardWindow[] = [];
  // Each fold's test window follows the previous one; the train window rolls (fixed length) or
  // stays anchored at the start (growing).
  for (let trainEnd = startTs + trainMs; trainEnd + purgeMs + testMs <= endTs; trainEnd += testMs) {
    windows.push({
      fold: windows.length,
      trainStart: mode === 'anchored' ? startTs : trainEnd - trainMs,
      trainEnd,
      testStart: trainEnd + purgeMs,
      testEnd: trainEnd + purgeMs + testMs,
    });
  }
  if (windows.length === 0) {
    throw new RangeError(
      `no walk-forward fold fits: ${((endTs - startTs) / DAY_MS).toFixed(2)} days of data < trainDays ${trainDays} + testDays ${testDays}`,
    );
  }
  return windows;
}

/** Index range [from, to) of the items whose `ts` lies in [start, end); `items` sorted by ts. */
export function indexRangeByTs(items: readonly { ts: number }[], start: number, end: number): [number, number] {
  return [lowerBound(items, start), lowerBound(items, end)];
}

function lowerBound(items: readonly { ts: number }[], ts: number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (items[mid].ts < ts) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
