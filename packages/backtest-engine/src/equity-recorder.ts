import type { EquitySample } from './types';

const FIELDS = 8; // ts, equity, cash, inventory, mid, bid, ask, observed (1 = an event since the previous sample)
const CHUNK_SAMPLES = 4096;

/**
 * The sampled equity curve, stored row-major in fixed-size Float64Array chunks: appending never
 * copies, memory is O(samples) (56 bytes each) and there is no per-sample object. Rows are only
 * turned into objects on request.
 */
export class EquityRecorder {
  private readonly chunks: Float64Array[] = [];
  private current: Float64Array = new Float64Array(0);
  private offset = 0;
  private countValue = 0;
  private lastTsValue = NaN;

  get count(): number {
    return this.countValue;
  }

  /** ts of the last sample (NaN when empty). */
  get lastTs(): number {
    return this.lastTsValue;
  }

  push(ts: number, observed: boolean, equity: number, cash: number, inventory: number, mid: number, bid: number, ask: number): void {
    if (this.offset === this.current.length) {
      this.current = new Float64Array(CHUNK_SAMPLES * FIELDS);
      this.chunks.push(this.current);
      this.offset = 0;
    }
    const c = this.current;
    let o = this.offset;
    c[o++] = ts;
    c[o++] = equity;
    c[o++] = cash;
    c[o++] = inventory;
    c[o++] = mid;
    c[o++] = bid;
    c[o++] = ask;
    c[o++] = observed ? 1 : 0;
    this.offset = o;
    this.countValue++;
    this.lastTsValue = ts;
  }

  /** The equity column as one array (allocates `count` doubles). */
  equitySeries(): Float64Array {
    const out = new Float64Array(this.countValue);
    for (let i = 0; i < this.countValue; i++) out[i] = this.chunks[(i / CHUNK_SAMPLES) | 0][(i % CHUNK_SAMPLES) * FIELDS + 1];
    return out;
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
    let k = 0;
    let previousTs = NaN;
    let previousEquity = NaN;
    for (let i = 0; i <= n; i++) {
      let ts: number;
      let equity: number;
      if (i < n) {
        const c = this.chunks[(i / CHUNK_SAMPLES) | 0];
        const o = (i % CHUNK_SAMPLES) * FIELDS;
        if (c[o + 7] === 0 && i > 0) continue; // a gap sample: the period continues
        ts = c[o];
        equity = c[o + 1];
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
      const c = this.chunks[(i / CHUNK_SAMPLES) | 0];
      const o = (i % CHUNK_SAMPLES) * FIELDS;
      const bid = c[o + 5];
      const ask = c[o + 6];
      rows.push({ ts: c[o], equity: c[o + 1], cash: c[o + 2], inventory: c[o + 3], mid: c[o + 4], bid: Number.isNaN(bid) ? null : bid, ask: Number.isNaN(ask) ? null : ask });
    }
    return rows;
  }
}
