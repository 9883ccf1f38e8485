/**
 * Maximum-likelihood fit of lambda(delta) = A exp(-k delta) from the depths reached by individual
 * arrivals. Under the model, the depths of arrivals that reach at least delta0 are delta0 plus an
 * Exp(k) variable, so with n such arrivals and S = sum(depth - delta0):
 *   k = n / S,   standard error k / sqrt(n),
 *   A = (n / exposure) exp(k delta0)   (the rate at delta0, extrapolated to depth 0),
 * where `exposure` is the observed time x number of sides (seconds). Depths below delta0 (and
 * negative ones: orders that did not reach the mid's side) are left out. Returns undefined when
 * no arrival qualifies or all sit exactly at delta0 (k unbounded).
 *
 * Reads depths[from..to) so a rolling window can be fitted without copying.
 */
export interface IntensityMleFit {
  A: number;
  k: number;
  kStdErr: number;
  /** Arrivals at or beyond delta0. */
  n: number;
}

export function fitExponentialIntensityMle(depths: readonly number[], from: number, to: number, delta0: number, exposureSeconds: number): IntensityMleFit | undefined {
  if (!(exposureSeconds > 0) || !(delta0 >= 0)) return undefined;
  let n = 0;
  let excess = 0;
  for (let i = from; i < to; i++) {
    const d = depths[i];
    if (d >= delta0) {
      n++;
      excess += d - delta0;
    }
  }
  if (n === 0 || !(excess > 0)) return undefined;
  const k = n / excess;
  const A = (n / exposureSeconds) * Math.exp(k * delta0);
  if (!Number.isFinite(k) || !Number.isFinite(A)) return undefined;
  return { A, k, kStdErr: k / Math.sqrt(n), n };
}
