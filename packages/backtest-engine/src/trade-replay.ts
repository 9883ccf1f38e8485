import type { MarketEvent, QuoteIntent, Strategy } from '@mml/core';
import { SAMPLE_ASK, SAMPLE_BID, SAMPLE_CASH, SAMPLE_INVENTORY, SAMPLE_MID, SAMPLE_OBSERVED, SAMPLE_TS } from './equity-recorder';
import type { TradeFillModel } from './fill-models/trade-fill-model';
import type { MarketMakingEngine } from './engine';
import { applyOneLevelIntent } from './one-level-order-manager';
import { MARK_MID, MARK_TS } from './pnl-attribution';

/**
 * The trade replay loop written as one function (issue 15 item 3), like the fused candle loop
 * (candle-replay.ts, which explains the design): the clock, the equity samples, the time-weighted
 * statistics, the check whether a trade reaches one of our prices, the market update and the
 * markout clock are written out with their state in locals; a due one-level decision goes
 * through the fused order manager; the trade model is called only when a trade is at or through
 * our price on the side it hits; and when neither the mid nor the account changed, the strategy
 * is only observed (its context unchanged but its clock), as `replayTrades` does. The rest of a
 * step (the context, the equity limit, the strategy, peak and drawdown) is the engine's own code.
 *
 * The fast state: per run (`fusedTradesEligible`) a split strategy, constant entry latency, zero
 * response and feed latency, post-only, no cooldown or max order age, the trade model; per event a
 * trade without a receive time, in order, after the start; no liquidation in flight, not halted,
 * no fill waiting to be reported, every order arrived, none waiting for its cancel, at most one
 * working order a side, and a due decision (if any) of one level a side, no flatten, acting at
 * once (decision + entry latency <= the trade's ts). Every other event goes through `onEvent`,
 * with the locals written back first and read again after. `fused-trade-replay.spec.ts` compares
 * it with `onEvent` through those hand-overs.
 */
