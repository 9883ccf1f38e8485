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
 * (`returnRatios`).
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
   * weighted by its length. (Copies; the metrics use returnRatios, which copies nothing.)
   */
  observedReturns(intervalMs: number, finalTs: number, finalEquity: number): { returns: Float64Array; weights: Float64Array } {
    const k = this.walkReturns(intervalMs, finalTs, finalEquity);
    return { returns: scratch.returns.slice(0, k), weights: scratch.weights.slice(0, k) };
  }

  /**
   * annualisedSharpe and annualisedSortino (run-statistics.ts) of observedReturns(...), with the
   * same sums in the same order (so bit-identical while the equity is finite, as it is in every
   * sample of a started run), from one walk of the rows that also sums the
   * returns, weights and downside squares, and one pass over the returns for Sharpe's deviation
   * (it needs the mean first); the returns go to a scratch column reused by every run, so a run's
   * metrics allocate no column per sample and read each row once.
   */
  returnRatios(intervalMs: number, finalTs: number, finalEquity: number, periodsPerYear: number): { sharpe: number; sortino: number } {
    const n = this.walkReturns(intervalMs, finalTs, finalEquity);
    if (n < 2) return { sharpe: 0, sortino: 0 };
    const state = scratch.state;
    const sum = state[WALK_SUM];
    const totalWeight = state[WALK_WEIGHT];
    const mean = sum / totalWeight;
    const std = Math.sqrt(deviationSum(scratch.returns, scratch.weights, n, mean) / (n - 1));
    const dd = Math.sqrt(state[WALK_DOWN] / n);
    return {
      sharpe: std > 0 ? (mean / std) * Math.sqrt(periodsPerYear) : 0,
      sortino: dd > 0 ? (sum / totalWeight / dd) * Math.sqrt(periodsPerYear) : 0,
    };
  }

  /** Walks the rows (and the final state, see observedReturns) into the scratch columns; returns their count, the sums in scratch.state. */
  private walkReturns(intervalMs: number, finalTs: number, finalEquity: number): number {
    const n = this.countValue;
    // Room for every sample and the final period.
    if (scratch.returns.length < n + 1) {
      let size = scratch.returns.length;
      while (size < n + 1) size *= 2;
      scratch.returns = new Float64Array(size);
      scratch.weights = new Float64Array(size);
    }
    const state = scratch.state;
    state.fill(0);
    state[WALK_PREVIOUS_TS] = NaN;
    state[WALK_PREVIOUS_EQUITY] = NaN;
    let left = n;
    for (let c = 0; c < this.chunks.length && left > 0; c++) {
      const rows = this.chunks[c];
      const end = Math.min(rows.length, left * STRIDE);
      left -= end / STRIDE;
      chunkReturns(rows, end, c === 0, intervalMs, scratch.returns, scratch.weights, state);
    }
    if (Number.isFinite(finalTs)) {
      // The state at the end of the run closes a last period (a row of its own, never a gap).
      // (cash = the final equity, no inventory: its equity reads as finalEquity.)
      const last = new Float64Array(STRIDE);
      last[SAMPLE_TS] = finalTs;
      last[SAMPLE_CASH] = finalEquity;
      last[SAMPLE_OBSERVED] = 1;
      chunkReturns(last, STRIDE, false, intervalMs, scratch.returns, scratch.weights, state);
    }
    return state[WALK_COUNT];
  }

  /** Rows as plain JSON-safe objects (bid/ask null when there was no working quote; prices from ticks by `ticksToPrice`). */
  toRows(ticksToPrice: (ticks: number) => number): EquitySample[] {
    const out: EquitySample[] = [];
    let left = this.countValue;
    for (const rows of this.chunks) {
      for (let o = 0; o < rows.length && left > 0; o += STRIDE, left--) out.push(rowAt(rows, o, ticksToPrice));
    }
    return out;
  }

  /** Sample i (0 <= i < count) as toRows builds it, without building the others. */
  row(i: number, ticksToPrice: (ticks: number) => number): EquitySample {
    if (!(i >= 0 && i < this.countValue && Number.isInteger(i))) throw new RangeError(`equity sample ${i} is not in [0, ${this.countValue})`);
    // Chunks of 64, 128, ... rows up to MAX_CHUNK_ROWS, then MAX_CHUNK_ROWS each: at most a few dozen to pass.
    let c = 0;
    let index = i;
    while (index >= this.chunks[c].length / STRIDE) index -= this.chunks[c++].length / STRIDE;
    return rowAt(this.chunks[c], index * STRIDE, ticksToPrice);
  }

  private addChunk(): void {
    const rows = this.chunks.length === 0 ? FIRST_CHUNK_ROWS : Math.min(MAX_CHUNK_ROWS, (this.chunk.length / STRIDE) * 2);
    this.chunk = new Float64Array(rows * STRIDE);
    this.chunks.push(this.chunk);
    this.offset = 0;
  }
}

