import type { BookLevel } from '@mml/core';
import { bboEvent, depthEvent, snapshotEvent, tradeEvent, type TickEvent } from './tick-event';

/** Event kinds in the `kind` column. */
export const KIND_TRADE = 0;
export const KIND_BBO = 1;
export const KIND_DEPTH = 2;
export const KIND_SNAPSHOT = 3;

/**
 * A tick event stream as typed-array columns (struct of arrays): what the binary cache stores and
 * what the fast paths (book replay, check-book, the bench) iterate without building objects.
 *
 * Per event i: `kind`, `ts`, `localTs`, `transactTs` (NaN when absent), and by kind
 * - trade: `id` = trade id, `v0` price, `v1` qty, `v2` aggressor (+1 buy, −1 sell);
 * - bbo: `id` = update id (NaN when absent), `v0..v3` bid price, bid qty, ask price, ask qty;
 * - depth: `id` = U, `id2` = u, `id3` = pu (NaN on spot);
 * - snapshot: `id` = lastUpdateId.
 * Depth and snapshot levels are rows `levelStart[i]..levelStart[i+1]` of `levelPrice`/`levelQty`,
 * the first `bidCount[i]` of them bids.
 */
export interface TickColumns {
  length: number;
  kind: Uint8Array;
  ts: Float64Array;
  localTs: Float64Array;
  transactTs: Float64Array;
  id: Float64Array;
  id2: Float64Array;
  id3: Float64Array;
  v0: Float64Array;
  v1: Float64Array;
  v2: Float64Array;
  v3: Float64Array;
  /** length + 1 entries: level rows of event i are [levelStart[i], levelStart[i+1]). */
  levelStart: Uint32Array;
  bidCount: Uint32Array;
  levelCount: number;
  levelPrice: Float64Array;
  levelQty: Float64Array;
}

/** The per-event Float64 columns, in the cache's on-disk order. */
export const EVENT_F64_COLUMNS = ['ts', 'localTs', 'transactTs', 'id', 'id2', 'id3', 'v0', 'v1', 'v2', 'v3'] as const;

/** Appends events to growing columns (amortised doubling). */
export class TickColumnsBuilder {
  private n = 0;
  private m = 0;
  private cap: number;
  private levelCap: number;
  private kind: Uint8Array;
  private f64: Record<(typeof EVENT_F64_COLUMNS)[number], Float64Array>;
  private levelStart: Uint32Array;
  private bidCount: Uint32Array;
  private levelPrice: Float64Array;
  private levelQty: Float64Array;

  constructor(capacity = 1024) {
    this.cap = capacity;
    this.levelCap = capacity * 4;
    this.kind = new Uint8Array(capacity);
    this.f64 = Object.fromEntries(EVENT_F64_COLUMNS.map((c) => [c, new Float64Array(capacity)])) as TickColumnsBuilder['f64'];
    this.levelStart = new Uint32Array(capacity + 1);
    this.bidCount = new Uint32Array(capacity);
    this.levelPrice = new Float64Array(this.levelCap);
    this.levelQty = new Float64Array(this.levelCap);
  }

  get length(): number {
    return this.n;
  }

  append(event: TickEvent): void {
    if (this.n === this.cap) this.growEvents();
    const i = this.n;
    const f = this.f64;
    f.ts[i] = event.ts;
    f.localTs[i] = event.localTs;
    f.transactTs[i] = event.transactTs ?? NaN;
    f.id[i] = NaN;
    f.id2[i] = NaN;
    f.id3[i] = NaN;
    f.v0[i] = NaN;
    f.v1[i] = NaN;
    f.v2[i] = NaN;
    f.v3[i] = NaN;
    let bids: BookLevel[] | undefined;
    let asks: BookLevel[] | undefined;
    switch (event.kind) {
      case 'trade':
        this.kind[i] = KIND_TRADE;
        f.id[i] = event.id;
        f.v0[i] = event.price;
        f.v1[i] = event.qty;
        f.v2[i] = event.aggressor === 'buy' ? 1 : -1;
        break;
      case 'bbo':
        this.kind[i] = KIND_BBO;
        f.id[i] = event.updateId ?? NaN;
        f.v0[i] = event.bidPrice;
        f.v1[i] = event.bidQty;
        f.v2[i] = event.askPrice;
        f.v3[i] = event.askQty;
        break;
      case 'depth':
        this.kind[i] = KIND_DEPTH;
        f.id[i] = event.firstUpdateId;
        f.id2[i] = event.lastUpdateId;
        f.id3[i] = event.prevLastUpdateId ?? NaN;
        bids = event.bids;
        asks = event.asks;
        break;
      case 'book':
        this.kind[i] = KIND_SNAPSHOT;
        f.id[i] = event.updateId ?? NaN;
        bids = event.bids;
        asks = event.asks;
        break;
    }
    if (bids && asks) {
      const need = this.m + bids.length + asks.length;
      while (need > this.levelCap) this.growLevels();
      for (const [p, q] of bids) this.pushLevel(p, q);
      for (const [p, q] of asks) this.pushLevel(p, q);
      this.bidCount[i] = bids.length;
    } else {
      this.bidCount[i] = 0;
    }
    this.n = i + 1;
    this.levelStart[this.n] = this.m;
  }

