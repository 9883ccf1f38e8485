import type { MarketEvent, QuoteIntent } from '@mml/core';
import { SAMPLE_ASK, SAMPLE_BID, SAMPLE_CASH, SAMPLE_INVENTORY, SAMPLE_MID, SAMPLE_OBSERVED, SAMPLE_TS } from './equity-recorder';
import type { MarketMakingEngine } from './engine';
import { applyOneLevelIntent } from './one-level-order-manager';
import { MARK_MID, MARK_TS } from './pnl-attribution';

/**
 * The steps the fused replay loops (candle-replay.ts, trade-replay.ts) share. They read and write
 * the engine's fields (no float crosses a call: a float argument of a call that is not inlined is
 * boxed); private fields are reached with element access (`e['mid']`), which TypeScript
 * type-checks and V8 compiles to the same property load.
 */

/**
 * The engine's state allows a fused loop to take the next event: the run has started; no
 * liquidation in flight, not halted; no fill waiting to be reported (nor a context lagging one);
 * every order arrived; none waiting for its cancel; at most one working order a side.
 */
export function fusedState(e: MarketMakingEngine): boolean {
  const bids = e['bids'];
  const asks = e['asks'];
  return (
    e['started'] && !e['liquidationPending'] && !e['halted'] && e['pendingFills'].size === 0 && !e['contextLagged'] &&
    e['unarrived'] === 0 && bids.cancellingCount === 0 && asks.cancellingCount === 0 && bids.workingCount <= 1 && asks.workingCount <= 1
  );
}

/**
 * Starts a fused loop's event of the given kind, in the fused state, or returns false (nothing
 * done) when the event needs the general path: another kind, a receive time, out of order, or a
 * due decision that is not one level a side, flattens, or acts before its orders would be live
 * (decision + constant entry latency after the event). Otherwise steps 0 and 1 of onEvent for
 * zero feed latency: the due decision through the one-level order manager, the decision clock,
 * and the equity samples due before the event (pushSample, written out).
 */
export function beginFusedEvent(e: MarketMakingEngine, event: MarketEvent, kind: MarketEvent['kind']): boolean {
  const ts = event.ts;
  const intent = e['pendingIntent'];
  const due = ts > e['pendingTs'] && intent !== undefined;
  if (
    event.kind !== kind || event.localTs !== undefined || !(ts >= e['lastTs']) || ts === Infinity ||
    (due && (e['pendingFlatten'] || e['pendingDecisionTs'] + e['constantEntryMs'] > ts || intent.bids.length !== 1 || intent.asks.length !== 1))
  ) {
    return false;
  }
  e['currentTs'] = ts;
  if (due) {
    e['pendingIntent'] = undefined;
    e['decisionTs'] = e['pendingDecisionTs'];
    applyOneLevelIntent(e, intent as QuoteIntent);
  }
  if (!(ts < e['decisionTs'])) e['decisionTs'] = ts;
  let nextSampleTs = e['nextSampleTs'];
  if (ts > nextSampleTs) {
    // The state before this event at each grid time passed.
    const samples = e['samples'];
    const ledger = e.ledger;
    const bids = e['bids'];
    const asks = e['asks'];
    const mid = e['mid'];
    const interval = e['sampleIntervalMs'];
    do {
      const at = samples.next();
      const row = samples.chunk;
      row[at + SAMPLE_TS] = nextSampleTs;
      row[at + SAMPLE_OBSERVED] = e['eventCount'] > e['eventsAtLastSample'] ? 1 : 0;
      e['eventsAtLastSample'] = e['eventCount'];
      row[at + SAMPLE_CASH] = ledger.cash;
      row[at + SAMPLE_INVENTORY] = ledger.inventory;
      row[at + SAMPLE_MID] = mid;
      row[at + SAMPLE_BID] = bids.workingCount > 0 ? bids.working[0].priceTicks : NaN;
      row[at + SAMPLE_ASK] = asks.workingCount > 0 ? asks.working[0].priceTicks : NaN;
      nextSampleTs += interval;
    } while (ts > nextSampleTs);
    e['nextSampleTs'] = nextSampleTs;
  }
  return true;
}

/**
 * Step 3's bookkeeping once the market (mid) is updated for the event at currentTs: the event
 * count and clock, and the markout clock (the attribution's onMark written out for the common
 * case: bars counted on candles, horizons resolved at the mid known until now on tick data).
 */
export function endFusedMarket(e: MarketMakingEngine, isBar: boolean): void {
  const ts = e['currentTs'];
  const mid = e['mid'];
  e['eventCount']++;
  e['lastTs'] = ts;
  const attribution = e.attribution;
  const markouts = attribution['markouts'];
  if (mid > 0 && markouts !== undefined && attribution['barMode'] === isBar) {
    if (isBar) {
      attribution['mid'] = mid;
      attribution['lastTs'] = ts;
      markouts.closeBar(++attribution['bars'], mid);
    } else {
      if (ts > markouts.due) markouts.resolveBefore(ts, attribution['mid']);
      attribution['mid'] = mid;
      attribution['lastTs'] = ts;
    }
  } else {
    attribution.mark[MARK_TS] = ts;
    attribution.mark[MARK_MID] = mid;
    attribution.onMark(isBar);
  }
}

/**
 * The engine's accumulateTime for the fused state (at most one working order a side, none
 * cancelling): over [lastTs, currentTs), with the state of lastTs, the time-weighted |inventory|,
 * the time at the hard limit, and per side the time with a live quote (its one working order had
 * reached the exchange by lastTs). The same sums in the same order.
 */
export function accumulateTimeOneLevel(e: MarketMakingEngine): void {
  const lastTs = e['lastTs'];
  const dt = e['currentTs'] - lastTs;
  if (dt <= 0) return;
  const ledger = e.ledger;
  const abs = Math.abs(ledger.inventoryLots);
  e['absInventoryTime'] += abs * dt;
  if (abs > 0 && Math.abs(ledger.inventory) * e['mid'] >= e['limitNotional']) e['limitTime'] += dt;
  const bids = e['bids'];
  const asks = e['asks'];
  if (bids.workingCount > 0 && bids.working[0].liveFromTs <= lastTs) e['bidLiveTime'] += dt;
  if (asks.workingCount > 0 && asks.working[0].liveFromTs <= lastTs) e['askLiveTime'] += dt;
}
