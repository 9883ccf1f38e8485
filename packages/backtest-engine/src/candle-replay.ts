import { intentReasons, isBreakerTrip, type CandleEvent, type MarketEvent, type QuoteIntent, type Strategy } from '@mml/core';
import type { CandleFillModel } from './fill-models/candle-fill-model';
import { SAMPLE_ASK, SAMPLE_BID, SAMPLE_CASH, SAMPLE_INVENTORY, SAMPLE_MID, SAMPLE_OBSERVED, SAMPLE_TS } from './equity-recorder';
import { MARK_FILL_TS, MARK_MID, MARK_TS } from './pnl-attribution';
import type { MarkoutTracker } from './markouts';
import { applyOneLevelIntent } from './one-level-order-manager';
import type { RestingOrder } from './resting-order';
import type { MarketMakingEngine } from './engine';

/** Below 1 by far more than float rounding (the engine's pre-check margin, see engine.ts). */
const PRECHECK_MARGIN = 1 - 1e-9;

/**
 * The candle replay loop written the way the hand-fused loop of `make bench` is (issue 15 item 3):
 * ONE function that holds the per-bar state in locals for the whole loop and does each bar's work
 * written out, with nothing general left in it: the order manager for a one-level quote a side
 * over at most one working order, the candle fill check of those two orders, the equity sample,
 * the markout clock, the strategy's split call, the context, the drawdown.
 *
 * Why it is written this way and not as calls into the engine's parts: a bar is ~100 ns of real
 * work; the general path spends several times that in the parts' generality (level loops, lists
 * of orders, per-call checks, re-reading and re-writing the same fields), and session 5 measured
 * that inlining the calls alone gains nothing. So this loop only handles the common state and is
 * exactly the engine's behaviour there; every other state is handed to the general path at a
 * clean boundary, the start of an event: the locals are written back to the engine's fields,
 * `onEvent` processes the event, and the locals are read again. The fast state is:
 *
 * - per run (`MarketMakingEngine.fusedCandlesEligible`): a split strategy (observe + quote),
 *   constant zero entry, response and feed latency, post-only, no cooldown and no max order age,
 *   not L2 (candles use the candle model);
 * - per event: a candle without a receive time, in order, after the run started; no liquidation
 *   in flight, not halted; no fill waiting to be reported; every order arrived; no order waiting
 *   for its cancel; at most one working order a side; and a pending decision (if one is due)
 *   that quotes exactly one level a side and does not flatten.
 *
 * Fills (a minority of bars) go through the engine's own fill sink (ledger, attribution,
 * markouts, counts, onFill), and a breach of the equity limit through its liquidation code.
 * `fused-candle-replay.spec.ts` checks this loop against `onEvent` on streams that enter and leave
 * every fallback state: identical fills, quotes, metrics, equity rows and attribution.
 *
 * Private engine fields are read with element access (`e['mid']`): TypeScript type-checks it, and
 * V8 compiles it to the same property load.
 */
