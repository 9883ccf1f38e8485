import type { QuoteIntent } from '@mml/core';
import type { MarketMakingEngine } from './engine';
import { RestingOrder, type OrderSide } from './resting-order';

/** Below 1 by far more than float rounding (the engine's pre-check margin, see engine.ts). */
const PRECHECK_MARGIN = 1 - 1e-9;
/** Above 1 by far more than float rounding: `x >= k * y * PRECHECK_UP` proves floor(x / y) >= k (k a whole number). */
const PRECHECK_UP = 1 + 1e-9;

/**
 * The engine's order manager (decide -> applyIntentTracked -> applyIntent -> applyOneLevel ->
 * checkLevel per side) written out for the fused replay loops (candle-replay.ts,
 * trade-replay.ts), for the state they keep: an intent of exactly one level a side, at most one
 * working order a side and none waiting for a cancel, a decision whose cancels and orders take
 * effect at once (`decisionTs + entry latency <= currentTs`, constant latency, not L2), post-only,
 * no cooldown and no max order age (so an unchanged decision only counts its rejections again).
 * Acts on `intent` at the engine's decisionTs with the market and account in its fields (the
 * caller writes mid, last price, decisionTs and currentTs there first); the same ids, records and
 * counts as the general path. No float crosses the call (the inputs are read from fields).
 */
