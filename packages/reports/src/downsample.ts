/**
 * Min-max bucket downsampling: splits the points into buckets and keeps, per bucket, the points
 * holding the smallest and the largest value (in time order). Unlike taking every n-th point it
 * keeps the extremes a reader looks for (the deepest drawdown, the largest inventory), plus the
 * first and last point. Returns at most `maxPoints` points; the input is returned when it fits.
 */
export function downsampleMinMax<T>(points: readonly T[], maxPoints: number, value: (point: T) => number): T[] {
  if (!Number.isInteger(maxPoints) || maxPoints < 4) throw new RangeError(`maxPoints must be an integer >= 4, got ${maxPoints}`);
  const n = points.length;
  if (n <= maxPoints) return points.slice();
  // First and last are kept apart; the middle gets (maxPoints - 2) / 2 buckets of two points.
  const buckets = Math.floor((maxPoints - 2) / 2);
  const kept: number[] = [0];
  const span = (n - 2) / buckets;
  for (let b = 0; b < buckets; b++) {
    const start = 1 + Math.floor(b * span);
    const end = Math.min(n - 1, 1 + Math.floor((b + 1) * span));
    if (start >= end) continue;
    let lo = start;
    let hi = start;
    for (let i = start + 1; i < end; i++) {
      const v = value(points[i]);
      if (v < value(points[lo])) lo = i;
      if (v > value(points[hi])) hi = i;
    }
    if (lo === hi) kept.push(lo);
    else kept.push(Math.min(lo, hi), Math.max(lo, hi));
  }
  kept.push(n - 1);
  return kept.map((i) => points[i]);
}

/** Keeps every k-th item so that at most `maxItems` remain (for scatter data such as fills). */
export function downsampleStride<T>(items: readonly T[], maxItems: number): T[] {
  if (!Number.isInteger(maxItems) || maxItems < 1) throw new RangeError(`maxItems must be a positive integer, got ${maxItems}`);
  if (items.length <= maxItems) return items.slice();
  const stride = Math.ceil(items.length / maxItems);
  return items.filter((_, i) => i % stride === 0);
}
