import { DenseOrderBook, type BookLevel, type Instrument, type MarketEvent } from '@mml/core';
import type { EngineConfig } from '../engine-config';
import type { OrderSide, RestingOrder } from '../resting-order';
import type { BookTouch, FillContext, FillModel, FillSink, LiquidityTaker, TakerSink } from '../fill-models/fill-model';
import { createQueueModel, type QueueModel } from './queue-models';

/** Counters of what the simulator decided (for reports and tests). */
export interface L2FillStats {
  /** Orders that took liquidity on arrival (postOnly off). */
  takerOnArrival: number;
  /** Maker fills by cause. */
  queueFills: number;
  tradeThroughFills: number;
  crossFills: number;
  /** Depth diffs ignored: before the first snapshot, or older than it (u < lastUpdateId). */
  ignoredDiffs: number;
}

/**
 * L2 exchange simulator: matches our orders against a dense price-level book rebuilt from the
 * feed (snapshot + diffs, or the touch from bookTicker when no snapshot has been seen) and the
 * public trades, on the EXCHANGE clock (`event.ts`). Every rule below is a named option of
 * `engine.l2` and pinned by a test in l2-fill-model.spec.ts.
 *
 * - Arrival: an order is at the exchange from `liveFromTs` (decision time + entry latency). On the
 *   first event at or after that time it is checked against the book as it stands then:
 *   marketable (a bid at or above the best ask) => rejected (`postOnly`, default) or, with
 *   postOnly off, it walks the book as a taker up to its limit and rests with the rest. Otherwise
 *   its queue position starts at the displayed size of its level (plus our own orders already
 *   there): size that was there before us is ahead of us.
 * - Queue: trades at our price advance us; depth decreases per `queueModel` (risk-averse by
 *   default: cancels are behind us; or hftbacktest's power/log probability split).
 * - Fills: a trade at our price fills us with what is left of it after the queue ahead; a trade
 *   through our price fills us up to its quantity (`tradeThroughFill: 'trade-qty'`, default) or
 *   completely (`'full'`, hftbacktest's choice); the opposite side of the book reaching our price
 *   (crossing) fills us up to the displayed crossing size. At most `participationCap` of each
 *   trade / crossing size. Partial fills are normal; maker fills at our price.
 * - Shared liquidity: one trade's quantity and one crossing displayed size are budgets shared by
 *   all our orders (best first); a crossing size already used is not used again while the book
 *   stays crossed, so two of our orders never fill from the same displayed size.
 * - Cancels: an order can fill until its cancel reaches the exchange (`cancelAtTs`, exclusive).
 * - Unknown queue: before any book is seen, or deeper than the touch when only bookTicker is
 *   known, the queue ahead is Infinity: only trade-throughs and crossings fill.
 */
export class L2FillModel implements FillModel, BookTouch, LiquidityTaker {
  readonly name = 'l2';
  readonly book = new DenseOrderBook();
  readonly stats: L2FillStats = { takerOnArrival: 0, queueFills: 0, tradeThroughFills: 0, crossFills: 0, ignoredDiffs: 0 };
  private readonly queue: QueueModel;
  private readonly cap: number;
  private readonly fullTradeThrough: boolean;
  private readonly crossFills: boolean;
  private readonly rangeFraction: number;
  /** 'none' until a book is seen; 'touch' = only bookTicker; 'depth' = a snapshot (then diffs). */
  private mode: 'none' | 'touch' | 'depth' = 'none';
  private snapshotUpdateId = -Infinity;
  /** Displayed crossing size already used by our asks / bids while the book stays crossed. */
  private askCrossUsed = 0;
  private bidCrossUsed = 0;

  constructor(
    private readonly instrument: Instrument,
    config: EngineConfig['l2'],
  ) {
    this.queue = createQueueModel(config.queueModel, config.queuePower);
    this.cap = config.participationCap;
    this.fullTradeThrough = config.tradeThroughFill === 'full';
    this.crossFills = config.crossFill;
    this.rangeFraction = config.bookRangeFraction;
  }