export function replayTradesFused(e: MarketMakingEngine, events: Iterable<MarketEvent>, model: TradeFillModel): void {
  const inst = e.instrument;
  const ledger = e.ledger;
  const ctx = e['ctx'];
  const bids = e['bids'];
  const asks = e['asks'];
  const pool = e['pool'];
  const attribution = e.attribution;
  const attributionMark = attribution.mark;
  const samples = e['samples'];
  const strategy = e.strategy;
  const observe = strategy.observe as NonNullable<Strategy['observe']>;
  const pendingFills = e['pendingFills'];
  const sampleInterval = e['sampleIntervalMs'];
  const entry = e['constantEntryMs'];
  const iterator = events[Symbol.iterator]();
  try {
    for (;;) {
      // ---- Read the engine's state into locals (at the start and after each event of the general path).
      const limitNotional = e['limitNotional'];
      let mid = e['mid'];
      let lastTs = e['lastTs'];
      let decisionTs = e['decisionTs'];
      let eventCount = e['eventCount'];
      let nextSampleTs = e['nextSampleTs'];
      let eventsAtLastSample = e['eventsAtLastSample'];
      let absInventoryTime = e['absInventoryTime'];
      let limitTime = e['limitTime'];
      let bidLiveTime = e['bidLiveTime'];
      let askLiveTime = e['askLiveTime'];
      // Constant while in this loop (only bbo/book events, which take the general path, set it).
      const touchKnown = e['bestBidTicks'] < e['bestAskTicks'];
      const markouts = attribution['markouts'];
      const timeClock = attribution['started'] && !attribution['barMode'] && markouts !== undefined;
      let simple =
        e['started'] && !e['liquidationPending'] && !e['halted'] && pendingFills.size === 0 && e['unarrived'] === 0 && !e['contextLagged'] &&
        bids.cancellingCount === 0 && asks.cancellingCount === 0 && bids.workingCount <= 1 && asks.workingCount <= 1;
      let fallback: MarketEvent | undefined;
      for (;;) {
        const next = iterator.next();
        if (next.done === true) break;
        const event = next.value;
        const ts = event.ts;
        const pendingIntent = e['pendingIntent'];
        const due = ts > e['pendingTs'] && pendingIntent !== undefined;
        if (
          !simple || event.kind !== 'trade' || event.localTs !== undefined || !(ts >= lastTs) || ts === Infinity ||
          (due && (e['pendingFlatten'] || e['pendingDecisionTs'] + entry > ts || pendingIntent.bids.length !== 1 || pendingIntent.asks.length !== 1))
        ) {
          fallback = event;
          break;
        }
        e['currentTs'] = ts;
        const fillsBefore = ledger.fillCount;
        // ---- (0) The decision of the previous, complete, exchange timestamp (market read from fields).
        if (due) {
          e['pendingIntent'] = undefined;
          decisionTs = e['pendingDecisionTs'];
          e['decisionTs'] = decisionTs;
          applyOneLevelIntent(e, pendingIntent as QuoteIntent);
        }
        // The decision clock (zero feed latency; it never goes back), equity samples before the trade.
        if (!(ts < decisionTs)) decisionTs = ts;
        e['decisionTs'] = decisionTs;
        while (ts > nextSampleTs) {
          const at = samples.next();
          const row = samples.chunk;
          row[at + SAMPLE_TS] = nextSampleTs;
          row[at + SAMPLE_OBSERVED] = eventCount > eventsAtLastSample ? 1 : 0;
          eventsAtLastSample = eventCount;
          row[at + SAMPLE_CASH] = ledger.cash;
          row[at + SAMPLE_INVENTORY] = ledger.inventory;
          row[at + SAMPLE_MID] = mid;
          row[at + SAMPLE_BID] = bids.workingCount > 0 ? bids.working[0].priceTicks : NaN;
          row[at + SAMPLE_ASK] = asks.workingCount > 0 ? asks.working[0].priceTicks : NaN;
          nextSampleTs += sampleInterval;
        }
        // ---- (1) Time-weighted statistics over [lastTs, ts).
        const dt = ts - lastTs;
        if (dt > 0) {
          const abs = Math.abs(ledger.inventoryLots);
          absInventoryTime += abs * dt;
          if (abs > 0 && Math.abs(ledger.inventory) * mid >= limitNotional) limitTime += dt;
          if (bids.workingCount > 0 && bids.working[0].liveFromTs <= lastTs) bidLiveTime += dt;
          if (asks.workingCount > 0 && asks.working[0].liveFromTs <= lastTs) askLiveTime += dt;
        }
        // ---- (2) Matching: only a trade at or through our price on the side it hits can fill.
        const ticks = inst.priceToTicks(event.price);
        const isBid = event.aggressor === 'sell';
        const side = isBid ? bids : asks;
        if (side.workingCount > 0) {
          const order = side.working[0];
          if (order.remainingLots > 0 && (isBid ? ticks <= order.priceTicks : ticks >= order.priceTicks)) {
            e['mid'] = mid; // (onFill sees the context of the mid before this trade)
            model.matchTrade(side, event, ticks, isBid, e);
            if (order.remainingLots <= 0) {
              pool.push(order);
              side.workingCount = 0;
              e['workingChanged'] = true;
            }
            e['filledThisEvent'] = false;
            simple = e['unarrived'] === 0 && pendingFills.size === 0 && !e['liquidationPending'] && !e['halted'];
          }
        }
        // ---- (3) The market: the last price, and the mid while no touch is known; the markout clock.
        e['lastPriceTicks'] = ticks;
        if (!touchKnown) mid = event.price;
        eventCount++;
        lastTs = ts;
        e['mid'] = mid;
        e['lastTs'] = ts;
        if (timeClock && mid > 0) {
          // The attribution's onMark on tick data, written out: resolve the markouts whose horizon
          // ended before this trade at the mid known until now.
          if (ts > (markouts as NonNullable<typeof markouts>).due) (markouts as NonNullable<typeof markouts>).resolveBefore(ts, attribution['mid']);
          attribution['mid'] = mid;
          attribution['lastTs'] = ts;
        } else {
          attributionMark[MARK_TS] = ts;
          attributionMark[MARK_MID] = mid;
          attribution.onMark(false);
        }
        if (mid !== ctx.mid || ledger.fillCount !== fillsBefore) {
          // The context, the equity limit, the strategy, peak and drawdown: the engine's steps.
          e['refreshContext']();
          e['accountStep'](event);
          if (e['liquidationPending'] || e['halted']) simple = false;
        } else {
          // Same mid, same account: only the context's clock moves; a split strategy whose inputs
          // are those it was last compared on is only observed.
          ctx.now = decisionTs;
          if (e['quoteInputsSynced'] && !e['fillReported'] && !e['halted']) {
            const moved = observe.call(strategy, event, ctx);
            e['takeIntent'](moved ? e['quoteSplit']() : e['lastQuoted']);
          } else e['strategyStep'](event);
        }
      }

      // ---- Write the locals back (before an event of the general path, and at the end).
      e['mid'] = mid;
      e['lastTs'] = lastTs;
      e['decisionTs'] = decisionTs;
      e['currentTs'] = lastTs;
      e['eventCount'] = eventCount;
      e['nextSampleTs'] = nextSampleTs;
      e['eventsAtLastSample'] = eventsAtLastSample;
      e['absInventoryTime'] = absInventoryTime;
      e['limitTime'] = limitTime;
      e['bidLiveTime'] = bidLiveTime;
      e['askLiveTime'] = askLiveTime;
      if (fallback === undefined) return;
      e.onEvent(fallback);
    }
  } catch (error) {
    iterator.return?.();
    throw error;
  }
}
