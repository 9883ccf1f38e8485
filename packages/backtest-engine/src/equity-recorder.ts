import type { EquitySample } from './types';

const INITIAL_CAPACITY = 4096;

/**
 * The sampled equity curve as columns (one typed array per field, grown by doubling: amortised,
 * no object per sample). The engine writes a sample's fields straight into the columns at the
 * index `next()` hands out, so taking a sample costs a few array stores and no call with float
 * arguments; the rows of the curve are built only when asked for (`toRows`), and the metrics read
 * the ts / equity / observed columns only (`observedReturns`).
 */
export class EquityRecorder {
  ts = new Float64Array(INITIAL_CAPACITY);
  equity = new Float64Array(INITIAL_CAPACITY);
  cash = new Float64Array(INITIAL_CAPACITY);
  inventory = new Float64Array(INITIAL_CAPACITY);
  mid = new Float64Array(INITIAL_CAPACITY);
  /** Our best working bid / ask price at the sample (NaN: none). */
  bid = new Float64Array(INITIAL_CAPACITY);
  ask = new Float64Array(INITIAL_CAPACITY);
  /** 1 = an event since the previous sample; 0 = a grid point inside a data gap. */
  observed = new Uint8Array(INITIAL_CAPACITY);
  private countValue = 0;

  get count(): number {
    return this.countValue;
  }

  /** ts of the last sample (NaN when empty). */
  get lastTs(): number {
    return this.countValue > 0 ? this.ts[this.countValue - 1] : NaN;
  }

  /** The slot of a new sample: the caller writes every column at this index. */
  next(): number {
    if (this.countValue === this.ts.length) this.grow();
    return this.countValue++;
  }

  /**
   * Period returns for Sharpe/Sortino with their lengths in sampling intervals. Samples taken in a
   * data gap (no event since the previous sample) are skipped: the return across a gap is ONE
   * observation of length gap / interval, not zero returns plus a jump. With `finalTs` (finite)
   * the state at the end of the run (`finalEquity`) closes a last, possibly partial, period
   * weighted by its length.
   */
  observedReturns(intervalMs: number, finalTs: number, finalEquity: number): { returns: Float64Array; weights: Float64Array } {
    const n = this.countValue;
    const returns = new Float64Array(n);
    const weights = new Float64Array(n);
    const tsColumn = this.ts;
    const equityColumn = this.equity;
    const observed = this.observed;
    let k = 0;
    let previousTs = NaN;
    let previousEquity = NaN;
    for (let i = 0; i <= n; i++) {
      let ts: number;
      let equity: number;
      if (i < n) {
        if (observed[i] === 0 && i > 0) continue; // a gap sample: the period continues
        ts = tsColumn[i];
        equity = equityColumn[i];
      } else {
        if (!Number.isFinite(finalTs)) break;
        ts = finalTs;
        equity = finalEquity;
      }
      if (previousEquity > 0 && ts > previousTs) {
        returns[k] = equity / previousEquity - 1;
        weights[k] = (ts - previousTs) / intervalMs;
        k++;
      }
      if (!(previousEquity > 0) || ts > previousTs) {
        previousTs = ts;
        previousEquity = equity;
      }
    }
    return { returns: returns.subarray(0, k), weights: weights.subarray(0, k) };
  }

  /** Rows as plain JSON-safe objects (bid/ask null when there was no working quote). */
  toRows(): EquitySample[] {
    const rows: EquitySample[] = [];
    for (let i = 0; i < this.countValue; i++) {
      const bid = this.bid[i];
      const ask = this.ask[i];
      rows.push({ ts: this.ts[i], equity: this.equity[i], cash: this.cash[i], inventory: this.inventory[i], mid: this.mid[i], bid: Number.isNaN(bid) ? null : bid, ask: Number.isNaN(ask) ? null : ask });
    }
    return rows;
  }

  private grow(): void {
    const capacity = this.ts.length * 2;
    const widen = (a: Float64Array) => {
      const b = new Float64Array(capacity);
      b.set(a);
      return b;
    };
    this.ts = widen(this.ts);
    this.equity = widen(this.equity);
    this.cash = widen(this.cash);
    this.inventory = widen(this.inventory);
    this.mid = widen(this.mid);
    this.bid = widen(this.bid);
    this.ask = widen(this.ask);
    const observed = new Uint8Array(capacity);
    observed.set(this.observed);
    this.observed = observed;
  }
}
