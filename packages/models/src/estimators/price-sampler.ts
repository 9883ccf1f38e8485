/**
 * Turns a stream of (ts, price) observations into log returns spaced at least `sampleIntervalMs`
 * apart. Non-finite or non-positive prices and out-of-order timestamps are skipped (and counted),
 * so a bad tick can neither poison the estimate with NaN nor stop it.
 */
export class PriceSampler {
  private lastTs = NaN;
  private lastPrice = NaN;
  rejected = 0;

  constructor(private readonly sampleIntervalMs: number) {}

  /** Returns the new {logReturn, dtSeconds} sample, or undefined when none is due. */
  next(ts: number, price: number): { logReturn: number; dtSeconds: number } | undefined {
    if (!Number.isFinite(price) || price <= 0 || !Number.isFinite(ts)) {
      this.rejected++;
      return undefined;
    }
    if (Number.isNaN(this.lastTs)) {
      this.lastTs = ts;
      this.lastPrice = price;
      return undefined;
    }
    if (ts < this.lastTs) {
      this.rejected++;
      return undefined;
    }
    const elapsed = ts - this.lastTs;
    if (elapsed <= 0 || elapsed < this.sampleIntervalMs) return undefined;
    const sample = { logReturn: Math.log(price / this.lastPrice), dtSeconds: elapsed / 1000 };
    this.lastTs = ts;
    this.lastPrice = price;
    return sample;
  }
}
