/**
 * A dense L2 price-level book on integer ticks: quantities live in two typed arrays indexed by
 * `priceTicks - base`, over a window of interest around the touch. Setting a level is an array
 * store; the best price moves by a short scan over empty ticks. Nothing is allocated per update
 * (only when the window grows or re-centres, which is rare and amortised).
 *
 * Sides are named by the book ('bid' | 'ask'), not by an order's Side, because a book level is
 * not an order.
 *
 * Window: the first level centres a window of `initialWindowTicks`. A level outside it grows the
 * window (doubling, keeping every level) up to `maxWindowTicks`. At that size a level outside the
 * window is ignored and counted (`ignoredOutsideWindow`), unless the touch has drifted more than an
 * eighth of the window off centre: then the window re-centres on the touch, forgetting (and
 * counting, `droppedOnRecentre`) the levels that fall out. So the book is exact within at least
 * ±3/8 of the window around the touch, and a move (O(window)) stays rare. With the defaults
 * (2^21 ticks) a BTCUSDT book at a 0.01 tick keeps at least ±7,800 USD around the touch.
 *
 * Quantities are plain numbers: lots (integers) or natural units, as the caller chooses; the book
 * only compares them with 0. A quantity of 0 deletes the level. Prices must be integers (ticks).
 */
export type BookSide = 'bid' | 'ask';

export interface DenseOrderBookOptions {
  /** Ticks covered by the first window (rounded up to a power of two). Default 4096. */
  initialWindowTicks?: number;
  /** Largest window in ticks (rounded up to a power of two). Default 2^21. */
  maxWindowTicks?: number;
}

const DEFAULT_INITIAL_WINDOW = 1 << 12;
const DEFAULT_MAX_WINDOW = 1 << 21;

