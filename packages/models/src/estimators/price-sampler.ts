/**
 * Turns a stream of (ts, price) observations into log returns spaced at least `sampleIntervalMs`
 * apart. Non-finite or non-positive prices and out-of-order timestamps are skipped (and counted),
 * so a bad tick can neither poison the estimate with NaN nor stop it.
 */
export class PriceSampler {
  private lastTs = NaN;
  private lastPrice = NaN;
  rejected = 0;
  /** The last sample (valid after take() returned true). */
  logReturn = NaN;
  dtSeconds = NaN;

  constructor(private readonly sampleIntervalMs: number) {}

  /** Returns the new {logReturn, dtSeconds} sample, or undefined when none is due. */
  next(ts: number, price: number): { logReturn: number; dtSeconds: number } | undefined {
    return this.take(ts, price) ? { logReturn: this.logReturn, dtSeconds: this.dtSeconds } : undefined;
  }

  /** True when a new sample is due; it is then in `logReturn` / `dtSeconds` (no allocation). */
  take(ts: number, price: number): boolean {
    if (!Number.isFinite(price) || price <= 0 || !Number.isFinite(ts)) {
      this.rejected++;
      return false;
    }
    if (Number.isNaN(this.lastTs)) {
      this.lastTs = ts;
      this.lastPrice = price;
      return false;
    }
    if (ts < this.lastTs) {
      this.rejected++;
      return false;
    }
    const elapsed = ts - this.lastTs;
    if (elapsed <= 0 || elapsed < this.sampleIntervalMs) return false;
    this.logReturn = Math.log(price / this.lastPrice);
    this.dtSeconds = elapsed / 1000;
    this.lastTs = ts;
    this.lastPrice = price;
    return true;
  }
}
