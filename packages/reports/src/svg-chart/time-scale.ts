/**
 * A UTC time scale: maps Unix ms onto pixels and picks tick instants on round UTC boundaries
 * (minutes, hours, days, weeks from Sunday, months, years) with the finest interval whose labels
 * still fit side by side (Vega-Lite's `labelOverlap`). Labels are `%Y-%m-%d %H:%M` in UTC, the
 * format every report time axis uses, so a page reads the same wherever it is opened.
 */
export interface TimeScale {
  readonly domain: readonly [number, number];
  readonly ticks: readonly number[];
  map(ts: number): number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const FIXED_INTERVALS = [MINUTE, 5 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY];
const WEEK = 7 * DAY;
// 1970-01-04 was a Sunday: weeks start on Sunday, like d3's utcWeek.
const FIRST_SUNDAY = 3 * DAY;
const MONTH_STEPS = [1, 3, 6, 12, 24, 60, 120];

export function timeScale(extent: readonly [number, number], range: readonly [number, number], maxTicks: number): TimeScale {
  let [lo, hi] = extent;
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) [lo, hi] = [0, DAY];
  if (lo === hi) [lo, hi] = [lo - HOUR, hi + HOUR];
  const [r0, r1] = range;
  const ticks = timeTicks(lo, hi, Math.max(1, maxTicks));
  return { domain: [lo, hi], ticks, map: (ts) => r0 + ((ts - lo) / (hi - lo)) * (r1 - r0) };
}

/** Round UTC instants in [lo, hi], at most `maxTicks` of them (at least the coarsest interval's). */
export function timeTicks(lo: number, hi: number, maxTicks: number): number[] {
  for (const interval of FIXED_INTERVALS) {
    const first = Math.ceil(lo / interval) * interval;
    if (Math.floor((hi - first) / interval) + 1 <= maxTicks) return stepTicks(first, hi, interval);
  }
  const firstWeek = FIRST_SUNDAY + Math.ceil((lo - FIRST_SUNDAY) / WEEK) * WEEK;
  if (Math.floor((hi - firstWeek) / WEEK) + 1 <= maxTicks) return stepTicks(firstWeek, hi, WEEK);
  for (const months of MONTH_STEPS) {
    const ticks = monthTicks(lo, hi, months);
    if (ticks.length <= maxTicks || months === MONTH_STEPS[MONTH_STEPS.length - 1]) return ticks;
  }
  return [];
}

function stepTicks(first: number, hi: number, interval: number): number[] {
  const ticks: number[] = [];
  for (let t = first; t <= hi; t += interval) ticks.push(t);
  return ticks;
}

function monthTicks(lo: number, hi: number, months: number): number[] {
  const start = new Date(lo);
  let index = start.getUTCFullYear() * 12 + start.getUTCMonth();
  index = Math.ceil(index / months) * months;
  const ticks: number[] = [];
  for (;;) {
    const t = Date.UTC(Math.floor(index / 12), index % 12, 1);
    if (t > hi) return ticks;
    if (t >= lo) ticks.push(t);
    index += months;
  }
}

/** `%Y-%m-%d %H:%M` in UTC. */
export function formatUtcMinute(ts: number): string {
  return new Date(ts).toISOString().slice(0, 16).replace('T', ' ');
}
