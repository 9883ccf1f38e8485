import type { EquitySample } from './types';

/**
 * Fields of one sample, at these offsets of its row (rows are STRIDE doubles, one after another).
 * The equity is not stored: it is cash + inventory x mid (what the ledger's equityAt(mid)
 * computes from the same values), computed when read.
 */
export const SAMPLE_TS = 0;
export const SAMPLE_CASH = 1;
export const SAMPLE_INVENTORY = 2;
export const SAMPLE_MID = 3;
/** Our best working bid / ask price at the sample, in ticks (NaN: none); rows give prices (ticksToPrice on read). */
export const SAMPLE_BID = 4;
export const SAMPLE_ASK = 5;
/** 1 = an event since the previous sample; 0 = a grid point inside a data gap. */
export const SAMPLE_OBSERVED = 6;
const STRIDE = 7;

/** Rows of the first chunk; each next chunk doubles, up to MAX_CHUNK_ROWS. */
const FIRST_CHUNK_ROWS = 64;
const MAX_CHUNK_ROWS = 4096;
const EMPTY = new Float64Array(0);

/**
 * The sampled equity curve, stored as rows of doubles in chunks that are never copied: the first
 * chunk is small (a short run allocates 4 KB, not a column per field of a fixed capacity), each
 * next one doubles up to 4096 rows (256 KB), so a long run allocates what it stores and copies
 * nothing. The engine writes a sample's fields straight into the current chunk at the offset
 * `next()` hands out (a few stores, no call with float arguments); the rows of the curve are
 * built only when asked for (`toRows`), and the metrics read ts / equity / observed only
 * (`observedReturns`).
 */
export class EquityRecorder {
  /** The chunk the next sample goes into; `next()` returns the sample's offset in it. */
  chunk: Float64Array = EMPTY;
  private readonly chunks: Float64Array[] = [];
  private offset = 0;
  private countValue = 0;

  get count(): number {
    return this.countValue;
  }

  /** ts of the last sample (NaN when empty). */
  get lastTs(): number {
    return this.countValue > 0 ? this.chunk[this.offset - STRIDE + SAMPLE_TS] : NaN;
  }

  /** The offset of a new sample in `chunk` (read `chunk` after this call): the caller writes every field there. */
  next(): number {
    if (this.offset === this.chunk.length) this.addChunk();
    const at = this.offset;
    this.offset += STRIDE;
    this.countValue++;
    return at;
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
    const returns = new Float64Array(n + 1);
    const weights = new Float64Array(n + 1);
    // [k, previousTs, previousEquity] carried from chunk to chunk.
    const state = new Float64Array([0, NaN, NaN]);
    let left = n;
    for (let c = 0; c < this.chunks.length && left > 0; c++) {
      const rows = this.chunks[c];
      const end = Math.min(rows.length, left * STRIDE);
      left -= end / STRIDE;
      chunkReturns(rows, end, c === 0, intervalMs, returns, weights, state);
    }
    if (Number.isFinite(finalTs)) {
      // The state at the end of the run closes a last period (a row of its own, never a gap).
      // (cash = the final equity, no inventory: its equity reads as finalEquity.)
      const last = new Float64Array(STRIDE);
      last[SAMPLE_TS] = finalTs;
      last[SAMPLE_CASH] = finalEquity;
      last[SAMPLE_OBSERVED] = 1;
      chunkReturns(last, STRIDE, false, intervalMs, returns, weights, state);
    }
    const k = state[0];
    return { returns: returns.subarray(0, k), weights: weights.subarray(0, k) };
  }

  /** Rows as plain JSON-safe objects (bid/ask null when there was no working quote; prices from ticks by `ticksToPrice`). */
  toRows(ticksToPrice: (ticks: number) => number): EquitySample[] {
    const out: EquitySample[] = [];
    let left = this.countValue;
    for (const rows of this.chunks) {
      for (let o = 0; o < rows.length && left > 0; o += STRIDE, left--) {
        const bid = rows[o + SAMPLE_BID];
        const ask = rows[o + SAMPLE_ASK];
        out.push({
          ts: rows[o + SAMPLE_TS], equity: rows[o + SAMPLE_CASH] + rows[o + SAMPLE_INVENTORY] * rows[o + SAMPLE_MID], cash: rows[o + SAMPLE_CASH], inventory: rows[o + SAMPLE_INVENTORY],
          mid: rows[o + SAMPLE_MID], bid: Number.isNaN(bid) ? null : ticksToPrice(bid), ask: Number.isNaN(ask) ? null : ticksToPrice(ask),
        });
      }
    }
    return out;
  }

  private addChunk(): void {
    const rows = this.chunks.length === 0 ? FIRST_CHUNK_ROWS : Math.min(MAX_CHUNK_ROWS, (this.chunk.length / STRIDE) * 2);
    this.chunk = new Float64Array(rows * STRIDE);
    this.chunks.push(this.chunk);
    this.offset = 0;
  }
}

/**
 * The period returns of one chunk's rows [0, end) (see observedReturns), appended at state[0],
 * with the previous period's start carried in state[1] (ts) and state[2] (equity). A function of
 * its own, called per chunk: optimised once it is hot instead of by on-stack replacement of one
 * long loop whose exit path, never run before, would send every run back to the interpreter.
 */
function chunkReturns(rows: Float64Array, end: number, runStart: boolean, intervalMs: number, returns: Float64Array, weights: Float64Array, state: Float64Array): void {
  let k = state[0];
  let previousTs = state[1];
  let previousEquity = state[2];
  for (let o = 0; o < end; o += STRIDE) {
    // A gap sample (not the run's first): the period continues.
    if (rows[o + SAMPLE_OBSERVED] === 0 && !(runStart && o === 0)) continue;
    const ts = rows[o + SAMPLE_TS];
    const equity = rows[o + SAMPLE_CASH] + rows[o + SAMPLE_INVENTORY] * rows[o + SAMPLE_MID];
    if (previousEquity > 0 && ts > previousTs) {
      returns[k] = equity / previousEquity - 1;
      const dt = ts - previousTs;
      // One interval (the usual case) weighs exactly 1: no division.
      weights[k] = dt === intervalMs ? 1 : dt / intervalMs;
      k++;
    }
    if (!(previousEquity > 0) || ts > previousTs) {
      previousTs = ts;
      previousEquity = equity;
    }
  }
  state[0] = k;
  state[1] = previousTs;
  state[2] = previousEquity;
}