  /** The columns built so far, trimmed to their length (copies). */
  finish(): TickColumns {
    const n = this.n;
    const m = this.m;
    const f = this.f64;
    return {
      length: n,
      kind: this.kind.slice(0, n),
      ts: f.ts.slice(0, n),
      localTs: f.localTs.slice(0, n),
      transactTs: f.transactTs.slice(0, n),
      id: f.id.slice(0, n),
      id2: f.id2.slice(0, n),
      id3: f.id3.slice(0, n),
      v0: f.v0.slice(0, n),
      v1: f.v1.slice(0, n),
      v2: f.v2.slice(0, n),
      v3: f.v3.slice(0, n),
      levelStart: this.levelStart.slice(0, n + 1),
      bidCount: this.bidCount.slice(0, n),
      levelCount: m,
      levelPrice: this.levelPrice.slice(0, m),
      levelQty: this.levelQty.slice(0, m),
    };
  }

  private pushLevel(price: number, qty: number): void {
    this.levelPrice[this.m] = price;
    this.levelQty[this.m] = qty;
    this.m++;
  }

  private growEvents(): void {
    const cap = this.cap * 2;
    const kind = new Uint8Array(cap);
    kind.set(this.kind);
    this.kind = kind;
    for (const c of EVENT_F64_COLUMNS) {
      const next = new Float64Array(cap);
      next.set(this.f64[c]);
      this.f64[c] = next;
    }
    const start = new Uint32Array(cap + 1);
    start.set(this.levelStart);
    this.levelStart = start;
    const bidCount = new Uint32Array(cap);
    bidCount.set(this.bidCount);
    this.bidCount = bidCount;
    this.cap = cap;
  }

  private growLevels(): void {
    this.levelCap *= 2;
    const price = new Float64Array(this.levelCap);
    price.set(this.levelPrice);
    const qty = new Float64Array(this.levelCap);
    qty.set(this.levelQty);
    this.levelPrice = price;
    this.levelQty = qty;
  }
}

/** Event i of the columns as an object, shaped exactly like the reader's (same constructors). */
export function columnEvent(c: TickColumns, i: number): TickEvent {
  switch (c.kind[i]) {
    case KIND_TRADE:
      return tradeEvent(c.ts[i], c.localTs[i], c.transactTs[i], c.v0[i], c.v1[i], c.v2[i] > 0 ? 'buy' : 'sell', c.id[i]);
    case KIND_BBO:
      return bboEvent(c.ts[i], c.localTs[i], c.transactTs[i], c.v0[i], c.v1[i], c.v2[i], c.v3[i], c.id[i]);
    case KIND_DEPTH: {
      const [bids, asks] = columnLevels(c, i);
      return depthEvent(c.ts[i], c.localTs[i], c.transactTs[i], c.id[i], c.id2[i], c.id3[i], bids, asks);
    }
    default: {
      const [bids, asks] = columnLevels(c, i);
      return snapshotEvent(c.ts[i], c.localTs[i], c.transactTs[i], c.id[i], bids, asks);
    }
  }
}

function columnLevels(c: TickColumns, i: number): [BookLevel[], BookLevel[]] {
  const start = c.levelStart[i];
  const split = start + c.bidCount[i];
  const end = c.levelStart[i + 1];
  const bids: BookLevel[] = new Array(split - start);
  const asks: BookLevel[] = new Array(end - split);
  for (let r = start; r < split; r++) bids[r - start] = [c.levelPrice[r], c.levelQty[r]];
  for (let r = split; r < end; r++) asks[r - split] = [c.levelPrice[r], c.levelQty[r]];
  return [bids, asks];
}

/** The columns' events in order, as objects. */
export function* columnEvents(c: TickColumns): Generator<TickEvent> {
  for (let i = 0; i < c.length; i++) yield columnEvent(c, i);
}
