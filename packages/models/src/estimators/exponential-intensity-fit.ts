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
  const fit: IntensityFit = { A: NaN, k: NaN, r2: NaN, kStdErr: NaN, points: 0 };
  return fitExponentialIntensityInto(depths, intensities, depths.length, minPoints, fit) ? fit : undefined;
}

/**
 * The same fit over the first `count` points, written into `out` (no allocation: the candle proxy
 * refits on every candle). Returns false, leaving `out` unspecified, where fitExponentialIntensity
 * returns undefined.
 */
export function fitExponentialIntensityInto(depths: ArrayLike<number>, intensities: ArrayLike<number>, count: number, minPoints: number, out: IntensityFit): boolean {
  if (logScratch.length < count) logScratch = new Float64Array(Math.max(count, 2 * logScratch.length));
  const logs = logScratch;
  let n = 0;
  let sumX = 0;
  let sumY = 0;
  for (let i = 0; i < count; i++) {
    if (usable(depths, intensities, i)) {
      n++;
      sumX += depths[i];
      logs[i] = Math.log(intensities[i]);
      sumY += logs[i];
    }
  }
  if (n < Math.max(2, minPoints)) return false;
  const meanX = sumX / n;
  const meanY = sumY / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < count; i++) {
    if (!usable(depths, intensities, i)) continue;
    const x = depths[i];
    const y = logs[i];
    sxx += (x - meanX) ** 2;
    sxy += (x - meanX) * (y - meanY);
    syy += (y - meanY) ** 2;
  }
  if (sxx === 0) return false;
  const slope = sxy / sxx;
  const intercept = meanY - slope * meanX;
  const k = -slope;
  if (!(k > 0) || !Number.isFinite(k)) return false;
  const residual = Math.max(0, syy - slope * sxy);
  out.A = Math.exp(intercept);
  out.k = k;
  out.r2 = syy === 0 ? 1 : (sxy * sxy) / (sxx * syy);
  out.kStdErr = n > 2 ? Math.sqrt(residual / (n - 2) / sxx) : 0;
  out.points = n;
  return true;
}

/** ln(lambda) of the points of the current fit, computed once per point (grown, never shrunk). */
let logScratch = new Float64Array(16);

function usable(depths: ArrayLike<number>, intensities: ArrayLike<number>, i: number): boolean {
  const lambda = intensities[i];
  return lambda > 0 && Number.isFinite(lambda) && Number.isFinite(depths[i]);
}
