import type { MarkoutStat } from '@mml/core';

/** Markout horizons on tick data: wall time after the fill, ms. */
export const TIME_MARKOUT_HORIZONS: ReadonlyArray<{ label: string; ms: number }> = [
  { label: '1s', ms: 1_000 },
  { label: '10s', ms: 10_000 },
  { label: '60s', ms: 60_000 },
  { label: '300s', ms: 300_000 },
];

/** Markout horizons on candles: bars after the fill bar (0 = the fill bar's close). */
export const BAR_MARKOUT_HORIZONS: ReadonlyArray<{ label: string; bars: number }> = [
  { label: '0bar', bars: 0 },
  { label: '1bar', bars: 1 },
  { label: '5bar', bars: 5 },
  { label: '15bar', bars: 15 },
];

const INITIAL_CAPACITY = 64;

/**
 * Markouts of fills at fixed horizons, without per-fill allocation: pending fills sit in a
 * power-of-two ring of typed arrays (price, side sign, clock at fill) and each horizon keeps a
 * cursor into it; as the clock passes a fill's clock + horizon the fill is resolved against the
 * mid of that moment and folded into a running mean/variance (Welford). Horizons are sorted, so
 * the longest horizon's cursor is the ring's tail. The ring only grows (doubling) when more fills
 * are pending than it holds, which is amortised, not per event.
 *
 * Markout (bps) = side x (mid at fill clock + horizon - fill price) / fill price x 1e4: the fill's
 * profit per unit notional if marked at that later mid (so the curve starts near the half-spread
 * captured and falls by the adverse selection). Fills whose horizon ends after the data are
 * censored (not counted; `n` says how many were).
 *
 * Clock: on tick data the event ts (a fill at t is resolved with the mid known at t + h, i.e.
 * after every event with ts <= t + h); on candles the bar count (horizon 0 = the mid after the fill
 * bar, the bar's close).
 */
export class MarkoutTracker {
  readonly labels: readonly string[];
  private readonly horizons: Float64Array;
  private readonly count: Float64Array;
  private readonly meanBps: Float64Array;
  private readonly m2: Float64Array;
  /** Next unresolved fill (absolute sequence number) per horizon. */
  private readonly cursor: Float64Array;
  private price = new Float64Array(INITIAL_CAPACITY);
  private sign = new Int8Array(INITIAL_CAPACITY);
  private clock = new Float64Array(INITIAL_CAPACITY);
  private mask = INITIAL_CAPACITY - 1;
  private written = 0;
  /** Earliest clock at which a pending fill's shortest horizon ends (Infinity: none pending), so most calls return at once. */
  private nextDue = Infinity;

  constructor(horizons: ReadonlyArray<{ label: string; value: number }>) {
    const sorted = [...horizons].sort((a, b) => a.value - b.value);
    this.labels = sorted.map((h) => h.label);
    this.horizons = Float64Array.from(sorted.map((h) => h.value));
    const n = sorted.length;
    this.count = new Float64Array(n);
    this.meanBps = new Float64Array(n);
    this.m2 = new Float64Array(n);
    this.cursor = new Float64Array(n);
  }

  static forTime(): MarkoutTracker {
    return new MarkoutTracker(TIME_MARKOUT_HORIZONS.map((h) => ({ label: h.label, value: h.ms })));
  }

  static forBars(): MarkoutTracker {
    return new MarkoutTracker(BAR_MARKOUT_HORIZONS.map((h) => ({ label: h.label, value: h.bars })));
  }

  /** A fill at `price` (float quote price), sign +1 buy / -1 sell, at clock value `clock`. */
  add(price: number, sign: number, clock: number): void {
    const n = this.horizons.length;
    const tail = n === 0 ? this.written : this.cursor[n - 1];
    if (this.written - tail > this.mask) this.grow(tail);
    const slot = this.written & this.mask;
    this.price[slot] = price;
    this.sign[slot] = sign;
    this.clock[slot] = clock;
    this.written++;
    if (n > 0 && clock + this.horizons[0] < this.nextDue) this.nextDue = clock + this.horizons[0];
  }

  /** Resolves, at `mid`, every pending fill whose clock + horizon is below `now` (strictly). */
  resolveBefore(now: number, mid: number): void {
    if (now > this.nextDue) this.resolve(now, mid, false);
  }

  /** Resolves every pending fill whose clock + horizon is at or below `now`. */
  resolveUpTo(now: number, mid: number): void {
    if (now >= this.nextDue) this.resolve(now, mid, true);
  }

  /** The statistics per horizon label. */
  stats(): Record<string, MarkoutStat> {
    const out: Record<string, MarkoutStat> = {};
    for (let h = 0; h < this.horizons.length; h++) {
      const n = this.count[h];
      const variance = n > 1 ? this.m2[h] / (n - 1) : 0;
      out[this.labels[h]] = { mean: n > 0 ? this.meanBps[h] : 0, stderr: n > 1 ? Math.sqrt(variance / n) : 0, n };
    }
    return out;
  }

  private resolve(now: number, mid: number, inclusive: boolean): void {
    if (!(mid > 0)) return;
    const written = this.written;
    for (let h = 0; h < this.horizons.length; h++) {
      let c = this.cursor[h];
      if (c === written) continue;
      const horizon = this.horizons[h];
      let n = this.count[h];
      let mean = this.meanBps[h];
      let m2 = this.m2[h];
      while (c < written) {
        const slot = c & this.mask;
        const due = this.clock[slot] + horizon;
        if (inclusive ? due > now : due >= now) break;
        const price = this.price[slot];
        const x = (this.sign[slot] * (mid - price) * 10_000) / price;
        n++;
        const delta = x - mean;
        mean += delta / n;
        m2 += delta * (x - mean);
        c++;
      }
      this.cursor[h] = c;
      this.count[h] = n;
      this.meanBps[h] = mean;
      this.m2[h] = m2;
    }
    // Horizons are sorted, so a pending fill's first due time is its clock + the horizon its
    // cursor is at; the earliest over the horizons is the next time anything can resolve.
    let next = Infinity;
    for (let h = 0; h < this.horizons.length; h++) {
      const c = this.cursor[h];
      if (c < written) {
        const due = this.clock[c & this.mask] + this.horizons[h];
        if (due < next) next = due;
      }
    }
    this.nextDue = next;
  }

  /** Doubles the ring, keeping the pending fills [tail, written) at their sequence positions. */
  private grow(tail: number): void {
    const capacity = (this.mask + 1) * 2;
    const mask = capacity - 1;
    const price = new Float64Array(capacity);
    const sign = new Int8Array(capacity);
    const clock = new Float64Array(capacity);
    for (let s = tail; s < this.written; s++) {
      const from = s & this.mask;
      const to = s & mask;
      price[to] = this.price[from];
      sign[to] = this.sign[from];
      clock[to] = this.clock[from];
    }
    this.price = price;
    this.sign = sign;
    this.clock = clock;
    this.mask = mask;
  }
}
