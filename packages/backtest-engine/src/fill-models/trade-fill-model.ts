import type { Instrument, MarketEvent, TradeEvent } from '@mml/core';
import type { EngineConfig } from '../engine-config';
import type { OrderSide, RestingOrder } from '../resting-order';
import type { FillContext, FillModel, FillSink } from './fill-model';

/**
 * Trade (tick data) fill model.
 *
 * - A trade whose aggressor hits our side at a price strictly through our order (a sell below our
 *   bid, a buy above our ask) fills us: the whole level traded away. We take at most
 *   participationCap x the trade quantity (shared across our levels, best first).
 * - A trade exactly at our price first consumes the estimated queue ahead of us; only the excess
 *   fills us (partial fills are normal).
 * - The queue ahead is estimated when the order is placed from the visible size at our price
 *   (best bid/ask size when we join the touch, 0 when we improve it, unknown = Infinity deeper in
 *   the book until a book/bbo/depth event shows that level) and is never above the visible size.
 *   'risk-averse': only trades at our price advance us. 'probabilistic': a visible decrease not
 *   explained by trades is a cancel that was ahead of us with probability queueAhead / levelSize
 *   (the expected value is applied, so the model stays deterministic).
 * - Only the aggressor side that can hit us matters: a buy-aggressor trade never fills our bid.
 * - The book crossing us fills us (as hftbacktest's exchange models do): a bbo/book update whose
 *   best ask is at or below our bid (best bid at or above our ask) fills the whole remaining
 *   order at our price, as maker: the market traded through where we stood.
 * - An order is eligible from liveFromTs (inclusive) until cancelAtTs (exclusive).
 */
export class TradeFillModel implements FillModel {
  readonly name = 'trade';
  private readonly cap: number;
  private readonly probabilistic: boolean;

  constructor(
    private readonly instrument: Instrument,
    config: EngineConfig['trade'],
  ) {
    this.cap = config.participationCap;
    this.probabilistic = config.queueModel === 'probabilistic';
  }

  match(event: MarketEvent, bids: OrderSide, asks: OrderSide, _context: FillContext, sink: FillSink): void {
    switch (event.kind) {
      case 'trade': {
        const ticks = this.instrument.priceToTicks(event.price);
        if (event.aggressor === 'sell') this.matchTrade(bids, event, ticks, true, sink);
        else this.matchTrade(asks, event, ticks, false, sink);
        return;
      }
      case 'bbo': {
        const bidTicks = this.instrument.priceToTicks(event.bidPrice);
        const askTicks = this.instrument.priceToTicks(event.askPrice);
        crossedBy(bids, event.ts, askTicks, true, sink);
        crossedBy(asks, event.ts, bidTicks, false, sink);
        this.observeTouch(bids, bidTicks, event.bidQty, true);
        this.observeTouch(asks, askTicks, event.askQty, false);
        return;
      }
      case 'book':
        if (event.asks.length > 0) crossedBy(bids, event.ts, this.instrument.priceToTicks(event.asks[0][0]), true, sink);
        if (event.bids.length > 0) crossedBy(asks, event.ts, this.instrument.priceToTicks(event.bids[0][0]), false, sink);
        if (event.bids.length > 0) this.observeTouch(bids, this.instrument.priceToTicks(event.bids[0][0]), event.bids[0][1], true);
        if (event.asks.length > 0) this.observeTouch(asks, this.instrument.priceToTicks(event.asks[0][0]), event.asks[0][1], false);
        this.observeLevels(bids, event.bids);
        this.observeLevels(asks, event.asks);
        return;
      case 'depth':
        this.observeLevels(bids, event.bids);
        this.observeLevels(asks, event.asks);
        return;
      case 'candle':
        return;
    }
  }