  match(event: MarketEvent, bids: OrderSide, asks: OrderSide, _context: FillContext, sink: FillSink): void {
    const ts = event.ts;
    const haveBids = bids.workingCount + bids.cancellingCount > 0;
    const haveAsks = asks.workingCount + asks.cancellingCount > 0;
    switch (event.kind) {
      case 'trade': {
        const ticks = this.instrument.priceToTicks(event.price);
        if (event.aggressor === 'sell') {
          if (haveBids) this.trade(bids, ts, ticks, event.qty, true, sink);
        } else if (haveAsks) this.trade(asks, ts, ticks, event.qty, false, sink);
        return;
      }
      case 'depth':
        if (this.mode !== 'depth' || event.lastUpdateId < this.snapshotUpdateId) {
          this.stats.ignoredDiffs++;
          return;
        }
        this.applyLevels(bids, event.bids, true, haveBids);
        this.applyLevels(asks, event.asks, false, haveAsks);
        break;
      case 'book':
        this.snapshot(bids, asks, event.bids, event.asks, haveBids, haveAsks);
        if (event.updateId !== undefined) this.snapshotUpdateId = event.updateId;
        this.mode = 'depth';
        break;
      case 'bbo':
        if (this.mode === 'depth') return; // the rebuilt book is the truth; bookTicker only when there is none
        this.touchOnly(bids, asks, event.bidPrice, event.bidQty, event.askPrice, event.askQty, haveBids, haveAsks);
        this.mode = 'touch';
        break;
      case 'candle':
        return;
    }
    if (this.crossFills) {
      if (haveBids) this.crossed(bids, ts, true, sink);
      if (haveAsks) this.crossed(asks, ts, false, sink);
    }
  }

  /** BookTouch: the touch of the rebuilt book (false when a side is empty). */
  readTouch(out: { bidTicks: number; bidQty: number; askTicks: number; askQty: number }): boolean {
    if (this.mode === 'none') return false;
    const bid = this.book.bestBidTicks();
    const ask = this.book.bestAskTicks();
    if (!(bid < ask)) return false;
    out.bidTicks = bid;
    out.askTicks = ask;
    out.bidQty = this.book.bestBidQty();
    out.askQty = this.book.bestAskQty();
    return true;
  }

  /**
   * LiquidityTaker: a taker order of `lots` walks the displayed opposite side from the touch,
   * level by level, never past `limitTicks` (NaN = no limit), reporting each level's fill to
   * `sink`. Returns the lots left when the displayed book (or the limit) is exhausted. Only the
   * full depth book is walked; with the touch alone, only the touch size is taken.
   */
  take(isBuy: boolean, lots: number, limitTicks: number, sink: TakerSink): number {
    const side = isBuy ? 'ask' : 'bid';
    let remaining = lots;
    let price = isBuy ? this.book.bestAskTicks() : this.book.bestBidTicks();
    while (remaining > 0 && price === price) {
      if (limitTicks === limitTicks && (isBuy ? price > limitTicks : price < limitTicks)) break;
      const available = this.instrument.floorLots(this.book.qtyAt(side, price));
      const lotsHere = available < remaining ? available : remaining;
      if (lotsHere > 0) {
        sink.takerFill(price, lotsHere);
        remaining -= lotsHere;
      }
      if (this.mode !== 'depth') break;
      price = this.book.nextLevelTicks(side, price);
    }
    return remaining;
  }

  // ---------------------------------------------------------------- internals

  /**
   * An order reached the exchange and rests (the engine checked post-only against this book's
   * touch first): its queue starts at the displayed size of its level now, plus our own orders
   * already resting at that price.
   */
  queueOnArrival(order: RestingOrder, side: OrderSide, isBid: boolean): void {
    this.queue.arrive(order, this.visibleAhead(order, isBid) + this.ownAhead(side, order));
  }

  /** An order marketable on arrival with post-only off: it walks the book up to its limit, as taker. */
  takeOnArrival(order: RestingOrder, isBid: boolean, sink: FillSink): void {
    this.stats.takerOnArrival++;
    const scratch = this.arrivalSink;
    scratch.order = order;
    scratch.sink = sink;
    this.take(isBid, order.remainingLots, order.priceTicks, scratch);
    scratch.order = undefined;
    scratch.sink = undefined;
  }

  private readonly arrivalSink = new ArrivalTakerSink();

  /** Displayed size ahead of a new order at its price (Infinity when the book cannot tell). */
  private visibleAhead(order: RestingOrder, isBid: boolean): number {
    const book = this.book;
    if (this.mode === 'depth') return book.qtyAt(isBid ? 'bid' : 'ask', order.priceTicks);
    if (this.mode === 'none') return Infinity;
    const touch = isBid ? book.bestBidTicks() : book.bestAskTicks();
    if (order.priceTicks === touch) return isBid ? book.bestBidQty() : book.bestAskQty();
    return (isBid ? order.priceTicks > touch : order.priceTicks < touch) ? 0 : Infinity;
  }

  /** Our own orders already resting at the same price are ahead of a newcomer. */
  private ownAhead(side: OrderSide, newcomer: RestingOrder): number {
    let ahead = 0;
    for (let pass = 0; pass < 2; pass++) {
      const list = pass === 0 ? side.working : side.cancelling;
      const count = pass === 0 ? side.workingCount : side.cancellingCount;
      for (let i = 0; i < count; i++) {
        const o = list[i];
        if (o !== newcomer && o.arrived && o.priceTicks === newcomer.priceTicks && o.remainingLots > 0 && o.id < newcomer.id) {
          ahead += this.instrument.lotsToSize(o.remainingLots);
        }
      }
    }
    return ahead;
  }