export function replayCandlesFused(e: MarketMakingEngine, events: Iterable<MarketEvent>, model: CandleFillModel): void {
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
  const quote = strategy.quote as NonNullable<Strategy['quote']>;
  const breakerTrips = e['breakerTrips'];
  const pendingFills = e['pendingFills'];
  const usable = model['usableFraction'];
  const sampleInterval = e['sampleIntervalMs'];
  const liquidationFraction = e['liquidationFraction'];
  // A strategy that hears of fills (onFill) gets them through the engine's own sink, which makes
  // the Fill and refreshes its context; without one, bookQuoteFill books them (the same steps).
  const bookByOwnSink = strategy.onFill !== undefined;
  const iterator = events[Symbol.iterator]();
  try {
    for (;;) {
      // ---- Read the engine's state into locals (at the start and after each event of the general path).
      const initialEquity = ctx.initialEquity;
      const limitNotional = e['limitNotional'];
      const liquidationLimit = liquidationFraction * initialEquity;
      let mid = e['mid'];
      let lastPriceTicks = e['lastPriceTicks'];
      let lastTs = e['lastTs'];
      let decisionTs = e['decisionTs'];
      let eventCount = e['eventCount'];
      let nextSampleTs = e['nextSampleTs'];
      let eventsAtLastSample = e['eventsAtLastSample'];
      let peakEquity = e['peakEquity'];
      let maxDrawdownAbs = e['maxDrawdownAbs'];
      let maxDrawdownOfPeak = e['maxDrawdownOfPeak'];
      let absInventoryTime = e['absInventoryTime'];
      let limitTime = e['limitTime'];
      let bidLiveTime = e['bidLiveTime'];
      let askLiveTime = e['askLiveTime'];
      let worstEquity = e['worstEquity'];
      let pendingIntent = e['pendingIntent'];
      let pendingTs = e['pendingTs'];
      let pendingDecisionTs = e['pendingDecisionTs'];
      let lastQuoted = e['lastQuoted'];
      let quotedOnce = e['quotedOnce'];
      let quoteInputsSynced = e['quoteInputsSynced'];
      let qMid = e['qMid'];
      let qBid = e['qBid'];
      let qAsk = e['qAsk'];
      let qInventoryLots = e['qInventoryLots'];
      let qCash = e['qCash'];
      let qPeak = e['qPeak'];
      // Constant while in this loop (only bbo/book events, which take the general path, set them).
      const bestBidTicks = e['bestBidTicks'];
      const bestAskTicks = e['bestAskTicks'];
      const touchKnown = bestBidTicks < bestAskTicks;
      const ctxBestBid = touchKnown ? e['bestBidPrice'] : NaN;
      const ctxBestAsk = touchKnown ? e['bestAskPrice'] : NaN;

      // The engine's state allows this loop (see above). Only the general path and the rare calls
      // made from here (a fill, the equity limit) can change it: checked again after those.
      let simple =
        e['started'] && !e['liquidationPending'] && !e['halted'] && pendingFills.size === 0 && e['unarrived'] === 0 &&
        bids.cancellingCount === 0 && asks.cancellingCount === 0 && bids.workingCount <= 1 && asks.workingCount <= 1;
      // The attribution counts bars (it started on a bar): its clock can be advanced here.
      const markouts = attribution['markouts'];
      const barClock = attribution['started'] && attribution['barMode'] && markouts !== undefined;
      let fallback: MarketEvent | undefined;
      for (;;) {
        const next = iterator.next();
        if (next.done === true) break;
        const event = next.value;
        const ts = event.ts;
        // ---- The fast state (see above), else the general path for this event.
        if (
          !simple || event.kind !== 'candle' || event.localTs !== undefined || !(ts >= lastTs) || ts === Infinity ||
          (ts > pendingTs && pendingIntent !== undefined && (e['pendingFlatten'] || pendingDecisionTs > ts || pendingIntent.bids.length !== 1 || pendingIntent.asks.length !== 1))
        ) {
          fallback = event;
          break;
        }

        // ---- (0) Act on the decision of the previous, complete, exchange timestamp (the order
        // manager reads the market from the engine's fields).
        if (ts > pendingTs && pendingIntent !== undefined) {
          const intent: QuoteIntent = pendingIntent;
          pendingIntent = undefined;
          decisionTs = pendingDecisionTs;
          e['decisionTs'] = decisionTs;
          e['currentTs'] = ts;
          e['mid'] = mid;
          e['lastPriceTicks'] = lastPriceTicks;
          applyOneLevelIntent(e, intent);
        }
        // The decision clock (zero feed latency; it never goes back).
        if (!(ts < decisionTs)) decisionTs = ts;

        // ---- (1) Equity samples due before this bar (state before it), time-weighted statistics.
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
        const dt = ts - lastTs;
        if (dt > 0) {
          const abs = Math.abs(ledger.inventoryLots);
          absInventoryTime += abs * dt;
          if (abs > 0 && Math.abs(ledger.inventory) * mid >= limitNotional) limitTime += dt;
          if (bids.workingCount > 0 && bids.working[0].liveFromTs <= lastTs) bidLiveTime += dt;
          if (asks.workingCount > 0 && asks.working[0].liveFromTs <= lastTs) askLiveTime += dt;
        }

        // ---- (2) The candle model on our (at most) one order a side: strict trade-through, whole-bar presence.
        const bar = event as CandleEvent;
        const bidOrder = bids.workingCount > 0 ? bids.working[0] : undefined;
        const askOrder = asks.workingCount > 0 ? asks.working[0] : undefined;
        if (bidOrder !== undefined || askOrder !== undefined) {
          const openTime = bar.openTime;
          const bidThrough = bidOrder !== undefined && bidOrder.remainingLots > 0 && bidOrder.liveFromTs <= openTime && bidOrder.cancelAtTs >= ts && inst.priceToTicks(bar.low) < bidOrder.priceTicks;
          const askThrough = askOrder !== undefined && askOrder.remainingLots > 0 && askOrder.liveFromTs <= openTime && askOrder.cancelAtTs >= ts && inst.priceToTicks(bar.high) > askOrder.priceTicks;
          if (bidThrough || askThrough) {
            const budgetLots = inst.floorLots(bar.volume * usable * (bidThrough && askThrough ? 0.5 : 1));
            if (budgetLots > 0) {
              // The engine's fill sink books each fill (ledger, attribution, markouts, counts, onFill,
              // which sees the context refreshed from the fields: the mid before this bar).
              e['currentTs'] = ts;
              e['decisionTs'] = decisionTs;
              e['mid'] = mid;
              e['peakEquity'] = peakEquity;
              if (bidThrough) {
                const order = bidOrder as RestingOrder;
                if (bookByOwnSink) e.fill(order, Math.min(order.remainingLots, budgetLots), order.priceTicks, 'maker');
                else bookQuoteFill(e, order, Math.min(order.remainingLots, budgetLots), true);
                if (order.remainingLots <= 0) {
                  pool.push(order);
                  bids.workingCount = 0;
                  e['workingChanged'] = true;
                }
              }
              if (askThrough) {
                const order = askOrder as RestingOrder;
                if (bookByOwnSink) e.fill(order, Math.min(order.remainingLots, budgetLots), order.priceTicks, 'maker');
                else bookQuoteFill(e, order, Math.min(order.remainingLots, budgetLots), false);
                if (order.remainingLots <= 0) {
                  pool.push(order);
                  asks.workingCount = 0;
                  e['workingChanged'] = true;
                }
              }
              e['filledThisEvent'] = false;
              // (onFill may have done anything a strategy can: nothing here changes the state above, but check.)
              simple = e['unarrived'] === 0 && pendingFills.size === 0 && !e['liquidationPending'] && !e['halted'];
            }
          }
        }

        // ---- (3) The market: the close is the last price and the mid; the markout clock.
        lastPriceTicks = inst.priceToTicks(bar.close);
        mid = bar.close;
        eventCount++;
        lastTs = ts;
        if (barClock && mid > 0) {
          // The markout clock (the attribution's onMark for a bar, written out): the bar count,
          // and the fills whose horizon ends before it resolved at this mid.
          attribution['mid'] = mid;
          attribution['lastTs'] = ts;
          const bars = ++attribution['bars'];
          if (bars > (markouts as MarkoutTracker).due) (markouts as MarkoutTracker).resolveBefore(bars, mid);
        } else {
          attributionMark[MARK_TS] = ts;
          attributionMark[MARK_MID] = mid;
          attribution.onMark(true);
        }
        // The strategy's context (refreshContext), then (4) the equity limit at the pessimistic mark.
        const inv = ledger.inventoryLots;
        const cashNow = ledger.cash;
        const inventoryNow = ledger.inventory;
        const equity = cashNow + inventoryNow * mid;
        ctx.now = decisionTs;
        ctx.inventoryLots = inv;
        ctx.inventory = inventoryNow;
        ctx.cash = cashNow;
        ctx.mid = mid;
        ctx.equity = equity;
        ctx.peakEquity = peakEquity;
        ctx.bestBid = ctxBestBid;
        ctx.bestAsk = ctxBestAsk;
        e['contextLagged'] = false;
        worstEquity = inv === 0 ? equity : cashNow + inventoryNow * (inv > 0 ? bar.low : bar.high);
        if (liquidationFraction > 0 && worstEquity < liquidationLimit) {
          // Rare: the engine's own check sends the liquidation (and halts); later events take the general path.
          e['worstEquity'] = worstEquity;
          e['pendingIntent'] = pendingIntent;
          e['currentTs'] = ts;
          e['decisionTs'] = decisionTs;
          e['checkEquityLimit']();
          simple = !e['liquidationPending'] && !e['halted'] && bids.cancellingCount === 0 && asks.cancellingCount === 0;
          pendingIntent = e['pendingIntent'];
        }
        // (5) The strategy: observe on every bar, quote when its inputs changed (askSplit).
        if (!e['halted']) {
          const moved = observe.call(strategy, event, ctx);
          const fillReported = e['fillReported'];
          let intent: QuoteIntent | undefined;
          if (
            moved || !quotedOnce || fillReported ||
            !(mid === qMid || (mid !== mid && qMid !== qMid)) ||
            !(ctxBestBid === qBid || (ctxBestBid !== ctxBestBid && qBid !== qBid)) ||
            !(ctxBestAsk === qAsk || (ctxBestAsk !== ctxBestAsk && qAsk !== qAsk)) ||
            inv !== qInventoryLots ||
            !(cashNow === qCash || (cashNow !== cashNow && qCash !== qCash)) ||
            !(peakEquity === qPeak || (peakEquity !== peakEquity && qPeak !== qPeak))
          ) {
            quotedOnce = true;
            e['fillReported'] = false;
            qMid = mid;
            qBid = ctxBestBid;
            qAsk = ctxBestAsk;
            qInventoryLots = inv;
            qCash = cashNow;
            qPeak = peakEquity;
            intent = quote.call(strategy, ctx);
            lastQuoted = intent;
            if (intent !== undefined) e['freshIntent'] = true;
          } else intent = lastQuoted;
          quoteInputsSynced = true;
          if (intent !== undefined) {
            if (intent.diagnostics !== undefined && isBreakerTrip(intent)) breakerTrips.push({ ts, reasons: intentReasons(intent) });
            if (intent.flatten === true) e['pendingFlatten'] = true;
            pendingIntent = intent;
            pendingTs = ts;
            pendingDecisionTs = decisionTs;
          }
        } else quoteInputsSynced = false;
        // Peak (at mid) and drawdowns to the pessimistic mark (afterEvent).
        if (equity > peakEquity) {
          peakEquity = equity;
          quoteInputsSynced = false;
        }
        ctx.peakEquity = peakEquity;
        const drop = peakEquity - (worstEquity < equity ? worstEquity : equity);
        if (drop > 0 && (drop >= maxDrawdownAbs * initialEquity * PRECHECK_MARGIN || drop >= maxDrawdownOfPeak * peakEquity * PRECHECK_MARGIN)) {
          const ofInitial = drop / initialEquity;
          if (ofInitial > maxDrawdownAbs) maxDrawdownAbs = ofInitial;
          const ofPeak = drop / peakEquity;
          if (ofPeak > maxDrawdownOfPeak) maxDrawdownOfPeak = ofPeak;
        }
      }

      // ---- Write the locals back (before an event of the general path, and at the end).
      e['mid'] = mid;
      e['lastPriceTicks'] = lastPriceTicks;
      e['lastTs'] = lastTs;
      e['decisionTs'] = decisionTs;
      e['currentTs'] = lastTs;
      e['eventCount'] = eventCount;
      e['nextSampleTs'] = nextSampleTs;
      e['eventsAtLastSample'] = eventsAtLastSample;
      e['peakEquity'] = peakEquity;
      e['maxDrawdownAbs'] = maxDrawdownAbs;
      e['maxDrawdownOfPeak'] = maxDrawdownOfPeak;
      e['absInventoryTime'] = absInventoryTime;
      e['limitTime'] = limitTime;
      e['bidLiveTime'] = bidLiveTime;
      e['askLiveTime'] = askLiveTime;
      e['worstEquity'] = worstEquity;
      e['pendingIntent'] = pendingIntent;
      e['pendingTs'] = pendingTs;
      e['pendingDecisionTs'] = pendingDecisionTs;
      e['lastQuoted'] = lastQuoted;
      e['quotedOnce'] = quotedOnce;
      e['quoteInputsSynced'] = quoteInputsSynced;
      e['qMid'] = qMid;
      e['qBid'] = qBid;
      e['qAsk'] = qAsk;
      e['qInventoryLots'] = qInventoryLots;
      e['qCash'] = qCash;
      e['qPeak'] = qPeak;
      if (fallback === undefined) return;
      e.onEvent(fallback);
    }
  } catch (error) {
    iterator.return?.();
    throw error;
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