  /**
   * A trade at `tradeTicks` against the side it can hit (bids for a sell aggressor): what `match`
   * does for a trade event. Public for the engine's trade replay loop, which calls it directly.
   */
  matchTrade(side: OrderSide, event: TradeEvent, tradeTicks: number, isBid: boolean, sink: FillSink): void {
    // ts and qty read from the event, not passed: float arguments are boxed when the call is not inlined.
    const ts = event.ts;
    const qty = event.qty;
    let budget = qty * this.cap;
    for (let pass = 0; pass < 2; pass++) {
      const list = pass === 0 ? side.working : side.cancelling;
      const count = pass === 0 ? side.workingCount : side.cancellingCount;
      for (let i = 0; i < count; i++) {
        const order = list[i];
        if (order.remainingLots <= 0 || order.liveFromTs > ts || order.cancelAtTs <= ts) continue;
        const throughPrice = isBid ? tradeTicks < order.priceTicks : tradeTicks > order.priceTicks;
        let usable: number;
        if (throughPrice) {
          order.queueAhead = 0;
          order.levelQty = 0;
          usable = budget;
        } else if (tradeTicks === order.priceTicks) {
          order.levelQty = Math.max(0, order.levelQty - qty);
          if (order.queueAhead >= qty) {
            order.queueAhead -= qty;
            continue;
          }
          const excess = qty - order.queueAhead;
          order.queueAhead = 0;
          usable = Math.min(budget, excess * this.cap);
        } else {
          continue;
        }
        const lots = Math.min(order.remainingLots, this.instrument.floorLots(usable));
        if (lots <= 0) continue;
        const before = order.remainingLots;
        sink.fill(order, lots, order.priceTicks, 'maker');
        budget -= this.instrument.lotsToSize(before - order.remainingLots);
      }
    }
  }

  /** The best level on a side is at `touchTicks` with `qty`: orders there learn their level size; orders better than it know the level is empty. */
  private observeTouch(side: OrderSide, touchTicks: number, qty: number, isBid: boolean): void {
    for (let pass = 0; pass < 2; pass++) {
      const list = pass === 0 ? side.working : side.cancelling;
      const count = pass === 0 ? side.workingCount : side.cancellingCount;
      for (let i = 0; i < count; i++) {
        const order = list[i];
        if (order.priceTicks === touchTicks) this.observe(order, qty);
        else if (isBid ? order.priceTicks > touchTicks : order.priceTicks < touchTicks) this.observe(order, 0);
      }
    }
  }

  private observeLevels(side: OrderSide, levels: [number, number][]): void {
    if (side.workingCount === 0 && side.cancellingCount === 0) return;
    for (let l = 0; l < levels.length; l++) {
      const ticks = this.instrument.priceToTicks(levels[l][0]);
      for (let pass = 0; pass < 2; pass++) {
        const list = pass === 0 ? side.working : side.cancelling;
        const count = pass === 0 ? side.workingCount : side.cancellingCount;
        for (let i = 0; i < count; i++) if (list[i].priceTicks === ticks) this.observe(list[i], levels[l][1]);
      }
    }
  }

  private observe(order: RestingOrder, visibleQty: number): void {
    const level = order.levelQty;
    if (this.probabilistic && Number.isFinite(level) && level > visibleQty && level > 0 && Number.isFinite(order.queueAhead)) {
      order.queueAhead -= (level - visibleQty) * (order.queueAhead / level);
    }
    // Whatever the model, nobody can be ahead of us beyond the visible size of our level.
    if (order.queueAhead > visibleQty) order.queueAhead = visibleQty;
    if (order.queueAhead < 0) order.queueAhead = 0;
    order.levelQty = visibleQty;
  }
}

/** Fills every live order of `side` that the opposite touch now reaches (at or through its price), fully, at its price, as maker. */
function crossedBy(side: OrderSide, ts: number, oppositeTicks: number, isBid: boolean, sink: FillSink): void {
  for (let pass = 0; pass < 2; pass++) {
    const list = pass === 0 ? side.working : side.cancelling;
    const count = pass === 0 ? side.workingCount : side.cancellingCount;
    for (let i = 0; i < count; i++) {
      const order = list[i];
      if (order.remainingLots <= 0 || order.liveFromTs > ts || order.cancelAtTs <= ts) continue;
      if (isBid ? oppositeTicks <= order.priceTicks : oppositeTicks >= order.priceTicks) sink.fill(order, order.remainingLots, order.priceTicks, 'maker');
    }
  }
}
