/** Summary statistics of one metric over many runs (campaign). `worst` respects the metric's direction. */
export interface Distribution {
  n: number;
  mean: number;
  /** Sample standard deviation (n - 1); 0 for a single run. */
  std: number;
  min: number;
  max: number;
  worst: number;
}

export function distributionOf(values: readonly number[], higherIsBetter: boolean): Distribution {
  const n = values.length;
  if (n === 0) throw new RangeError('distributionOf needs at least one value');
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const mean = sum / n;
  let squares = 0;
  for (const v of values) squares += (v - mean) * (v - mean);
  const std = n > 1 ? Math.sqrt(squares / (n - 1)) : 0;
  return { n, mean, std, min, max, worst: higherIsBetter ? min : max };
}
