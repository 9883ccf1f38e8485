import { DataError, type BookDeltaEvent, type BookLevel, type BookSnapshotEvent } from '@mml/core';

/** How a diff must follow the previous one: Binance spot (U == last u + 1) or USDⓈ-M futures (pu == last u). */
export type UpdateIdChain = 'spot' | 'futures';

/** Result of offering a diff to the book. */
export type DiffOutcome = 'applied' | 'stale' | 'buffered';

/**
 * An L2 order book rebuilt from a REST snapshot plus incremental diffs, following Binance's
 * procedure (shared data README): diffs received before the snapshot are buffered; diffs with
 * last update id <= the snapshot's are discarded; the first applied diff must bracket the snapshot;
 * afterwards every diff must continue the update-id chain, or the book throws (a missed message
 * means the book is wrong and must be re-synchronised, never silently patched).
 */
export class OrderBook {
  /** Bid prices sorted descending and ask prices ascending, with quantities in maps. */
  private bidPrices: number[] = [];
  private askPrices: number[] = [];
  private readonly bidQty = new Map<number, number>();
  private readonly askQty = new Map<number, number>();
  private pending: Array<BookDeltaEvent & { prevLastUpdateId?: number }> = [];
  private synced = false;
  /** Last update id the book reflects (snapshot id, then each applied diff's last id). */
  lastUpdateId = -1;
  ts = NaN;

  constructor(
    private readonly chain: UpdateIdChain = 'spot',
    private readonly source = 'order book',
  ) {}

  get isSynced(): boolean {
    return this.synced;
  }

  /** Loads a snapshot and applies any diffs buffered before it. Returns the outcomes of those diffs. */
  applySnapshot(snapshot: BookSnapshotEvent): DiffOutcome[] {
    if (snapshot.updateId === undefined) throw new DataError({ source: this.source }, 'snapshot without updateId');
    this.bidPrices = [];
    this.askPrices = [];
    this.bidQty.clear();
    this.askQty.clear();
    for (const [p, q] of snapshot.bids) this.set('bid', p, q);
    for (const [p, q] of snapshot.asks) this.set('ask', p, q);
    this.lastUpdateId = snapshot.updateId;
    this.ts = snapshot.ts;
    this.synced = true;
    this.firstApplied = false;
    const buffered = this.pending;
    this.pending = [];
    return buffered.map((d) => this.applyDiff(d));
  }

  private firstApplied = false;

  /** Applies one diff (buffers it if no snapshot yet; ignores it if stale). */
  applyDiff(diff: BookDeltaEvent & { prevLastUpdateId?: number }): DiffOutcome {
    if (!this.synced) {
      this.pending.push(diff);
      return 'buffered';
    }
    // Futures keep a diff ending exactly at the snapshot (u == lastUpdateId); spot drops it.
    if (this.chain === 'spot' ? diff.lastUpdateId <= this.lastUpdateId : diff.lastUpdateId < this.lastUpdateId) return 'stale';
    if (!this.firstApplied) {
      if (!(diff.firstUpdateId <= this.lastUpdateId + (this.chain === 'spot' ? 1 : 0))) {
        throw new DataError({ source: this.source }, `first diff [${diff.firstUpdateId}, ${diff.lastUpdateId}] does not bracket snapshot ${this.lastUpdateId}`);
      }
    } else if (this.chain === 'spot' ? diff.firstUpdateId !== this.lastUpdateId + 1 : diff.prevLastUpdateId !== this.lastUpdateId) {
      throw new DataError({ source: this.source }, `update-id chain broken after ${this.lastUpdateId}: next diff [${diff.firstUpdateId}, ${diff.lastUpdateId}]`);
    }
    for (const [p, q] of diff.bids) this.set('bid', p, q);
    for (const [p, q] of diff.asks) this.set('ask', p, q);
    this.firstApplied = true;
    this.lastUpdateId = diff.lastUpdateId;
    this.ts = diff.ts;
    return 'applied';
  }

  bestBid(): BookLevel | undefined {
    const p = this.bidPrices[0];
    return p === undefined ? undefined : [p, this.bidQty.get(p) as number];
  }

  bestAsk(): BookLevel | undefined {
    const p = this.askPrices[0];
    return p === undefined ? undefined : [p, this.askQty.get(p) as number];
  }

  /** The top `levels` of each side as a core snapshot event. */
  snapshot(levels: number): BookSnapshotEvent {
    return {
      kind: 'book',
      ts: this.ts,
      bids: this.bidPrices.slice(0, levels).map((p) => [p, this.bidQty.get(p) as number]),
      asks: this.askPrices.slice(0, levels).map((p) => [p, this.askQty.get(p) as number]),
      updateId: this.lastUpdateId,
    };
  }

  depth(): { bids: number; asks: number } {
    return { bids: this.bidPrices.length, asks: this.askPrices.length };
  }

  private set(side: 'bid' | 'ask', price: number, qty: number): void {
    const prices = side === 'bid' ? this.bidPrices : this.askPrices;
    const quantities = side === 'bid' ? this.bidQty : this.askQty;
    // Binary search for price's position (descending for bids, ascending for asks).
    let lo = 0;
    let hi = prices.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const before = side === 'bid' ? prices[mid] > price : prices[mid] < price;
      if (before) lo = mid + 1;
      else hi = mid;
    }
    const exists = prices[lo] === price;
    if (qty === 0) {
      if (exists) {
        prices.splice(lo, 1);
        quantities.delete(price);
      }
      return;
    }
    if (!exists) prices.splice(lo, 0, price);
    quantities.set(price, qty);
  }
}
