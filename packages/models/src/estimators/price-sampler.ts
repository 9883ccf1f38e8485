/** A time and a closing price (a candle). */
export interface ClosePoint {
  readonly ts: number;
  readonly close: number;
}

/** A return as a PriceSampler takes it (read right after take() returned true). */
export interface SampledReturn {
  readonly logReturn: number;
  readonly dtSeconds: number;
}

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
  private inTs = NaN;
  private inPrice = NaN;

  constructor(private readonly sampleIntervalMs: number) {}

  /** Returns the new {logReturn, dtSeconds} sample, or undefined when none is due. */
  next(ts: number, price: number): { logReturn: number; dtSeconds: number } | undefined {
    return this.take(ts, price) ? { logReturn: this.logReturn, dtSeconds: this.dtSeconds } : undefined;
  }

  /**
   * take(candle.ts, candle.close), given the candle (or any event with a time and a close): the
   * estimators' candle path passes the event, not its numbers (numbers passed to a call V8 does not
   * inline are boxed, one heap number each, per bar).
   */
  takeClose(candle: ClosePoint): boolean {
    this.inTs = candle.ts;
    this.inPrice = candle.close;
    return this.takeIn();
  }

  /** take(ctx.now, ctx.mid), given a strategy context (see takeClose). */
  takeMidAt(ctx: { readonly now: number; readonly mid: number }): boolean {
    this.inTs = ctx.now;
    this.inPrice = ctx.mid;
    return this.takeIn();
  }

  /** True when a new sample is due; it is then in `logReturn` / `dtSeconds` (no allocation). */
  take(ts: number, price: number): boolean {
    this.inTs = ts;
    this.inPrice = price;
    return this.takeIn();
  }

  /** The price `inPrice` at `inTs` (fields, not arguments: see takeClose). */
  private takeIn(): boolean {
    const ts = this.inTs;
    const price = this.inPrice;
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
