/**
 * Fits lambda(delta) = A exp(-k delta) by ordinary least squares on ln(lambda) = ln(A) - k delta.
 * Points with a non-positive or non-finite lambda are dropped (their log is undefined). Returns
 * undefined when fewer than `minPoints` usable points remain or the fitted k is not positive
 * (an intensity that grows with depth is not a usable fit).
 */
export interface IntensityFit {
  /** Intensity at zero depth, per second. */
  A: number;
  /** Decay per unit of depth (the unit of the depths passed in). */
  k: number;
  /** Coefficient of determination of the log-linear fit. */
  r2: number;
  /** Standard error of k from the regression residuals (0 with two points or a perfect fit). */
  kStdErr: number;
  points: number;
}

export function fitExponentialIntensity(depths: readonly number[], intensities: readonly number[], minPoints = 3): IntensityFit | undefined {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < depths.length; i++) {
    const lambda = intensities[i];
    if (lambda > 0 && Number.isFinite(lambda) && Number.isFinite(depths[i])) {
      xs.push(depths[i]);
      ys.push(Math.log(lambda));
    }
  }
  const n = xs.length;
  if (n < Math.max(2, minPoints)) return undefined;
  const meanX = xs.reduce((a, b) => a + b, 0) / n;
  const meanY = ys.reduce((a, b) => a + b, 0) / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (xs[i] - meanX) ** 2;
    sxy += (xs[i] - meanX) * (ys[i] - meanY);
    syy += (ys[i] - meanY) ** 2;
  }
  if (sxx === 0) return undefined;
  const slope = sxy / sxx;
  const intercept = meanY - slope * meanX;
  const k = -slope;
  if (!(k > 0) || !Number.isFinite(k)) return undefined;
  const r2 = syy === 0 ? 1 : (sxy * sxy) / (sxx * syy);
  const residual = Math.max(0, syy - slope * sxy);
  const kStdErr = n > 2 ? Math.sqrt(residual / (n - 2) / sxx) : 0;
  return { A: Math.exp(intercept), k, r2, kStdErr, points: n };
}
