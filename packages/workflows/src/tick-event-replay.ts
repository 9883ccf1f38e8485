import { DenseOrderBook, type BestBidAskEvent, type BookDeltaEvent, type BookLevel, type BookSnapshotEvent, type MarketEvent, type TradeEvent } from '@mml/core';
import { endOfReplay } from './replay-end';
import { KIND_BBO, KIND_DEPTH, KIND_SNAPSHOT, KIND_TRADE, type TickColumns } from '@mml/market-data';

/**
 * Replays rows [from, to) of tick columns into the engine as MarketEvents WITHOUT allocating per
 * event: one mutable event object per kind is refilled for every row (the engine keeps no
 * reference to events, and the strategies read them only during onEvent), book levels live in
 * pooled [price, qty] pairs. An iterator object rather than a generator, so `next()` returns the
 * same result record every time.
 *
 * A window that starts after the capture's first depth snapshot starts with a synthetic snapshot:
 * the book rebuilt from the snapshot and diffs before `from` (diffs older than the snapshot
 * skipped), stamped with row `from`'s clocks and the last applied update id, so the L2 simulator
 * has the book the market had when the window opens and nothing later.
 */
export class TickEventReplay implements IterableIterator<MarketEvent> {
  private i: number;
  private readonly result: IteratorResult<MarketEvent> = { done: false, value: undefined as unknown as MarketEvent };
  private readonly trade: TradeEvent & { localTs: number } = { kind: 'trade', ts: 0, localTs: 0, price: 0, qty: 0, aggressor: 'buy', id: 0 };
  private readonly bbo: BestBidAskEvent & { localTs: number } = { kind: 'bbo', ts: 0, localTs: 0, bidPrice: 0, bidQty: 0, askPrice: 0, askQty: 0, updateId: 0 };
  private readonly depth: BookDeltaEvent & { localTs: number } = { kind: 'depth', ts: 0, localTs: 0, firstUpdateId: 0, lastUpdateId: 0, bids: [], asks: [] };
  private readonly book: BookSnapshotEvent & { localTs: number } = { kind: 'book', ts: 0, localTs: 0, bids: [], asks: [], updateId: 0 };
  private readonly pool: BookLevel[] = [];
  private warmup: (BookSnapshotEvent & { localTs: number }) | undefined;

  constructor(
    private readonly c: TickColumns,
    from = 0,
    private readonly to = c.length,
    /** Tick size of the instrument, to rebuild the warm-up book on integer ticks. */
    tickSize = 0.01,
  ) {
    this.i = from;
    if (from > 0) this.warmup = rebuildBookBefore(c, from, tickSize);
  }

  [Symbol.iterator](): IterableIterator<MarketEvent> {
    return this;
  }

  next(): IteratorResult<MarketEvent> {
    const r = this.result;
    if (this.warmup !== undefined) {
      r.value = this.warmup;
      this.warmup = undefined;
      return r;
    }
    const i = this.i;
    if (i >= this.to) return endOfReplay(r);
    this.i = i + 1;
    const c = this.c;
    switch (c.kind[i]) {
      case KIND_TRADE: {
        const e = this.trade;
        e.ts = c.ts[i];
        e.localTs = c.localTs[i];
        e.price = c.v0[i];
        e.qty = c.v1[i];
        e.aggressor = c.v2[i] > 0 ? 'buy' : 'sell';
        e.id = c.id[i];
        r.value = e;
        break;
      }
      case KIND_BBO: {
        const e = this.bbo;
        e.ts = c.ts[i];
        e.localTs = c.localTs[i];
        e.bidPrice = c.v0[i];
        e.bidQty = c.v1[i];
        e.askPrice = c.v2[i];
        e.askQty = c.v3[i];
        e.updateId = c.id[i];
        r.value = e;
        break;
      }
      case KIND_DEPTH: {
        const e = this.depth;
        e.ts = c.ts[i];
        e.localTs = c.localTs[i];
        e.firstUpdateId = c.id[i];
        e.lastUpdateId = c.id2[i];
        this.levels(i, e.bids, e.asks);
        r.value = e;
        break;
      }
      case KIND_SNAPSHOT: {
        const e = this.book;
        e.ts = c.ts[i];
        e.localTs = c.localTs[i];
        e.updateId = c.id[i];
        this.levels(i, e.bids, e.asks);
        r.value = e;
        break;
      }
      default:
        throw new RangeError(`tick columns row ${i}: unknown event kind ${c.kind[i]}`);
    }
    return r;
  }

  /** Fills the reused bid/ask arrays with pooled pairs (bids first in the columns). */
  private levels(i: number, bids: BookLevel[], asks: BookLevel[]): void {
    const c = this.c;
    const start = c.levelStart[i];
    const split = start + c.bidCount[i];
    const end = c.levelStart[i + 1];
    const pool = this.pool;
    while (pool.length < end - start) pool.push([0, 0]);
    resize(bids, split - start, pool, 0);
    resize(asks, end - split, pool, split - start);
    for (let r = start; r < split; r++) {
      const level = bids[r - start];
      level[0] = c.levelPrice[r];
      level[1] = c.levelQty[r];
    }
    for (let r = split; r < end; r++) {
      const level = asks[r - split];
      level[0] = c.levelPrice[r];
      level[1] = c.levelQty[r];
    }
  }
}

/** Makes `list` hold exactly `n` pairs taken from `pool[offset..]` (push/pop keep the backing store). */
function resize(list: BookLevel[], n: number, pool: BookLevel[], offset: number): void {
  while (list.length > n) list.pop();
  for (let k = 0; k < list.length; k++) list[k] = pool[offset + k];
  while (list.length < n) list.push(pool[offset + list.length]);
}

/**
 * The book as of just before row `from`: the last snapshot before it plus the diffs after that
 * snapshot (those with u >= its lastUpdateId), as one snapshot event. Undefined when no snapshot
 * precedes `from` (the window then starts as the capture does, bookless until a snapshot).
 */
export function rebuildBookBefore(c: TickColumns, from: number, tickSize: number): (BookSnapshotEvent & { localTs: number }) | undefined {
  let snap = -1;
  for (let i = from - 1; i >= 0; i--) {
    if (c.kind[i] === KIND_SNAPSHOT) {
      snap = i;
      break;
    }
  }
  if (snap < 0) return undefined;
  const inv = 1 / tickSize;
  const book = new DenseOrderBook();
  let updateId = c.id[snap];
  const apply = (i: number) => {
    const start = c.levelStart[i];
    const split = start + c.bidCount[i];
    const end = c.levelStart[i + 1];
    for (let r = start; r < split; r++) book.applyBid(Math.round(c.levelPrice[r] * inv), c.levelQty[r]);
    for (let r = split; r < end; r++) book.applyAsk(Math.round(c.levelPrice[r] * inv), c.levelQty[r]);
  };
  apply(snap);
  for (let i = snap + 1; i < from; i++) {
    if (c.kind[i] !== KIND_DEPTH || c.id2[i] < updateId) continue;
    apply(i);
    updateId = c.id2[i];
  }
  const bids: BookLevel[] = [];
  const asks: BookLevel[] = [];
  book.forEachLevel('bid', Number.MAX_SAFE_INTEGER, (p, q) => {
    bids.push([p / inv, q]);
  });
  book.forEachLevel('ask', Number.MAX_SAFE_INTEGER, (p, q) => {
    asks.push([p / inv, q]);
  });
  return { kind: 'book', ts: c.ts[from], localTs: c.localTs[from], bids, asks, updateId };
}
