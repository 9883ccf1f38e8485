/**
 * A linear scale with "nice" ticks at 1, 2 or 5 × 10^k (the same rule as d3/Vega), mapping a data
 * domain onto a pixel range. The domain is widened to whole ticks when `nice`, and to include 0
 * when `zero` (Vega-Lite's default for quantitative scales).
 */
export interface LinearScale {
  readonly domain: readonly [number, number];
  readonly ticks: readonly number[];
  /** Distance between two ticks in data units (gives the label precision). */
  readonly step: number;
  map(value: number): number;
}

export function linearScale(extent: readonly [number, number], range: readonly [number, number], options: { zero: boolean; nice: boolean; tickCount: number }): LinearScale {
  let [lo, hi] = extent;
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) [lo, hi] = [0, 1];
  if (options.zero) [lo, hi] = [Math.min(lo, 0), Math.max(hi, 0)];
  if (lo === hi) [lo, hi] = lo === 0 ? [0, 1] : [lo - Math.abs(lo) * 0.1, hi + Math.abs(hi) * 0.1];
  let step = tickStep(lo, hi, options.tickCount);
  if (options.nice) {
    // Two rounds, like d3's nice(): widening the domain can change the step once.
    for (let round = 0; round < 2; round++) {
      // Tolerant rounding: 0.30000000000000004 / 0.1 must not reach for a fourth step.
      lo = cleanMultiple(Math.floor(lo / step + 1e-9), step);
      hi = cleanMultiple(Math.ceil(hi / step - 1e-9), step);
      step = tickStep(lo, hi, options.tickCount);
    }
  }
  const ticks: number[] = [];
  const first = Math.ceil(lo / step - 1e-9);
  const last = Math.floor(hi / step + 1e-9);
  // Ticks as integer multiples of the step (no accumulated float error: 0.1 + 0.2 never shows up).
  for (let i = first; i <= last; i++) ticks.push(cleanMultiple(i, step));
  const [r0, r1] = range;
  const span = hi - lo;
  const domain: [number, number] = [lo, hi];
  return { domain, ticks, step, map: (value) => r0 + ((value - lo) / span) * (r1 - r0) };
}

/** The 1/2/5 × 10^k step giving about `count` ticks over [lo, hi]. */
export function tickStep(lo: number, hi: number, count: number): number {
  const raw = Math.abs(hi - lo) / Math.max(1, count);
  const power = Math.pow(10, Math.floor(Math.log10(raw)));
  const error = raw / power;
  const factor = error >= Math.sqrt(50) ? 10 : error >= Math.sqrt(10) ? 5 : error >= Math.sqrt(2) ? 2 : 1;
  return factor * power;
}

function cleanMultiple(i: number, step: number): number {
  // 3 * 0.1 = 0.30000000000000004: divide by the inverse when the step is a negative power of ten.
  if (step < 1) {
    const inverse = Math.round(1 / step);
    if (Math.abs(1 / inverse - step) < 1e-12 * step) return i / inverse;
  }
  return i * step;
}
