import type { CandleEvent, MarketEvent } from '@mml/core';
import type { CandleFillModel } from './fill-models/candle-fill-model';
import { accumulateTimeOneLevel, beginFusedEvent, endFusedMarket, fusedState } from './fused-replay-steps';
import { MARK_FILL_TS } from './pnl-attribution';
import type { RestingOrder } from './resting-order';
import type { MarketMakingEngine } from './engine';

/**
 * The candle replay loop for the common state (issue 15 item 3), one function doing each bar's
 * work written out (with the steps it shares with the trade loop in fused-replay-steps.ts): a due
 * decision of one level a side through the one-level order manager
 * (one-level-order-manager.ts, no level loops, the hard-limit and cash divisions only where a
 * product shows they can clip), the equity sample, the candle fill check of our (at most) one
 * order a side with the fills booked directly (bookQuoteFill), the market update and the markout
 * clock; the context, the equity limit, the strategy and the drawdown are the engine's own steps.
 *
 * Why this shape. The general loop (`replayCandles`) spends most of a bar in the generality of
 * its parts (the order manager's level loops and per-level calls, the fill model's lists,
 * `fill` + `book` + `affordableLots` per fill, the markout hook); session 5 measured that inlining
 * the bookkeeping alone gains nothing. What this loop removes is that work, not calls. A first
 * version also held every per-bar field in locals for the whole loop (the hand-fused loop's
 * style): ~15% faster in `make bench`, but its TurboFan compile cost ~85 ms a time, compiled again
 * for each new strategy class, which added ~0.5 s of CPU to the research command's 18 runs; so
 * the state stays in the engine's fields here.
 *
 * The loop handles only the state it was written for, and hands every other state to the general
 * path at a clean boundary, the start of an event (`onEvent` processes it, with the same fields):
 *
 * - per run (`MarketMakingEngine.fusedCandlesEligible`): a split strategy (observe + quote),
 *   zero entry, response and feed latency, post-only, no cooldown and no max order age, not L2;
 * - per event: a candle without a receive time, in order, after the run started; no liquidation
 *   in flight, not halted; no fill waiting to be reported; every order arrived; no order waiting
 *   for its cancel; at most one working order a side; and a pending decision (if one is due)
 *   that quotes exactly one level a side, does not flatten and acts no later than the bar.
 *
 * `fused-candle-replay.spec.ts` checks this loop against `onEvent` on streams that enter and leave
 * every hand-over state: identical fills, quotes, metrics, equity rows and exact attribution.
 * Private engine fields are read with element access (`e['mid']`): TypeScript type-checks it, and
 * V8 compiles it to the same property load.
 */