  private trade(side: OrderSide, ts: number, tradeTicks: number, qty: number, isBid: boolean, sink: FillSink): void {
    const inst = this.instrument;
    let budget = qty * this.cap;
    for (let pass = 0; pass < 2; pass++) {
      const list = pass === 0 ? side.working : side.cancelling;
      const count = pass === 0 ? side.workingCount : side.cancellingCount;
      for (let i = 0; i < count; i++) {
        const order = list[i];
        if (!order.arrived || order.remainingLots <= 0 || order.cancelAtTs <= ts) continue;
        let usable: number;
        let through = false;
        if (isBid ? tradeTicks < order.priceTicks : tradeTicks > order.priceTicks) {
          through = true;
          order.queueAhead = 0;
          usable = this.fullTradeThrough ? Infinity : budget;
        } else if (tradeTicks === order.priceTicks) {
          this.queue.trade(order, qty);
          if (!(order.queueAhead < 0)) continue;
          const excess = -order.queueAhead * this.cap;
          order.queueAhead = 0;
          usable = excess < budget ? excess : budget;
        } else continue;
        const filled = this.fillAtOwnPrice(order, usable, sink);
        if (filled > 0) {
          if (through) this.stats.tradeThroughFills++;
          else this.stats.queueFills++;
        }
        budget -= inst.lotsToSize(filled);
        if (budget < 0) budget = 0;
      }
    }
  }

  private applyLevels(side: OrderSide, levels: BookLevel[], isBid: boolean, haveOrders: boolean): void {
    const inst = this.instrument;
    const book = this.book;
    // Levels far from the touch (Binance books hold orders at absurd prices) cannot matter to a
    // quote or a liquidation; keeping them would stretch the dense window over millions of ticks.
    let reference = isBid ? book.bestBidTicks() : book.bestAskTicks();
    if (reference !== reference && levels.length > 0) reference = inst.priceToTicks(levels[0][0]);
    const low = reference * (1 - this.rangeFraction);
    const high = reference * (1 + this.rangeFraction);
    // Only levels where we have an order need the queue model: bound them by our price range.
    let ourLow = Infinity;
    let ourHigh = -Infinity;
    if (haveOrders) {
      for (let pass = 0; pass < 2; pass++) {
        const list = pass === 0 ? side.working : side.cancelling;
        const count = pass === 0 ? side.workingCount : side.cancellingCount;
        for (let i = 0; i < count; i++) {
          const p = list[i].priceTicks;
          if (p < ourLow) ourLow = p;
          if (p > ourHigh) ourHigh = p;
        }
      }
    }
    for (let l = 0; l < levels.length; l++) {
      const level = levels[l];
      const ticks = inst.priceToTicks(level[0]);
      const qty = level[1];
      if (ticks < low || ticks > high) continue;
      if (ticks < ourLow || ticks > ourHigh) {
        if (isBid) book.applyBid(ticks, qty);
        else book.applyAsk(ticks, qty);
        continue;
      }
      const previous = book.qtyAt(isBid ? 'bid' : 'ask', ticks);
      if (isBid) book.applyBid(ticks, qty);
      else book.applyAsk(ticks, qty);
      this.levelChanged(side, ticks, previous, qty);
    }
  }

  private levelChanged(side: OrderSide, ticks: number, previous: number, qty: number): void {
    for (let pass = 0; pass < 2; pass++) {
      const list = pass === 0 ? side.working : side.cancelling;
      const count = pass === 0 ? side.workingCount : side.cancellingCount;
      for (let i = 0; i < count; i++) {
        const order = list[i];
        if (order.arrived && order.priceTicks === ticks && order.remainingLots > 0) this.queue.depth(order, previous, qty);
      }
    }
  }

  private snapshot(bids: OrderSide, asks: OrderSide, bidLevels: BookLevel[], askLevels: BookLevel[], haveBids: boolean, haveAsks: boolean): void {
    // Remember what our levels showed, rebuild, then let the queue model see each change.
    if (haveBids) this.rememberLevels(bids, true);
    if (haveAsks) this.rememberLevels(asks, false);
    this.book.clear();
    this.applyLevels(bids, bidLevels, true, false);
    this.applyLevels(asks, askLevels, false, false);
    if (haveBids) this.replayRemembered(bids, true, true);
    if (haveAsks) this.replayRemembered(asks, false, true);
  }

