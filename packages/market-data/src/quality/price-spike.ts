import type { CandleEvent } from '@mml/core';

/**
 * Flags a bar whose price lies implausibly far from the recent market: a digit slipped in a price
 * (29000 -> 290000), a 1e300, a value from another symbol. OHLC consistency cannot catch these when
 * the whole bar is wrong, so each bar is measured against the last accepted close and the mean
 * high-low range of the last `window` accepted bars:
 *
 *   flagged when max(|high - ref|, |low - ref|) > multiple x max(meanRange, floorFraction x ref) x sqrt(bars elapsed)
 *
 * sqrt(bars elapsed) lets the price wander across a gap as a random walk does. The floor keeps a
 * run of flat bars (a halt: range 0) from making every later move look infinite. Defaults
 * (multiple 100, window 60, floor 0.1 % of price) were set on the shared BTC and ETH 1m files:
 * their largest ratio is 15 (ETH right after the 2023-03-24 halt), so 100 leaves a wide margin,
 * and a calm market flags a jump of about 10 % of price within one bar.
 *
 * A flagged bar does not move the reference (under every policy), so one bad bar flags only itself.
 * A genuine permanent jump larger than the threshold would flag every later bar: raise `multiple`.
 */
export interface PriceSpikeOptions {
  /** Allowed jump in multiples of the recent mean bar range. Default 100. */
  multiple?: number;
  /** Number of accepted bars averaged for the recent range. Default 60. */
  window?: number;
  /** Smallest recent range used, as a fraction of the reference price. Default 0.001. */
  floorFraction?: number;
}

export const DEFAULT_SPIKE_MULTIPLE = 100;
export const DEFAULT_SPIKE_WINDOW = 60;
export const DEFAULT_SPIKE_FLOOR_FRACTION = 0.001;

export class PriceSpikeDetector {
  private readonly multiple: number;
  private readonly floorFraction: number;
  private readonly ranges: Float64Array;
  private rangeSum = 0;
  private rangeCount = 0;
  private next = 0;
  private reference: number | undefined;
  private referenceOpenTime: number | undefined;

  constructor(options: PriceSpikeOptions = {}) {
    this.multiple = options.multiple ?? DEFAULT_SPIKE_MULTIPLE;
    this.floorFraction = options.floorFraction ?? DEFAULT_SPIKE_FLOOR_FRACTION;
    const window = options.window ?? DEFAULT_SPIKE_WINDOW;
    if (!(this.multiple > 0)) throw new RangeError(`spike multiple must be > 0, got ${this.multiple}`);
    if (!(Number.isInteger(window) && window >= 1)) throw new RangeError(`spike window must be a whole number >= 1, got ${window}`);
    if (!(this.floorFraction > 0)) throw new RangeError(`spike floor fraction must be > 0, got ${this.floorFraction}`);
    this.ranges = new Float64Array(window);
  }

  /** A starting reference (e.g. the median close of the first bars), so even the first bar is checked. */
  prime(referencePrice: number): void {
    if (this.reference === undefined && referencePrice > 0 && Number.isFinite(referencePrice)) this.reference = referencePrice;
  }

  /** Why `bar` is a spike, or undefined when it is within the allowed jump. */
  check(bar: CandleEvent): string | undefined {
    const ref = this.reference;
    if (ref === undefined) return undefined;
    const meanRange = this.rangeCount > 0 ? this.rangeSum / this.rangeCount : 0;
    const elapsedBars = this.referenceOpenTime === undefined ? 1 : Math.max(1, (bar.openTime - this.referenceOpenTime) / bar.durationMs);
    const allowed = this.multiple * Math.max(meanRange, this.floorFraction * ref) * Math.sqrt(elapsedBars);
    const jump = Math.max(Math.abs(bar.high - ref), Math.abs(bar.low - ref));
    if (jump <= allowed) return undefined;
    return `price jumps to ${jump === Math.abs(bar.high - ref) ? bar.high : bar.low} from ${ref}, beyond ${this.multiple} x the recent range (allowed move ${allowed.toPrecision(4)})`;
  }

  /** Records an accepted bar: it becomes the reference and its range joins the window. */
  advance(bar: CandleEvent): void {
    const range = bar.high - bar.low;
    if (this.rangeCount === this.ranges.length) this.rangeSum -= this.ranges[this.next];
    else this.rangeCount++;
    this.ranges[this.next] = range;
    this.rangeSum += range;
    this.next = (this.next + 1) % this.ranges.length;
    this.reference = bar.close;
    this.referenceOpenTime = bar.openTime;
  }
}