export function applyOneLevelIntent(e: MarketMakingEngine, intent: QuoteIntent): void {
  const ledger = e.ledger;
  const inv = ledger.inventoryLots;
  const cash = ledger.cash;
  const mid = e['mid'];
  const lastPriceTicks = e['lastPriceTicks'];
  const bestBidTicks = e['bestBidTicks'];
  const bestAskTicks = e['bestAskTicks'];
  const rejected = e['rejected'];
  const lastRejected = e['lastApplyRejected'];
  if (
    !e['freshIntent'] && intent === e['lastApplied'] && !e['workingChanged'] &&
    (mid === e['aMid'] || (mid !== mid && e['aMid'] !== e['aMid'])) &&
    (bestBidTicks === e['aBidTicks'] || (bestBidTicks !== bestBidTicks && e['aBidTicks'] !== e['aBidTicks'])) &&
    (bestAskTicks === e['aAskTicks'] || (bestAskTicks !== bestAskTicks && e['aAskTicks'] !== e['aAskTicks'])) &&
    (lastPriceTicks === e['aLastTicks'] || (lastPriceTicks !== lastPriceTicks && e['aLastTicks'] !== e['aLastTicks'])) &&
    inv === e['aInventoryLots'] && (cash === e['aCash'] || (cash !== cash && e['aCash'] !== e['aCash']))
  ) {
    // The same intent on the same inputs: every order stays, the same levels are rejected again.
    if (e['lastApplyRejectedAny']) {
      rejected.edge += lastRejected.edge; rejected.inventory += lastRejected.inventory; rejected.balance += lastRejected.balance;
      rejected.postOnly += lastRejected.postOnly; rejected.minNotional += lastRejected.minNotional; rejected.lot += lastRejected.lot;
    }
    return;
  }
  let rejectedAny = e['lastApplyRejectedAny'];
  if (rejectedAny) {
    lastRejected.edge = 0; lastRejected.inventory = 0; lastRejected.balance = 0; lastRejected.postOnly = 0; lastRejected.minNotional = 0; lastRejected.lot = 0;
    rejectedAny = false;
  }
  const inst = e.instrument;
  const tickSize = inst.tickSize;
  const perLotCost = e['perLotCost'];
  const allowShort = e['allowShort'];
  const initialEquity = e['ctx'].initialEquity;
  const hardFraction = e['hardFraction'];
  const softFraction = e['softFraction'];
  const decisionTs = e['decisionTs'];
  const touchKnown = bestBidTicks < bestAskTicks;
  // The hard limit's lot count only where it can clip a level: when the budget covers one lot
  // more than either level could take (a product, with a margin far above float error),
  // floor(x / y) is above every size and the division is skipped.
  const hardBudget = hardFraction * initialEquity;
  const hardPerLot = mid * inst.lotSize;
  const need = allowShort ? Math.max(intent.bids[0].sizeLots + inv, intent.asks[0].sizeLots - inv) : intent.bids[0].sizeLots + inv;
  const hardLots = need >= 0 && hardPerLot > 0 && hardBudget >= (need + 1) * hardPerLot * PRECHECK_UP ? Number.MAX_SAFE_INTEGER : Math.max(0, Math.floor(hardBudget / hardPerLot));
  const invNotional = Math.abs(ledger.inventory) * mid;
  let softFactor = 1;
  const invFraction = invNotional >= softFraction * initialEquity * PRECHECK_MARGIN ? invNotional / initialEquity : 0;
  if (invFraction > softFraction) {
    const span = hardFraction - softFraction;
    softFactor = span > 0 ? Math.max(0, (hardFraction - invFraction) / span) : 0;
  }
  // ---- The bid, then the ask: checkLevel written out once per side, so that every check is the
  // one comparison of its side (one loop over both sides cost ~9 ns more a decision, and a shared,
  // inlined helper for the size checks the two blocks repeat ~4 ns more: measured, not kept).
  const bids = e['bids'];
  const asks = e['asks'];
  {
    const level = intent.bids[0];
    const limitRoom = Math.max(0, hardLots - inv);
    // A bid's balance is its cash, checked below.
    const balanceRoom = Number.MAX_SAFE_INTEGER;
    const sizeFactor = inv >= 0 ? softFactor : 1;
    let code = 0;
    let price = level.priceTicks;
    let size = level.sizeLots;
    if (!(size > 0) || !Number.isInteger(size) || !(price > 0) || !Number.isInteger(price)) code = 1;
    else {
      if (sizeFactor < 1) size = Math.floor(size * sizeFactor);
      if (size > limitRoom) size = limitRoom;
      if (!(size > 0)) code = 2;
      else {
        if (size > balanceRoom) size = balanceRoom;
        let priceFloat = price * tickSize;
        // (The division only when the cash may not cover the size: see hardLots.)
        const perLot = priceFloat * perLotCost;
        if (!(cash >= size * perLot * PRECHECK_UP)) {
          const affordable = Math.floor((cash / perLot) * (1 - 1e-12));
          if (size > affordable) size = affordable;
        }
        if (!(size > 0)) code = 3;
        else {
          const edgeLimit = mid * e['bidEdgeFactor'];
          if (priceFloat > edgeLimit) {
            // Reducing a short may bypass the edge filter at the edge price (reduceOnlyBypass off).
            if (!(inv < 0)) code = 4;
            else if (!e['reduceOnlyBypass']) {
              price = inst.floorTicks(edgeLimit);
              priceFloat = price * tickSize;
              const affordable = Math.floor((cash / (priceFloat * perLotCost)) * (1 - 1e-12));
              if (size > affordable) size = affordable;
              if (!(price > 0) || !(size > 0)) code = 4;
            }
          }
          if (code === 0) {
            if (price > (touchKnown ? bestAskTicks - 1 : lastPriceTicks)) code = 5;
            else if (!inst.meetsMinNotional(price, size)) code = 6;
          }
        }
      }
    }
    if (code !== 0) {
      rejectedAny = true;
      rejectLevel(e, bids, code);
    } else {
      e['levelPrice'] = price;
      e['levelSize'] = size;
      placeLevel(e, bids, true, decisionTs < e['lastBidFillTs']);
    }
  }
  {
    const level = intent.asks[0];
    const limitRoom = allowShort ? Math.max(0, hardLots + inv) : Number.MAX_SAFE_INTEGER;
    const balanceRoom = allowShort ? Number.MAX_SAFE_INTEGER : Math.max(0, inv);
    const sizeFactor = inv <= 0 ? softFactor : 1;
    let code = 0;
    let price = level.priceTicks;
    let size = level.sizeLots;
    if (!(size > 0) || !Number.isInteger(size) || !(price > 0) || !Number.isInteger(price)) code = 1;
    else {
      if (sizeFactor < 1) size = Math.floor(size * sizeFactor);
      if (size > limitRoom) size = limitRoom;
      if (!(size > 0)) code = 2;
      else {
        if (size > balanceRoom) size = balanceRoom;
        if (!(size > 0)) code = 3;
        else {
          const edgeLimit = mid * e['askEdgeFactor'];
          if (price * tickSize < edgeLimit) {
            // Reducing a long may bypass the edge filter at the edge price (reduceOnlyBypass off).
            if (!(inv > 0)) code = 4;
            else if (!e['reduceOnlyBypass']) {
              price = inst.ceilTicks(edgeLimit);
              if (!(price > 0) || !(size > 0)) code = 4;
            }
          }
          if (code === 0) {
            if (price < (touchKnown ? bestBidTicks + 1 : lastPriceTicks)) code = 5;
            else if (!inst.meetsMinNotional(price, size)) code = 6;
          }
        }
      }
    }
    if (code !== 0) {
      rejectedAny = true;
      rejectLevel(e, asks, code);
    } else {
      e['levelPrice'] = price;
      e['levelSize'] = size;
      placeLevel(e, asks, false, decisionTs < e['lastAskFillTs']);
    }
  }
  e['lastApplyRejectedAny'] = rejectedAny;
  e['lastApplied'] = intent;
  e['freshIntent'] = false;
  e['workingChanged'] = false;
  e['aMid'] = mid;
  e['aBidTicks'] = bestBidTicks;
  e['aAskTicks'] = bestAskTicks;
  e['aLastTicks'] = lastPriceTicks;
  e['aInventoryLots'] = inv;
  e['aCash'] = cash;
}