function nextPowerOfTwo(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

export class DenseOrderBook {
  private bids: Float64Array;
  private asks: Float64Array;
  /** Price in ticks of index 0; NaN until the first level arrives. */
  private base = NaN;
  private capacity: number;
  private readonly maxCapacity: number;
  /** Index of the best bid / best ask, or -1 when the side is empty. */
  private bestBidIndex = -1;
  private bestAskIndex = -1;
  private bidLevels = 0;
  private askLevels = 0;
  /**
   * Lowest and highest index written since the last clear/relocation: every non-zero entry lies
   * between them, so clearing and relocating touch only that range, not the whole window.
   */
  private lowMark: number;
  private highMark = -1;
  /** Zeroed arrays of the current capacity, swapped in when the window moves (no allocation). */
  private spareBids: Float64Array | undefined;
  private spareAsks: Float64Array | undefined;
  /** Updates dropped because they lay outside the largest window (far from the touch). */
  ignoredOutsideWindow = 0;
  /** Levels forgotten when the window re-centred at its maximum size. */
  droppedOnRecentre = 0;

  constructor(options: DenseOrderBookOptions = {}) {
    const initial = nextPowerOfTwo(Math.max(16, options.initialWindowTicks ?? DEFAULT_INITIAL_WINDOW));
    this.maxCapacity = Math.max(initial, nextPowerOfTwo(options.maxWindowTicks ?? DEFAULT_MAX_WINDOW));
    this.capacity = initial;
    this.lowMark = initial;
    this.bids = new Float64Array(initial);
    this.asks = new Float64Array(initial);
  }

  /** Sets the quantity at a price (0 deletes). `priceTicks` must be an integer. */
  apply(side: BookSide, priceTicks: number, qty: number): void {
    if (side === 'bid') this.applyBid(priceTicks, qty);
    else this.applyAsk(priceTicks, qty);
  }

  applyBid(priceTicks: number, qty: number): void {
    let i = priceTicks - this.base;
    if (!(i >= 0 && i < this.capacity)) {
      if (qty === 0) return; // deleting a level we do not hold is a no-op
      if (!this.makeRoom(priceTicks)) return;
      i = priceTicks - this.base;
    }
    const levels = this.bids;
    const had = levels[i] !== 0;
    if (qty !== 0) {
      levels[i] = qty;
      if (!had) {
        this.bidLevels++;
        if (i > this.bestBidIndex) this.bestBidIndex = i;
        if (i < this.lowMark) this.lowMark = i;
        if (i > this.highMark) this.highMark = i;
      }
    } else if (had) {
      levels[i] = 0;
      if (--this.bidLevels === 0) this.bestBidIndex = -1;
      else if (i === this.bestBidIndex) {
        let j = i - 1;
        while (levels[j] === 0) j--;
        this.bestBidIndex = j;
      }
    }
  }

  applyAsk(priceTicks: number, qty: number): void {
    let i = priceTicks - this.base;
    if (!(i >= 0 && i < this.capacity)) {
      if (qty === 0) return;
      if (!this.makeRoom(priceTicks)) return;
      i = priceTicks - this.base;
    }
    const levels = this.asks;
    const had = levels[i] !== 0;
    if (qty !== 0) {
      levels[i] = qty;
      if (!had) {
        this.askLevels++;
        if (this.bestAskIndex < 0 || i < this.bestAskIndex) this.bestAskIndex = i;
        if (i < this.lowMark) this.lowMark = i;
        if (i > this.highMark) this.highMark = i;
      }
    } else if (had) {
      levels[i] = 0;
      if (--this.askLevels === 0) this.bestAskIndex = -1;
      else if (i === this.bestAskIndex) {
        let j = i + 1;
        while (levels[j] === 0) j++;
        this.bestAskIndex = j;
      }
    }
  }

  /** Best bid in ticks, or NaN when there is no bid. */
  bestBidTicks(): number {
    return this.bestBidIndex < 0 ? NaN : this.base + this.bestBidIndex;
  }

  /** Best ask in ticks, or NaN when there is no ask. */
  bestAskTicks(): number {
    return this.bestAskIndex < 0 ? NaN : this.base + this.bestAskIndex;
  }

  /** Quantity at the best bid, 0 when there is no bid. */
  bestBidQty(): number {
    return this.bestBidIndex < 0 ? 0 : this.bids[this.bestBidIndex];
  }

  bestAskQty(): number {
    return this.bestAskIndex < 0 ? 0 : this.asks[this.bestAskIndex];
  }

  /** Quantity resting at a price (0 when empty or outside the window). */
  qtyAt(side: BookSide, priceTicks: number): number {
    const i = priceTicks - this.base;
    if (!(i >= 0 && i < this.capacity)) return 0;
    return side === 'bid' ? this.bids[i] : this.asks[i];
  }

  /** Number of non-empty levels on a side. */
  levelCount(side: BookSide): number {
    return side === 'bid' ? this.bidLevels : this.askLevels;
  }

  /**
   * The next non-empty level strictly worse than `priceTicks` on a side (lower for bids, higher
   * for asks), or NaN when there is none. Start from the touch to walk the book without allocating:
   * `for (let p = book.bestBidTicks(); p === p; p = book.nextLevelTicks('bid', p))`.
   */
  nextLevelTicks(side: BookSide, priceTicks: number): number {
    if (side === 'bid') {
      if (this.bidLevels === 0) return NaN;
      let j = Math.min(priceTicks - this.base - 1, this.bestBidIndex);
      while (j >= 0 && this.bids[j] === 0) j--;
      return j < 0 ? NaN : this.base + j;
    }
    if (this.askLevels === 0) return NaN;
    let j = Math.max(priceTicks - this.base + 1, this.bestAskIndex);
    const cap = this.capacity;
    while (j < cap && this.asks[j] === 0) j++;
    return j >= cap ? NaN : this.base + j;
  }

  /**
   * Calls `visit(priceTicks, qty)` for up to `maxLevels` levels from the touch outwards; stops
   * early when `visit` returns false. Returns the number of levels visited.
   */
  forEachLevel(side: BookSide, maxLevels: number, visit: (priceTicks: number, qty: number) => boolean | void): number {
    let n = 0;
    if (side === 'bid') {
      const levels = this.bids;
      for (let j = this.bestBidIndex; j >= 0 && n < maxLevels; j--) {
        if (levels[j] === 0) continue;
        n++;
        if (visit(this.base + j, levels[j]) === false) break;
      }
    } else if (this.bestAskIndex >= 0) {
      const levels = this.asks;
      const cap = this.capacity;
      for (let j = this.bestAskIndex; j < cap && n < maxLevels; j++) {
        if (levels[j] === 0) continue;
        n++;
        if (visit(this.base + j, levels[j]) === false) break;
      }
    }
    return n;
  }

  /** Removes every level (keeps the window's memory). */
  clear(): void {
    if (this.highMark >= this.lowMark) {
      this.bids.fill(0, this.lowMark, this.highMark + 1);
      this.asks.fill(0, this.lowMark, this.highMark + 1);
    }
    this.lowMark = this.capacity;
    this.highMark = -1;
    this.bestBidIndex = -1;
    this.bestAskIndex = -1;
    this.bidLevels = 0;
    this.askLevels = 0;
    this.base = NaN;
  }

  /** Lowest and highest price (ticks) the window currently covers; NaN before the first level. */
  windowTicks(): { low: number; high: number } {
    return { low: this.base, high: this.base + this.capacity - 1 };
  }

  /**
   * Moves or grows the window so `priceTicks` fits. Returns false (and counts the update) when it
   * cannot fit without giving up the touch.
   */
  private makeRoom(priceTicks: number): boolean {
    if (this.base !== this.base) {
      this.base = priceTicks - (this.capacity >> 1);
      return true;
    }
    const hasBid = this.bestBidIndex >= 0;
    const hasAsk = this.bestAskIndex >= 0;
    if (!hasBid && !hasAsk) {
      // Empty book: just move the window.
      this.base = priceTicks - (this.capacity >> 1);
      return true;
    }
    // Far beyond the largest window around the touch: reject at once (no scan, no copy), so a
    // stream of far-away levels (Binance sends a few at absurd prices) costs O(1) each.
    const touchIndex = hasBid && hasAsk ? (this.bestBidIndex + this.bestAskIndex) >> 1 : hasBid ? this.bestBidIndex : this.bestAskIndex;
    const fromTouch = priceTicks - (this.base + touchIndex);
    if (fromTouch >= this.maxCapacity >> 1 || -fromTouch > this.maxCapacity >> 1) {
      this.ignoredOutsideWindow++;
      return false;
    }
    if (this.capacity === this.maxCapacity) {
      // Full size: move the window only when the touch has drifted more than an eighth of it off
      // centre; otherwise a level outside it is ignored. A move costs O(window), so it must stay rare.
      if (Math.abs(touchIndex - (this.capacity >> 1)) <= this.capacity >> 3) {
        this.ignoredOutsideWindow++;
        return false;
      }
      this.relocate(this.base + touchIndex - (this.capacity >> 1), this.capacity);
      return true;
    }
    // Range of the levels we hold, plus the new price.
    const lowHeld = this.lowestHeldIndex() + this.base;
    const highHeld = this.highestHeldIndex() + this.base;
    const low = Math.min(lowHeld, priceTicks);
    const high = Math.max(highHeld, priceTicks);
    const span = high - low + 1;
    if (span * 2 <= this.maxCapacity) {
      const capacity = Math.max(this.capacity, nextPowerOfTwo(span * 2));
      this.relocate(low - ((capacity - span) >> 1), capacity);
      return true;
    }
    // At the maximum: centre on the touch; keep what fits, forget the rest (counted).
    const capacity = this.maxCapacity;
    this.relocate(this.base + touchIndex - (capacity >> 1), capacity);
    return true;
  }

  private lowestHeldIndex(): number {
    let lo = this.capacity;
    if (this.bidLevels > 0) {
      let j = this.lowMark;
      while (this.bids[j] === 0) j++;
      lo = j;
    }
    if (this.askLevels > 0 && this.bestAskIndex < lo) lo = this.bestAskIndex;
    return lo;
  }

  private highestHeldIndex(): number {
    let hi = -1;
    if (this.askLevels > 0) {
      let j = this.highMark;
      while (this.asks[j] === 0) j--;
      hi = j;
    }
    if (this.bidLevels > 0 && this.bestBidIndex > hi) hi = this.bestBidIndex;
    return hi;
  }

  /** Copies the levels into a window starting at `base` with `capacity` ticks. */
  private relocate(base: number, capacity: number): void {
    const oldBids = this.bids;
    const oldAsks = this.asks;
    const oldBase = this.base;
    const sameSize = capacity === this.capacity && this.spareBids !== undefined && this.spareAsks !== undefined;
    const bids = sameSize ? (this.spareBids as Float64Array) : new Float64Array(capacity);
    const asks = sameSize ? (this.spareAsks as Float64Array) : new Float64Array(capacity);
    let bidLevels = 0;
    let askLevels = 0;
    let bestBid = -1;
    let bestAsk = -1;
    let lowMark = capacity;
    let highMark = -1;
    const from = this.lowMark;
    const to = Math.min(this.highMark, oldBids.length - 1);
    for (let j = from; j <= to; j++) {
      const qb = oldBids[j];
      const qa = oldAsks[j];
      if (qb === 0 && qa === 0) continue;
      const k = oldBase + j - base;
      if (k < 0 || k >= capacity) {
        if (qb !== 0) this.droppedOnRecentre++;
        if (qa !== 0) this.droppedOnRecentre++;
        continue;
      }
      if (k < lowMark) lowMark = k;
      if (k > highMark) highMark = k;
      if (qb !== 0) {
        bids[k] = qb;
        bidLevels++;
        if (k > bestBid) bestBid = k;
      }
      if (qa !== 0) {
        asks[k] = qa;
        askLevels++;
        if (bestAsk < 0 || k < bestAsk) bestAsk = k;
      }
    }
    // The old arrays become the zeroed spares for the next move of a window this size.
    if (to >= from) {
      oldBids.fill(0, from, to + 1);
      oldAsks.fill(0, from, to + 1);
    }
    if (capacity === oldBids.length) {
      this.spareBids = oldBids;
      this.spareAsks = oldAsks;
    } else {
      this.spareBids = undefined;
      this.spareAsks = undefined;
    }
    this.bids = bids;
    this.asks = asks;
    this.base = base;
    this.capacity = capacity;
    this.lowMark = lowMark;
    this.highMark = highMark;
    this.bidLevels = bidLevels;
    this.askLevels = askLevels;
    this.bestBidIndex = bestBid;
    this.bestAskIndex = bestAsk;
  }
}
