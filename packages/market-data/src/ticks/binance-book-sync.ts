import { DataError, DenseOrderBook } from '@mml/core';

/** How a diff must follow the previous one: spot `U == u + 1`, futures `pu == u` (USDⓈ-M, COIN-M). */
export type DepthMarket = 'spot' | 'futures';

/**
 * What the synchroniser decided about a diff:
 * - 'apply': apply its levels now (then call `diffApplied`);
 * - 'stale': it ends before the book's state (spot `u <= lastUpdateId`, futures `u < lastUpdateId`);
 * - 'unsynced': no snapshot yet (or since the last break): keep it until the next snapshot;
 * - 'break': it does not continue the chain (or, first after a snapshot, does not bracket it): the
 *   book is marked out of sync and waits for the next snapshot; keep the diff for then.
 */
export type DiffDecision = 'apply' | 'stale' | 'unsynced' | 'break';

export interface BookSyncStats {
  snapshots: number;
  diffsApplied: number;
  diffsStale: number;
  /** Diffs offered while unsynced (before the first snapshot or after a break). */
  diffsWaiting: number;
  /** Chain breaks found (each marks the book out of sync until the next snapshot). */
  breaks: number;
  /** Snapshots that re-synchronised the book after a break. */
  resyncs: number;
  /** Level rows written to the book (snapshot levels and diff levels). */
  levelRows: number;
}

/**
 * Binance's snapshot + diff procedure on a DenseOrderBook (ticks), without I/O or allocation per
 * diff; the caller feeds it (an event stream or columns) and keeps unsynced diffs for re-offering
 * after the next snapshot:
 * - spot: drop diffs with `u <= lastUpdateId`; the first kept diff must have `U <= lastUpdateId+1`;
 *   each next diff `U == previous u + 1`;
 * - futures: drop diffs with `u < lastUpdateId`; the first kept diff must have `U <= lastUpdateId
 *   <= u`; each next diff `pu == previous u`.
 * A break marks the book out of sync (`synced` false) until the next snapshot re-synchronises it:
 * never a silently patched book.
 *
 * Prices become ticks with `tickSize` (given, or inferred from the first snapshot as the finest
 * decimal step its prices use); a price off that grid is a DataError, not a rounded level.
 */
export class BinanceBookSync {
  readonly book: DenseOrderBook;
  synced = false;
  /** The update id the book reflects (snapshot id, then each applied diff's u). */
  lastUpdateId = NaN;
  readonly stats: BookSyncStats = { snapshots: 0, diffsApplied: 0, diffsStale: 0, diffsWaiting: 0, breaks: 0, resyncs: 0, levelRows: 0 };
  private firstAfterSnapshot = false;
  private ticksPerUnit = NaN;
  private everSynced = false;

  constructor(
    readonly market: DepthMarket,
    private tickSize?: number,
    private readonly source = 'depth',
    book?: DenseOrderBook,
  ) {
    this.book = book ?? new DenseOrderBook();
    if (tickSize !== undefined) this.setTick(tickSize);
  }

  /** The tick size in use (NaN before the first snapshot when inferred). */
  get tick(): number {
    return this.tickSize ?? NaN;
  }

  /** Starts a snapshot: clears the book. Feed its levels with `bid`/`ask`, then offer buffered diffs. */
  beginSnapshot(updateId: number, prices?: ArrayLike<number>): void {
    if (this.tickSize === undefined) {
      if (!prices || prices.length === 0) throw new DataError({ source: this.source }, 'cannot infer the tick size: empty snapshot (pass tickSize)');
      this.setTick(inferTickSize(prices));
    }
    this.book.clear();
    this.lastUpdateId = updateId;
    if (this.everSynced && !this.synced) this.stats.resyncs++;
    this.synced = true;
    this.everSynced = true;
    this.firstAfterSnapshot = true;
    this.stats.snapshots++;
  }

  offerDiff(firstUpdateId: number, lastUpdateId: number, prevLastUpdateId: number): DiffDecision {
    if (!this.synced) {
      this.stats.diffsWaiting++;
      return 'unsynced';
    }
    const last = this.lastUpdateId;
    if (this.market === 'spot' ? lastUpdateId <= last : lastUpdateId < last) {
      this.stats.diffsStale++;
      return 'stale';
    }
    const continues = this.firstAfterSnapshot
      ? this.market === 'spot'
        ? firstUpdateId <= last + 1
        : firstUpdateId <= last
      : this.market === 'spot'
        ? firstUpdateId === last + 1
        : prevLastUpdateId === last;
    if (!continues) {
      this.synced = false;
      this.stats.breaks++;
      this.stats.diffsWaiting++;
      return 'break';
    }
    return 'apply';
  }

  /** Records that the diff `offerDiff` accepted has been applied. */
  diffApplied(lastUpdateId: number): void {
    this.lastUpdateId = lastUpdateId;
    this.firstAfterSnapshot = false;
    this.stats.diffsApplied++;
  }

  bid(price: number, qty: number): void {
    this.book.applyBid(this.ticks(price), qty);
    this.stats.levelRows++;
  }

  ask(price: number, qty: number): void {
    this.book.applyAsk(this.ticks(price), qty);
    this.stats.levelRows++;
  }

  /**
   * Applies level rows [start, end) of parallel price/qty arrays, bids before `split` and asks
   * from it: the hot loop of a replay (one call per message, tick conversion inlined).
   */
  applyRows(prices: Float64Array, qtys: Float64Array, start: number, split: number, end: number): void {
    const book = this.book;
    const scale = this.ticksPerUnit;
    for (let r = start; r < end; r++) {
      const scaled = prices[r] * scale;
      const t = Math.round(scaled);
      if (Math.abs(scaled - t) > 1e-9 * (scaled > 1 ? scaled : 1)) this.ticks(prices[r]); // throws the off-grid error
      if (r < split) book.applyBid(t, qtys[r]);
      else book.applyAsk(t, qtys[r]);
    }
    this.stats.levelRows += end - start;
  }

  /** A price on the tick grid, as an integer number of ticks. */
  ticks(price: number): number {
    const scaled = price * this.ticksPerUnit;
    const t = Math.round(scaled);
    if (Math.abs(scaled - t) > 1e-9 * Math.max(1, Math.abs(scaled))) {
      throw new DataError({ source: this.source, field: 'price' }, `price ${price} is not on the tick ${this.tickSize} (${this.tickSize === undefined ? '' : 'inferred from the first snapshot; '}pass tickSize)`);
    }
    return t;
  }

  private setTick(tickSize: number): void {
    if (!(tickSize > 0)) throw new DataError({ source: this.source, field: 'tickSize' }, `tick size must be > 0, got ${tickSize}`);
    this.tickSize = tickSize;
    this.ticksPerUnit = 1 / tickSize;
    // Decimal ticks (0.1, 0.01, ...) are exact as a power of ten: avoid 1/0.1 = 9.999999999999998.
    const decimals = Math.round(-Math.log10(tickSize));
    if (Math.abs(10 ** -decimals - tickSize) < 1e-15) this.ticksPerUnit = 10 ** decimals;
  }
}

/** The finest power-of-ten step (10^-d, d <= 10) on which every price lies. */
export function inferTickSize(prices: ArrayLike<number>): number {
  let decimals = 0;
  for (let i = 0; i < prices.length; i++) {
    const p = prices[i];
    while (decimals < 10) {
      const scaled = p * 10 ** decimals;
      if (Math.abs(scaled - Math.round(scaled)) <= 1e-9 * Math.max(1, Math.abs(scaled))) break;
      decimals++;
    }
  }
  return Number((10 ** -decimals).toFixed(decimals));
}
