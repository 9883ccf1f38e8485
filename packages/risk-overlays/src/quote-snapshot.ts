import type { QuoteIntent, QuoteIntentBuffer, QuoteLevel } from '@mml/core';

/**
 * The quotes of an intent (levels per side and the flatten flag) kept in flat typed arrays, to
 * compare a later state of an intent against: taken and compared on every event without
 * allocation or object indirection (the overlay stack's silent-change check, the overlaid
 * strategy's last emitted quotes). Holds at most `capacity` levels per side.
 */
export class QuoteSnapshot {
  private bidCount = 0;
  private askCount = 0;
  private flatten = false;
  /** Bids at [0, capacity), asks at [capacity, 2 capacity). */
  private readonly prices: Float64Array;
  private readonly sizes: Float64Array;

  constructor(readonly capacity: number) {
    this.prices = new Float64Array(2 * capacity);
    this.sizes = new Float64Array(2 * capacity);
  }

  /** Records the intent's quotes now. */
  take(intent: QuoteIntent): void {
    this.bidCount = this.takeSide(intent.bids, 0);
    this.askCount = this.takeSide(intent.asks, this.capacity);
    this.flatten = intent.flatten === true;
  }

  /** Writes the recorded levels back into the intent's pooled levels (its flatten flag is the caller's). */
  restoreInto(intent: QuoteIntentBuffer): void {
    const capacity = this.capacity;
    for (let i = 0; i < this.bidCount; i++) {
      const level = intent.bidLevel(i);
      level.priceTicks = this.prices[i];
      level.sizeLots = this.sizes[i];
    }
    for (let i = 0; i < this.askCount; i++) {
      const level = intent.askLevel(i);
      level.priceTicks = this.prices[capacity + i];
      level.sizeLots = this.sizes[capacity + i];
    }
    intent.setBidCount(this.bidCount);
    intent.setAskCount(this.askCount);
  }

  /** True when the intent's resting quotes or flatten request differ from the recorded ones. */
  quotesDiffer(intent: QuoteIntent): boolean {
    return (intent.flatten === true) !== this.flatten || this.levelsDiffer(intent);
  }

  /** True when the intent's resting quotes differ from the recorded ones (flatten ignored). */
  levelsDiffer(intent: QuoteIntent): boolean {
    return this.sideDiffers(intent.bids, this.bidCount, 0) || this.sideDiffers(intent.asks, this.askCount, this.capacity);
  }

  private takeSide(levels: readonly QuoteLevel[], offset: number): number {
    const n = levels.length;
    if (n > this.capacity) throw new RangeError(`an intent side has ${n} levels, overlays handle at most ${this.capacity}`);
    for (let i = 0; i < n; i++) {
      this.prices[offset + i] = levels[i].priceTicks;
      this.sizes[offset + i] = levels[i].sizeLots;
    }
    return n;
  }

  private sideDiffers(levels: readonly QuoteLevel[], count: number, offset: number): boolean {
    if (levels.length !== count) return true;
    // `!==` as on the level objects: a NaN price or size differs from itself, as before.
    for (let i = 0; i < count; i++) if (levels[i].priceTicks !== this.prices[offset + i] || levels[i].sizeLots !== this.sizes[offset + i]) return true;
    return false;
  }
}
