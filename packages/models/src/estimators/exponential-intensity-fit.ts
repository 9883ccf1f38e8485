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
 * The same fit over the first `count` points, written into `out` (no allocation). Returns false,
 * leaving `out` unspecified, where fitExponentialIntensity returns undefined.
 */
export function fitExponentialIntensityInto(depths: ArrayLike<number>, intensities: ArrayLike<number>, count: number, minPoints: number, out: IntensityFit): boolean {
  if (xScratch.length < count) {
    xScratch = new Float64Array(Math.max(count, 2 * xScratch.length));
    logScratch = new Float64Array(xScratch.length);
  }
  // The usable points, in order, with ln(lambda) computed once per point.
  let n = 0;
  for (let i = 0; i < count; i++) {
    const lambda = intensities[i];
    if (lambda > 0 && Number.isFinite(lambda) && Number.isFinite(depths[i])) {
      xScratch[n] = depths[i];
      logScratch[n] = Math.log(lambda);
      n++;
    }
  }
  return fitLogLinearInto(xScratch, logScratch, n, minPoints, out);
}

/**
 * The OLS fit of ln(lambda) = ln(A) - k delta from `count` points (delta_i, ln(lambda_i)), all
 * usable (finite), written into `out`: what fitExponentialIntensityInto does after dropping the
 * unusable points and taking logs, for callers that keep the logs (the candle proxy, whose
 * intensities take few distinct values). Returns false where fitExponentialIntensity returns undefined.
 * `statistics` false: only A, k and points (r2 and kStdErr NaN; A and k the same numbers), for a
 * caller that reads nothing else (the candle proxy refits on most bars).
 */
export function fitLogLinearInto(depths: ArrayLike<number>, logs: ArrayLike<number>, count: number, minPoints: number, out: IntensityFit, statistics = true): boolean {
  const n = count;
  if (n < Math.max(2, minPoints)) return false;
  let sumX = 0;
  let sumY = 0;
  for (let i = 0; i < n; i++) {
    sumX += depths[i];
    sumY += logs[i];
  }
  const meanX = sumX / n;
  const meanY = sumY / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  if (statistics) {
    for (let i = 0; i < n; i++) {
      const x = depths[i];
      const y = logs[i];
      sxx += (x - meanX) ** 2;
      sxy += (x - meanX) * (y - meanY);
      syy += (y - meanY) ** 2;
    }
  } else {
    // The same sums in the same order (so the same A and k), without the one only r2 and kStdErr read.
    for (let i = 0; i < n; i++) {
      const x = depths[i];
      sxx += (x - meanX) ** 2;
      sxy += (x - meanX) * (logs[i] - meanY);
    }
  }
  if (sxx === 0) return false;
  const slope = sxy / sxx;
  const intercept = meanY - slope * meanX;
  const k = -slope;
  if (!(k > 0) || !Number.isFinite(k)) return false;
  out.A = Math.exp(intercept);
  out.k = k;
  out.points = n;
  if (!statistics) {
    out.r2 = NaN;
    out.kStdErr = NaN;
    return true;
  }
  const residual = Math.max(0, syy - slope * sxy);
  out.r2 = syy === 0 ? 1 : (sxy * sxy) / (sxx * syy);
  out.kStdErr = n > 2 ? Math.sqrt(residual / (n - 2) / sxx) : 0;
  return true;
}

/** The usable points of the current fit and their ln(lambda) (grown, never shrunk). */
let xScratch = new Float64Array(16);
let logScratch = new Float64Array(16);
