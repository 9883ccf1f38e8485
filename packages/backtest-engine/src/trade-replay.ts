import type { MarketEvent, Strategy, TradeEvent } from '@mml/core';
import type { TradeFillModel } from './fill-models/trade-fill-model';
import type { MarketMakingEngine } from './engine';
import { accumulateTimeOneLevel, beginFusedEvent, endFusedMarket, fusedState } from './fused-replay-steps';

/**
 * The trade replay loop for the common state (issue 15 item 3), built like the fused candle loop
 * (candle-replay.ts explains the design) on the shared steps of fused-replay-steps.ts: a due
 * one-level decision through the one-level order manager, the clock and equity samples, the
 * time-weighted statistics, the trade model called only when the trade is at or through our price
 * on the side it hits, the market update and the markout clock; and, when neither the mid nor the
 * account changed, the strategy only observed (its context unchanged but its clock), as
 * `replayTrades` does. The context, the equity limit, the strategy and the drawdown are the
 * engine's own steps.
 *
 * The fast state: per run (`fusedTradesEligible`) a split strategy, constant entry latency, zero
 * response and feed latency, post-only, no cooldown or max order age, the trade model; per event
 * the state of `fusedState` and `beginFusedEvent` (a trade without a receive time, in order; a due
 * decision of one level a side, no flatten, its orders live by the trade's ts). Every other event
 * goes through `onEvent`. `fused-trade-replay.spec.ts` compares it with `onEvent` through those
 * hand-overs.
 */
export function replayTradesFused(e: MarketMakingEngine, events: Iterable<MarketEvent>, model: TradeFillModel): void {
  const inst = e.instrument;
  const ledger = e.ledger;
  const ctx = e['ctx'];
  const bids = e['bids'];
  const asks = e['asks'];
  const pool = e['pool'];
  const strategy = e.strategy;
  const observe = strategy.observe as NonNullable<Strategy['observe']>;
  // Re-checked after each event of the general path and after the rare calls made from here.
  let simple = fusedState(e);
  for (const event of events) {
    const fillsBefore = ledger.fillCount;
    // ---- (0, 1) The due decision, the clock and the equity samples; else the general path.
    if (!simple || !beginFusedEvent(e, event, 'trade')) {
      e.onEvent(event);
      simple = fusedState(e);
      continue;
    }
    const trade = event as TradeEvent;
    // Time-weighted statistics over [lastTs, ts).
    accumulateTimeOneLevel(e);
    // ---- (2) Matching: only a trade at or through our price on the side it hits can fill.
    const ticks = inst.priceToTicks(trade.price);
    const isBid = trade.aggressor === 'sell';
    const side = isBid ? bids : asks;
    if (side.workingCount > 0) {
      const order = side.working[0];
      if (order.remainingLots > 0 && (isBid ? ticks <= order.priceTicks : ticks >= order.priceTicks)) {
        model.matchTrade(side, trade, ticks, isBid, e);
        if (order.remainingLots <= 0) {
          pool.push(order);
          side.workingCount = 0;
          e['workingChanged'] = true;
        }
        e['filledThisEvent'] = false;
        simple = fusedState(e);
      }
    }
    // ---- (3) The market: the last price, and the mid while no touch is known; the markout clock.
    e['lastPriceTicks'] = ticks;
    if (!(e['bestBidTicks'] < e['bestAskTicks'])) e['mid'] = trade.price;
    endFusedMarket(e, false);
    if (e['mid'] !== ctx.mid || ledger.fillCount !== fillsBefore) {
      // ---- (4, 5) The context, the equity limit, the strategy, peak and drawdown: the engine's steps.
      e['refreshContext']();
      e['accountStep'](event);
      if (e['liquidationPending'] || e['halted']) simple = false;
    } else {
      // Same mid, same account: only the context's clock moves; a split strategy whose inputs
      // are those it was last compared on is only observed.
      ctx.now = e['decisionTs'];
      if (e['quoteInputsSynced'] && !e['fillReported'] && !e['halted']) {
        const moved = observe.call(strategy, event, ctx);
        e['takeIntent'](moved ? e['quoteSplit']() : e['lastQuoted']);
      } else e['strategyStep'](event);
    }
  }
}
