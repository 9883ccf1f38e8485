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
/** Bar closes kept for batched bar markouts (a power of two): fills resolve at least every CLOSE_RING - 1 bars. */
const CLOSE_RING = 256;
// Offsets in a ring slot.
const PRICE = 0;
const SIGN = 1;
const CLOCK = 2;

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
  // Per horizon: fills resolved, their running mean (bps) and M2 (Welford), and the next
  // unresolved fill (absolute sequence number). Plain arrays of numbers: small integers and
  // doubles are stored unboxed, and a tracker (made per run) allocates no ArrayBuffer for them.
  private readonly count: number[];
  private readonly meanBps: number[];
  private readonly m2: number[];
  private readonly cursor: number[];
  /** The ring of pending fills: price, side sign, clock at slot x 3 + PRICE / SIGN / CLOCK (one array). */
  private ring = new Float64Array(INITIAL_CAPACITY * 3);
  private mask = INITIAL_CAPACITY - 1;
  private written = 0;
  /** Earliest clock at which a pending fill's shortest horizon ends (Infinity: none pending), so most calls return at once. */
  private nextDue = Infinity;
  /**
   * Bar mode (closeBar): the closes of the last CLOSE_RING bars by bar count, the last bar closed,
   * and the bar by which the pending fills must be resolved before a close they need is overwritten.
   */
  private closes: Float64Array | undefined;
  private bar = 0;
  private flushAt = CLOSE_RING - 1;

  constructor(horizons: ReadonlyArray<{ label: string; value: number }>) {
    const sorted = [...horizons].sort((a, b) => a.value - b.value);
    this.labels = sorted.map((h) => h.label);
    this.horizons = sorted.map((h) => h.value);
    this.count = sorted.map(() => 0);
    this.meanBps = sorted.map(() => 0.5); // (a double, so the array holds doubles unboxed from the start)
    this.m2 = sorted.map(() => 0.5);
    for (let h = 0; h < sorted.length; h++) {
      this.meanBps[h] = 0;
      this.m2[h] = 0;
    }
    this.cursor = sorted.map(() => 0);
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
    let tail = n === 0 ? this.written : this.cursor[n - 1];
    if (this.written - tail > this.mask && this.closes !== undefined) {
      // Bar mode: resolve what is due before growing the ring.
      this.flushBars();
      tail = n === 0 ? this.written : this.cursor[n - 1];
    }
    if (this.written - tail > this.mask) this.grow(tail);
    const at = (this.written & this.mask) * 3;
    this.ring[at + PRICE] = price;
    this.ring[at + SIGN] = sign;
    this.ring[at + CLOCK] = clock;
    this.written++;
    if (n > 0 && clock + this.horizons[0] < this.nextDue) this.nextDue = clock + this.horizons[0];
  }

  /** The earliest clock at which a pending fill's horizon ends (Infinity: none pending): resolveBefore does nothing while now <= due. */
  get due(): number {
    return this.nextDue;
  }

  /** Resolves, at `mid`, every pending fill whose clock + horizon is below `now` (strictly). */
  resolveBefore(now: number, mid: number): void {
    if (now > this.nextDue) this.resolve(now, mid, false);
  }

  /** Resolves every pending fill whose clock + horizon is at or below `now`. */
  resolveUpTo(now: number, mid: number): void {
    if (now >= this.nextDue) this.resolve(now, mid, true);
  }

  /**
   * Bar mode: bar number `bar` (1, 2, ... counted by the caller) closed at `mid`. A fill at bar
   * clock c resolves at horizon h with the close of bar c + h + 1 (the first bar after its horizon,
   * as resolveBefore(bar, mid) called on every bar would): the closes are kept and the fills
   * resolved in batches (flushBars: one tight loop per horizon, no call per bar), in the same
   * order and with the same arithmetic, so the statistics are bit-identical.
   */
  closeBar(bar: number, mid: number): void {
    if (this.closes === undefined) this.closes = new Float64Array(CLOSE_RING);
    this.closes[bar & (CLOSE_RING - 1)] = mid;
    this.bar = bar;
    if (bar >= this.flushAt) this.flushBars();
  }

  /** Bar mode: resolves every pending fill whose horizon has ended by the last bar closed (see closeBar). */
  private flushBars(): void {
    const closes = this.closes as Float64Array;
    const bar = this.bar;
    const written = this.written;
    const ring = this.ring;
    const mask = this.mask;
    for (let h = 0; h < this.horizons.length; h++) {
      let c = this.cursor[h];
      if (c === written) continue;
      const horizon = this.horizons[h] + 1;
      let n = this.count[h];
      let mean = this.meanBps[h];
      let m2 = this.m2[h];
      for (; c < written; c++) {
        const at = (c & mask) * 3;
        const target = ring[at + CLOCK] + horizon;
        if (target > bar) break;
        const mid = closes[target & (CLOSE_RING - 1)];
        const price = ring[at + PRICE];
        const x = (ring[at + SIGN] * (mid - price) * 10_000) / price;
        n++;
        const delta = x - mean;
        mean += delta / n;
        m2 += delta * (x - mean);
      }
      this.cursor[h] = c;
      this.count[h] = n;
      this.meanBps[h] = mean;
      this.m2[h] = m2;
    }
    // Every close a pending fill still needs is after `bar`: the ring holds them until bar + CLOSE_RING - 1.
    this.flushAt = bar + CLOSE_RING - 1;
  }

  /** The statistics per horizon label. */
  stats(): Record<string, MarkoutStat> {
    if (this.closes !== undefined) this.flushBars();
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
    const ring = this.ring;
    const mask = this.mask;
    // Horizons are sorted, so a pending fill's first due time is its clock + the horizon its
    // cursor is at; the earliest over the horizons is the next time anything can resolve.
    let next = Infinity;
    for (let h = 0; h < this.horizons.length; h++) {
      let c = this.cursor[h];
      if (c === written) continue;
      const horizon = this.horizons[h];
      let due = ring[(c & mask) * 3 + CLOCK] + horizon;
      if (inclusive ? due <= now : due < now) {
        let n = this.count[h];
        let mean = this.meanBps[h];
        let m2 = this.m2[h];
        do {
          const at = (c & mask) * 3;
          const price = ring[at + PRICE];
          const x = (ring[at + SIGN] * (mid - price) * 10_000) / price;
          n++;
          const delta = x - mean;
          mean += delta / n;
          m2 += delta * (x - mean);
          c++;
          if (c === written) break;
          due = ring[(c & mask) * 3 + CLOCK] + horizon;
        } while (inclusive ? due <= now : due < now);
        this.cursor[h] = c;
        this.count[h] = n;
        this.meanBps[h] = mean;
        this.m2[h] = m2;
      }
      if (c < written && due < next) next = due;
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
