/**
 * Performance statistics over a sampled equity curve. Pure functions of plain arrays, so reports
 * and tests can recompute them.
 */

/** Simple period returns e[i]/e[i-1] - 1 (periods with a non-positive start are skipped). */
export function periodReturns(equity: ArrayLike<number>, count = equity.length): number[] {
  const out: number[] = [];
  for (let i = 1; i < count; i++) if (equity[i - 1] > 0) out.push(equity[i] / equity[i - 1] - 1);
  return out;
}

/** Annualised Sharpe: mean / sample std of period returns x sqrt(periods per year); 0 when undefined. */
export function annualisedSharpe(returns: readonly number[], periodsPerYear: number): number {
  const n = returns.length;
  if (n < 2) return 0;
  let sum = 0;
  for (const r of returns) sum += r;
  const mean = sum / n;
  let ss = 0;
  for (const r of returns) ss += (r - mean) * (r - mean);
  const std = Math.sqrt(ss / (n - 1));
  return std > 0 ? (mean / std) * Math.sqrt(periodsPerYear) : 0;
}

/** Annualised Sortino: mean / downside deviation (root mean square of min(r, 0) over all periods); 0 when undefined. */
export function annualisedSortino(returns: readonly number[], periodsPerYear: number): number {
  const n = returns.length;
  if (n < 2) return 0;
  let sum = 0;
  let down = 0;
  for (const r of returns) {
    sum += r;
    if (r < 0) down += r * r;
  }
  const dd = Math.sqrt(down / n);
  return dd > 0 ? (sum / n / dd) * Math.sqrt(periodsPerYear) : 0;
}

/** Finite or zero: metrics are JSON and must never carry NaN or Infinity. */
export function finiteOrZero(value: number): number {
  return Number.isFinite(value) ? value : 0;
}