  private touchOnly(bids: OrderSide, asks: OrderSide, bidPrice: number, bidQty: number, askPrice: number, askQty: number, haveBids: boolean, haveAsks: boolean): void {
    if (haveBids) this.rememberLevels(bids, true);
    if (haveAsks) this.rememberLevels(asks, false);
    this.book.clear();
    const inst = this.instrument;
    if (bidQty > 0) this.book.applyBid(inst.priceToTicks(bidPrice), bidQty);
    if (askQty > 0) this.book.applyAsk(inst.priceToTicks(askPrice), askQty);
    if (haveBids) this.replayRemembered(bids, true, false);
    if (haveAsks) this.replayRemembered(asks, false, false);
  }

  private rememberLevels(side: OrderSide, isBid: boolean): void {
    for (let pass = 0; pass < 2; pass++) {
      const list = pass === 0 ? side.working : side.cancelling;
      const count = pass === 0 ? side.workingCount : side.cancellingCount;
      for (let i = 0; i < count; i++) list[i].levelQty = this.book.qtyAt(isBid ? 'bid' : 'ask', list[i].priceTicks);
    }
  }

  /** `depthKnown` false: only the touch is known, so a level behind it is unknown, not empty. */
  private replayRemembered(side: OrderSide, isBid: boolean, depthKnown: boolean): void {
    const touch = isBid ? this.book.bestBidTicks() : this.book.bestAskTicks();
    for (let pass = 0; pass < 2; pass++) {
      const list = pass === 0 ? side.working : side.cancelling;
      const count = pass === 0 ? side.workingCount : side.cancellingCount;
      for (let i = 0; i < count; i++) {
        const order = list[i];
        if (!order.arrived || order.remainingLots <= 0) continue;
        const visible = depthKnown || (isBid ? order.priceTicks >= touch : order.priceTicks <= touch);
        if (visible) this.queue.depth(order, order.levelQty, this.book.qtyAt(isBid ? 'bid' : 'ask', order.priceTicks));
      }
    }
  }

  /**
   * The opposite side of the book at or through our price: someone's order would have matched
   * ours. Fill up to the displayed crossing size not already used in this crossing episode.
   */
  private crossed(side: OrderSide, ts: number, isBid: boolean, sink: FillSink): void {
    const book = this.book;
    const opposite = isBid ? book.bestAskTicks() : book.bestBidTicks();
    let anyCrossed = false;
    for (let pass = 0; pass < 2; pass++) {
      const list = pass === 0 ? side.working : side.cancelling;
      const count = pass === 0 ? side.workingCount : side.cancellingCount;
      for (let i = 0; i < count; i++) {
        const order = list[i];
        if (!order.arrived || order.remainingLots <= 0 || order.cancelAtTs <= ts) continue;
        if (!(isBid ? opposite <= order.priceTicks : opposite >= order.priceTicks)) continue;
        anyCrossed = true;
        const crossing = this.crossingSize(isBid, order.priceTicks);
        const used = isBid ? this.bidCrossUsed : this.askCrossUsed;
        const filled = this.instrument.lotsToSize(this.fillAtOwnPrice(order, (crossing - used) * this.cap, sink));
        if (filled > 0) this.stats.crossFills++;
        if (isBid) this.bidCrossUsed += filled / this.cap;
        else this.askCrossUsed += filled / this.cap;
      }
    }
    if (!anyCrossed) {
      if (isBid) this.bidCrossUsed = 0;
      else this.askCrossUsed = 0;
    }
  }

  /**
   * A maker fill of `order` at its own price, of at most `size` base units (Infinity: all that
   * remains) floored to whole lots; nobody is ahead of it any more. Returns the lots the engine
   * filled (0 when `size` is under a lot or the fill was refused).
   */
  private fillAtOwnPrice(order: RestingOrder, size: number, sink: FillSink): number {
    const lots = Math.min(order.remainingLots, size === Infinity ? order.remainingLots : this.instrument.floorLots(size));
    if (lots <= 0) return 0;
    const before = order.remainingLots;
    order.queueAhead = 0;
    sink.fill(order, lots, order.priceTicks, 'maker');
    return before - order.remainingLots;
  }

  /** Displayed opposite-side size at prices that cross an order at `priceTicks`. */
  private crossingSize(isBid: boolean, priceTicks: number): number {
    const book = this.book;
    const side = isBid ? 'ask' : 'bid';
    let total = 0;
    let price = isBid ? book.bestAskTicks() : book.bestBidTicks();
    while (price === price && (isBid ? price <= priceTicks : price >= priceTicks)) {
      total += book.qtyAt(side, price);
      if (this.mode !== 'depth') break;
      price = book.nextLevelTicks(side, price);
    }
    return total;
  }
}

/** Routes a taker walk of one of our orders on arrival to the engine's fill sink. */
class ArrivalTakerSink implements TakerSink {
  order: RestingOrder | undefined;
  sink: FillSink | undefined;
  takerFill(priceTicks: number, lots: number): void {
    if (this.order !== undefined && this.sink !== undefined) this.sink.fill(this.order, lots, priceTicks, 'taker');
  }
}
