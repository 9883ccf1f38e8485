/**
 * Performance statistics over a sampled equity curve. Pure functions of plain arrays, so reports
 * and tests can recompute them.
 */

/**
 * Simple period returns e[i]/e[i-1] - 1 over equity[0, count) and then `last` if given (periods
 * with a non-positive start are skipped).
 */
export function periodReturns(equity: ArrayLike<number>, count = equity.length, last?: number): Float64Array {
  const total = count + (last === undefined ? 0 : 1);
  const out = new Float64Array(Math.max(0, total - 1));
  let n = 0;
  let previous = count > 0 ? equity[0] : NaN;
  for (let i = 1; i < total; i++) {
    const value = i < count ? equity[i] : (last as number);
    if (previous > 0) out[n++] = value / previous - 1;
    previous = value;
  }
  return out.subarray(0, n);
}

/**
 * Annualised Sharpe: mean / sample std of period returns x sqrt(periods per year); 0 when undefined.
 *
 * With `weights` (each return's length in periods, e.g. a final partial period 0.25 or a return
 * across a data gap of 30 periods) returns are treated as sums of w i.i.d. per-period returns:
 * mean per period = sum(r) / sum(w), variance per period = sum((r - mean w)^2 / w) / (n - 1).
 * All weights 1 gives the plain estimator.
 */
export function annualisedSharpe(returns: ArrayLike<number>, periodsPerYear: number, weights?: ArrayLike<number>): number {
  const n = returns.length;
  if (n < 2) return 0;
  let sum = 0;
  let totalWeight = 0;
  for (let i = 0; i < n; i++) {
    sum += returns[i];
    totalWeight += weights ? weights[i] : 1;
  }
  const mean = sum / totalWeight;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const w = weights ? weights[i] : 1;
    const d = returns[i] - mean * w;
    // (x / 1 is x: the division only for weights other than one period.)
    ss += w === 1 ? d * d : (d * d) / w;
  }
  const std = Math.sqrt(ss / (n - 1));
  return std > 0 ? (mean / std) * Math.sqrt(periodsPerYear) : 0;
}

/**
 * Annualised Sortino: mean / downside deviation (root mean square of min(r, 0) over all periods); 0 when undefined.
 * With `weights` as in annualisedSharpe: mean = sum(r) / sum(w), downside variance per period = sum(min(r, 0)^2 / w) / n.
 */
export function annualisedSortino(returns: ArrayLike<number>, periodsPerYear: number, weights?: ArrayLike<number>): number {
  const n = returns.length;
  if (n < 2) return 0;
  let sum = 0;
  let totalWeight = 0;
  let down = 0;
  for (let i = 0; i < n; i++) {
    const r = returns[i];
    const w = weights ? weights[i] : 1;
    sum += r;
    totalWeight += w;
    if (r < 0) down += w === 1 ? r * r : (r * r) / w;
  }
  const dd = Math.sqrt(down / n);
  return dd > 0 ? (sum / totalWeight / dd) * Math.sqrt(periodsPerYear) : 0;
}

/** Finite or zero: metrics are JSON and must never carry NaN or Infinity. */
export function finiteOrZero(value: number): number {
  return Number.isFinite(value) ? value : 0;
}