export function replayCandlesFused(e: MarketMakingEngine, events: Iterable<MarketEvent>, model: CandleFillModel): void {
  const inst = e.instrument;
  const bids = e['bids'];
  const asks = e['asks'];
  const pool = e['pool'];
  const usable = model['usableFraction'];
  // A strategy that hears of fills (onFill) gets them through the engine's own sink, which makes
  // the Fill and refreshes its context; without one, bookQuoteFill books them (the same steps).
  const bookByOwnSink = e.strategy.onFill !== undefined;
  // Re-checked after each event of the general path and after the rare calls made from here.
  let simple = fusedState(e);
  for (const event of events) {
    // ---- (0, 1) The due decision, the clock and the equity samples; else the general path.
    if (!simple || !beginFusedEvent(e, event, 'candle')) {
      e.onEvent(event);
      simple = fusedState(e);
      continue;
    }
    // Time-weighted statistics over [lastTs, ts).
    accumulateTimeOneLevel(e);
    // ---- (2) The candle model on our (at most) one order a side: strict trade-through, whole-bar presence.
    const bar = event as CandleEvent;
    const ts = bar.ts;
    const bidOrder = bids.workingCount > 0 ? bids.working[0] : undefined;
    const askOrder = asks.workingCount > 0 ? asks.working[0] : undefined;
    if (bidOrder !== undefined || askOrder !== undefined) {
      const openTime = bar.openTime;
      const bidThrough = bidOrder !== undefined && bidOrder.remainingLots > 0 && bidOrder.liveFromTs <= openTime && bidOrder.cancelAtTs >= ts && inst.priceToTicks(bar.low) < bidOrder.priceTicks;
      const askThrough = askOrder !== undefined && askOrder.remainingLots > 0 && askOrder.liveFromTs <= openTime && askOrder.cancelAtTs >= ts && inst.priceToTicks(bar.high) > askOrder.priceTicks;
      if (bidThrough || askThrough) {
        const budgetLots = inst.floorLots(bar.volume * usable * (bidThrough && askThrough ? 0.5 : 1));
        if (budgetLots > 0) {
          // Each fill booked as the engine's fill sink does (ledger, attribution, markouts, counts).
          for (let s = 0; s < 2; s++) {
            const isBid = s === 0;
            if (isBid ? !bidThrough : !askThrough) continue;
            const order = (isBid ? bidOrder : askOrder) as RestingOrder;
            if (bookByOwnSink) e.fill(order, Math.min(order.remainingLots, budgetLots), order.priceTicks, 'maker');
            else bookQuoteFill(e, order, Math.min(order.remainingLots, budgetLots), isBid);
            if (order.remainingLots <= 0) {
              pool.push(order);
              (isBid ? bids : asks).workingCount = 0;
              e['workingChanged'] = true;
            }
          }
          e['filledThisEvent'] = false;
          simple = fusedState(e);
        }
      }
    }
    // ---- (3) The market: the close is the last price and the mid; the markout clock.
    e['lastPriceTicks'] = inst.priceToTicks(bar.close);
    e['mid'] = bar.close;
    endFusedMarket(e, true);
    // ---- (4, 5) The context, the equity limit, the strategy, peak and drawdown: the engine's steps.
    e['refreshContext']();
    e['accountStep'](event);
    if (e['liquidationPending'] || e['halted']) simple = false;
  }
}

/** Above 1 by far more than the float views' rounding (cash view, fee as a float): the exact check is skipped only when the cash covers a fill with room to spare. */
const AFFORD_MARGIN = 1 + 1e-6;

/**
 * The engine's fill sink (`fill` + `book`) for a quote fill in the fused loop, for a strategy
 * without onFill: clipped to the balances (the exact affordability only when the float cash cannot
 * prove it), booked in the ledger, the attribution and markouts, counted, and reported to the
 * strategy's inputs (zero response latency: at once). Written to the engine's fields.
 */
function bookQuoteFill(e: MarketMakingEngine, order: RestingOrder, sizeLots: number, isBid: boolean): void {
  const ledger = e.ledger;
  const priceTicks = order.priceTicks;
  let lots = Math.min(sizeLots, order.remainingLots);
  if (isBid) {
    if (!(ledger.cash >= lots * priceTicks * e.instrument.tickSize * e['perLotCost'] * AFFORD_MARGIN)) lots = Math.min(lots, ledger.affordableLots(priceTicks, 'maker'));
  } else if (!e['allowShort']) lots = Math.min(lots, Math.max(0, ledger.inventoryLots));
  if (lots <= 0) return;
  order.remainingLots -= lots;
  const ts = e['currentTs'];
  const side = order.side;
  if (isBid) e['lastBidFillTs'] = ts;
  else e['lastAskFillTs'] = ts;
  ledger.applyFill(side, priceTicks, lots, 'maker');
  const attribution = e.attribution;
  attribution.mark[MARK_FILL_TS] = ts;
  attribution.onFillAtMark(side, priceTicks, lots, 'maker', false);
  if (e['recordFills']) e['allFills'].push({ ts, orderId: order.id, side, priceTicks, sizeLots: lots, liquidity: 'maker', fee: ledger.lastFee, reason: 'quote' });
  e['makerFills']++;
  if (isBid) e['buyFills']++;
  else e['sellFills']++;
  const abs = Math.abs(ledger.inventoryLots);
  if (abs > e['maxAbsInventoryLots']) e['maxAbsInventoryLots'] = abs;
  // Zero response latency, nothing pending: the strategy's inputs hear of it now.
  e['fillReported'] = true;
}
