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
// Offsets in a ring slot and in a horizon's statistics.
const PRICE = 0;
const SIGN = 1;
const CLOCK = 2;
const COUNT = 0;
const MEAN = 1;
const M2 = 2;
const CURSOR = 3;

/**
 * Markouts of fills at fixed horizons, without per-fill allocation: pending fills sit in a
 * power-of-two ring in one typed array (price, side sign, clock at fill) and each horizon keeps a
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
  private readonly horizons: number[];
  /** Per horizon h: count, mean (bps), M2, cursor (the next unresolved fill's sequence number) at h x 4 + COUNT / MEAN / M2 / CURSOR. */
  private readonly stats4: Float64Array;
  /** The ring of pending fills: price, side sign, clock at slot x 3 + FILL_*. One array: a tracker is made per run. */
  private ring = new Float64Array(INITIAL_CAPACITY * 3);
  private mask = INITIAL_CAPACITY - 1;
  private written = 0;
  /** Earliest clock at which a pending fill's shortest horizon ends (Infinity: none pending), so most calls return at once. */
  private nextDue = Infinity;

  constructor(horizons: ReadonlyArray<{ label: string; value: number }>) {
    const sorted = [...horizons].sort((a, b) => a.value - b.value);
    this.labels = sorted.map((h) => h.label);
    this.horizons = sorted.map((h) => h.value);
    this.stats4 = new Float64Array(sorted.length * 4);
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
    const tail = n === 0 ? this.written : this.stats4[(n - 1) * 4 + CURSOR];
    if (this.written - tail > this.mask) this.grow(tail);
    const at = (this.written & this.mask) * 3;
    this.ring[at + PRICE] = price;
    this.ring[at + SIGN] = sign;
    this.ring[at + CLOCK] = clock;
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
    const st = this.stats4;
    for (let h = 0; h < this.horizons.length; h++) {
      const n = st[h * 4 + COUNT];
      const variance = n > 1 ? st[h * 4 + M2] / (n - 1) : 0;
      out[this.labels[h]] = { mean: n > 0 ? st[h * 4 + MEAN] : 0, stderr: n > 1 ? Math.sqrt(variance / n) : 0, n };
    }
    return out;
  }

  private resolve(now: number, mid: number, inclusive: boolean): void {
    if (!(mid > 0)) return;
    const written = this.written;
    const st = this.stats4;
    const ring = this.ring;
    for (let h = 0; h < this.horizons.length; h++) {
      let c = st[h * 4 + CURSOR];
      if (c === written) continue;
      const horizon = this.horizons[h];
      let n = st[h * 4 + COUNT];
      let mean = st[h * 4 + MEAN];
      let m2 = st[h * 4 + M2];
      while (c < written) {
        const at = (c & this.mask) * 3;
        const due = ring[at + CLOCK] + horizon;
        if (inclusive ? due > now : due >= now) break;
        const price = ring[at + PRICE];
        const x = (ring[at + SIGN] * (mid - price) * 10_000) / price;
        n++;
        const delta = x - mean;
        mean += delta / n;
        m2 += delta * (x - mean);
        c++;
      }
      st[h * 4 + CURSOR] = c;
      st[h * 4 + COUNT] = n;
      st[h * 4 + MEAN] = mean;
      st[h * 4 + M2] = m2;
    }
    // Horizons are sorted, so a pending fill's first due time is its clock + the horizon its
    // cursor is at; the earliest over the horizons is the next time anything can resolve.
    let next = Infinity;
    for (let h = 0; h < this.horizons.length; h++) {
      const c = st[h * 4 + CURSOR];
      if (c < written) {
        const due = ring[(c & this.mask) * 3 + CLOCK] + this.horizons[h];
        if (due < next) next = due;
      }
    }
    this.nextDue = next;
  }

  /** Doubles the ring, keeping the pending fills [tail, written) at their sequence positions. */
  private grow(tail: number): void {
    const capacity = (this.mask + 1) * 2;
    const mask = capacity - 1;
    const ring = new Float64Array(capacity * 3);
    for (let s = tail; s < this.written; s++) {
      const from = (s & this.mask) * 3;
      const to = (s & mask) * 3;
      ring[to + PRICE] = this.ring[from + PRICE];
      ring[to + SIGN] = this.ring[from + SIGN];
      ring[to + CLOCK] = this.ring[from + CLOCK];
    }
    this.ring = ring;
    this.mask = mask;
  }
}