/**
 * A side's level failed check `code` (applyOneLevelIntent's codes): the rejection is counted, and
 * the side's working order is cancelled (the cancel takes effect at once: the order had arrived).
 */
function rejectLevel(e: MarketMakingEngine, side: OrderSide, code: number): void {
  const rejected = e['rejected'];
  const lastRejected = e['lastApplyRejected'];
  switch (code) {
    case 1: rejected.lot++; lastRejected.lot++; break;
    case 2: rejected.inventory++; lastRejected.inventory++; break;
    case 3: rejected.balance++; lastRejected.balance++; break;
    case 4: rejected.edge++; lastRejected.edge++; break;
    case 5: rejected.postOnly++; lastRejected.postOnly++; break;
    default: rejected.minNotional++; lastRejected.minNotional++; break;
  }
  if (side.workingCount === 1) {
    e['pool'].push(side.working[0]);
    side.workingCount = 0;
  }
}

/**
 * A side's level passed its checks, at the engine's levelPrice / levelSize: the working order
 * stays within the refresh tolerance, is cancelled while cooling after a fill, else the order is
 * placed (an amend reuses the replaced order's object, as the engine does). (No float argument:
 * a call that is not inlined boxes them.)
 */
function placeLevel(e: MarketMakingEngine, side: OrderSide, isBid: boolean, cooling: boolean): void {
  const existing = side.workingCount === 1 ? side.working[0] : undefined;
  const price = e['levelPrice'];
  const size = e['levelSize'];
  if (existing !== undefined) {
    if (Math.abs(existing.priceTicks - price) <= e['toleranceTicks'] && existing.requestedLots === size) return;
    if (cooling) {
      e['pool'].push(existing);
      side.workingCount = 0;
      return;
    }
  }
  const order = existing ?? e['pool'].pop() ?? new RestingOrder();
  const decisionTs = e['decisionTs'];
  order.id = e['nextOrderId']++;
  order.side = side.side;
  order.priceTicks = price;
  order.remainingLots = size;
  order.requestedLots = size;
  order.decidedTs = decisionTs;
  order.liveFromTs = decisionTs + e['constantEntryMs'];
  order.cancelAtTs = Infinity;
  order.tradedAtLevel = 0;
  // Live by now (the caller's precondition): post-only passed at decision, nothing to check on arrival.
  order.arrived = true;
  const bestBidTicks = e['bestBidTicks'];
  const bestAskTicks = e['bestAskTicks'];
  let queue = Infinity;
  if (bestBidTicks < bestAskTicks) {
    if (isBid) queue = price > bestBidTicks ? 0 : price === bestBidTicks ? e['bestBidQty'] : Infinity;
    else queue = price < bestAskTicks ? 0 : price === bestAskTicks ? e['bestAskQty'] : Infinity;
  }
  order.queueAhead = queue;
  order.levelQty = queue;
  e['quotesPlaced']++;
  if (existing === undefined) {
    side.working[0] = order;
    side.workingCount = 1;
  }
}
