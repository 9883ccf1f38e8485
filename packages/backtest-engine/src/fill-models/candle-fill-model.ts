import type { CandleEvent, Instrument, MarketEvent } from '@mml/core';
import type { EngineConfig } from '../engine-config';
import type { OrderSide, RestingOrder } from '../resting-order';
import type { FillContext, FillModel, FillSink } from './fill-model';

/**
 * Candle (OHLCV) fill model, the conservative default for 1m data.
 *
 * - Strict trade-through: a bid fills only if the bar's low is strictly below its price (an ask:
 *   high strictly above). A touch proves nothing about our place in the queue.
 * - Whole-bar presence: an order fills on a bar only if it was live for the whole bar
 *   (liveFromTs <= openTime and not cancelled before the bar's close). A quote placed when bar t is
 *   known (at its close) is therefore live from bar t+1, never on the bar that informed it.
 * - Volume: we take at most volume x (1 - queueHaircut) x participationCap per side, best level
 *   first; the fill price is our limit price (maker).
 * - Intrabar path: the order of high and low inside a bar is unknown. Orders rest for the whole bar
 *   (decisions happen only at bar close) so a traded-through level fills whichever way the path
 *   went; what the path does decide is how the volume split between the down- and the up-leg, so
 *   when both sides trade through, each side gets half the usable volume. The engine's liquidation
 *   check marks a long at the bar low and a short at the bar high (the worst point of either path).
 */
export class CandleFillModel implements FillModel {
  readonly name = 'candle';
  private readonly usableFraction: number;

  constructor(
    private readonly instrument: Instrument,
    config: EngineConfig['candle'],
  ) {
    this.usableFraction = (1 - config.queueHaircut) * config.participationCap;
  }

  match(event: MarketEvent, bids: OrderSide, asks: OrderSide, _context: FillContext, sink: FillSink): void {
    if (event.kind !== 'candle') return;
    const lowTicks = this.instrument.priceToTicks(event.low);
    const highTicks = this.instrument.priceToTicks(event.high);
    const bidThrough = anyThrough(bids, event, lowTicks, true);
    const askThrough = anyThrough(asks, event, highTicks, false);
    if (!bidThrough && !askThrough) return;
    const share = bidThrough && askThrough ? 0.5 : 1;
    const budgetLots = this.instrument.floorLots(event.volume * this.usableFraction * share);
    if (budgetLots <= 0) return;
    if (bidThrough) fillSide(bids, event, lowTicks, true, budgetLots, sink);
    if (askThrough) fillSide(asks, event, highTicks, false, budgetLots, sink);
  }
}

function eligible(order: RestingOrder, event: CandleEvent): boolean {
  return order.remainingLots > 0 && order.liveFromTs <= event.openTime && order.cancelAtTs >= event.ts;
}

function through(order: RestingOrder, extremeTicks: number, isBid: boolean): boolean {
  return isBid ? extremeTicks < order.priceTicks : extremeTicks > order.priceTicks;
}

function anyThrough(side: OrderSide, event: CandleEvent, extremeTicks: number, isBid: boolean): boolean {
  for (let i = 0; i < side.workingCount; i++) if (eligible(side.working[i], event) && through(side.working[i], extremeTicks, isBid)) return true;
  for (let i = 0; i < side.cancellingCount; i++) if (eligible(side.cancelling[i], event) && through(side.cancelling[i], extremeTicks, isBid)) return true;
  return false;
}

function fillSide(side: OrderSide, event: CandleEvent, extremeTicks: number, isBid: boolean, budgetLots: number, sink: FillSink): void {
  let budget = budgetLots;
  // Working levels are best first; orders awaiting cancel come after them.
  for (let pass = 0; pass < 2 && budget > 0; pass++) {
    const list = pass === 0 ? side.working : side.cancelling;
    const count = pass === 0 ? side.workingCount : side.cancellingCount;
    for (let i = 0; i < count && budget > 0; i++) {
      const order = list[i];
      if (!eligible(order, event) || !through(order, extremeTicks, isBid)) continue;
      const lots = Math.min(order.remainingLots, budget);
      const before = order.remainingLots;
      sink.fill(order, lots, order.priceTicks, 'maker');
      budget -= before - order.remainingLots;
    }
  }
}