/** The sample at offset o of a chunk as a row of the curve (its equity computed as the ledger's equityAt does). */
function rowAt(rows: Float64Array, o: number, ticksToPrice: (ticks: number) => number): EquitySample {
  const bid = rows[o + SAMPLE_BID];
  const ask = rows[o + SAMPLE_ASK];
  return {
    ts: rows[o + SAMPLE_TS], equity: rows[o + SAMPLE_CASH] + rows[o + SAMPLE_INVENTORY] * rows[o + SAMPLE_MID], cash: rows[o + SAMPLE_CASH], inventory: rows[o + SAMPLE_INVENTORY],
    mid: rows[o + SAMPLE_MID], bid: Number.isNaN(bid) ? null : ticksToPrice(bid), ask: Number.isNaN(ask) ? null : ticksToPrice(ask),
  };
}

/** walkReturns' carried state, at these offsets of scratch.state. */
const WALK_COUNT = 0;
const WALK_PREVIOUS_TS = 1;
const WALK_PREVIOUS_EQUITY = 2;
/** Sum of the returns, of their weights, and of the downside squares (min(r, 0)^2 / w), in return order. */
const WALK_SUM = 3;
const WALK_WEIGHT = 4;
const WALK_DOWN = 5;

/**
 * The period returns and weights of the run being measured, grown by doubling and reused by
 * every run in this thread (metrics are computed synchronously, one run at a time), and the
 * walk's carried state.
 */
const scratch = { returns: new Float64Array(1024), weights: new Float64Array(1024), state: new Float64Array(6) };

/**
 * The period returns of one chunk's rows [0, end) (see observedReturns), appended at
 * state[WALK_COUNT], with the previous period's start carried in state (ts, equity), and their
 * sums as annualisedSharpe / annualisedSortino take them (sum of r, of w, of min(r, 0)^2 / w). A
 * function of its own, called per chunk: optimised once it is hot instead of by on-stack
 * replacement of one long loop whose exit path, never run before, would send every run back to
 * the interpreter.
 */
function chunkReturns(rows: Float64Array, end: number, runStart: boolean, intervalMs: number, returns: Float64Array, weights: Float64Array, state: Float64Array): void {
  let k = state[WALK_COUNT];
  let previousTs = state[WALK_PREVIOUS_TS];
  let previousEquity = state[WALK_PREVIOUS_EQUITY];
  let sum = state[WALK_SUM];
  let totalWeight = state[WALK_WEIGHT];
  let down = state[WALK_DOWN];
  for (let o = 0; o < end; o += STRIDE) {
    // A gap sample (not the run's first): the period continues.
    if (rows[o + SAMPLE_OBSERVED] === 0 && !(runStart && o === 0)) continue;
    const ts = rows[o + SAMPLE_TS];
    const equity = rows[o + SAMPLE_CASH] + rows[o + SAMPLE_INVENTORY] * rows[o + SAMPLE_MID];
    if (previousEquity > 0 && ts > previousTs) {
      const r = equity / previousEquity - 1;
      const dt = ts - previousTs;
      // One interval (the usual case) weighs exactly 1: no division.
      const w = dt === intervalMs ? 1 : dt / intervalMs;
      returns[k] = r;
      weights[k] = w;
      sum += r;
      totalWeight += w;
      // min(r, 0)^2 / w without a branch on the sign (a coin flip per period, mispredicted half the
      // time): (r - |r|) / 2 is exactly r when r < 0 (2r is exact for |r| < 2^1023) and 0 otherwise,
      // and adding 0 leaves the sum as it was.
      const loss = (r - Math.abs(r)) * 0.5;
      down += w === 1 ? loss * loss : (loss * loss) / w;
      k++;
    }
    if (!(previousEquity > 0) || ts > previousTs) {
      previousTs = ts;
      previousEquity = equity;
    }
  }
  state[WALK_COUNT] = k;
  state[WALK_PREVIOUS_TS] = previousTs;
  state[WALK_PREVIOUS_EQUITY] = previousEquity;
  state[WALK_SUM] = sum;
  state[WALK_WEIGHT] = totalWeight;
  state[WALK_DOWN] = down;
}

/** Sharpe's sum of (r - mean w)^2 / w over returns [0, n), as annualisedSharpe takes it. */
function deviationSum(returns: Float64Array, weights: Float64Array, n: number, mean: number): number {
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const w = weights[i];
    const d = returns[i] - mean * w;
    // (x / 1 is x: the division only for weights other than one period.)
    ss += w === 1 ? d * d : (d * d) / w;
  }
  return ss;
}
