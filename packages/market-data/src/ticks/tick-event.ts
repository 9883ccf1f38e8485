import type { TickQualityReport } from './tick-quality';
import type { BestBidAskEvent, BookDeltaEvent, BookLevel, BookSnapshotEvent, Side, TradeEvent } from '@mml/core';

/**
 * The events the tick readers produce: core MarketEvents with both clocks. `ts` is exchange time
 * (Binance event time E, ms); `localTs` is when the recorder received the line (ms, fractional for
 * µs/ns captures; equal to `ts` where a source has no recorder, e.g. public dumps); `transactTs` is
 * Binance's transaction/trade time T where the stream has it (futures depth and bookTicker, trades).
 * Futures book states are matched by update id and T (check-book), because E is the push time of
 * each stream and differs between depth and bookTicker for the same update.
 */
export type TickEvent = TickTrade | TickBbo | TickDepth | TickSnapshot;
export type TickTrade = TradeEvent & TickClocks;
export type TickBbo = BestBidAskEvent & TickClocks;
export type TickDepth = BookDeltaEvent & TickClocks;
export type TickSnapshot = BookSnapshotEvent & TickClocks;

export interface TickClocks {
  localTs: number;
  transactTs?: number;
}

// One constructor per kind, used by every reader and by the columnar cache, so an event decoded
// from the cache has exactly the shape (and key order) of the one parsed from text.

export function tradeEvent(ts: number, localTs: number, transactTs: number, price: number, qty: number, aggressor: Side, id: number): TickTrade {
  const e: TickTrade = { kind: 'trade', ts, localTs, price, qty, aggressor, id };
  if (transactTs === transactTs) e.transactTs = transactTs;
  return e;
}

export function bboEvent(
  ts: number,
  localTs: number,
  transactTs: number,
  bidPrice: number,
  bidQty: number,
  askPrice: number,
  askQty: number,
  updateId: number,
): TickBbo {
  const e: TickBbo = { kind: 'bbo', ts, localTs, bidPrice, bidQty, askPrice, askQty };
  if (updateId === updateId) e.updateId = updateId;
  if (transactTs === transactTs) e.transactTs = transactTs;
  return e;
}

export function depthEvent(
  ts: number,
  localTs: number,
  transactTs: number,
  firstUpdateId: number,
  lastUpdateId: number,
  prevLastUpdateId: number,
  bids: BookLevel[],
  asks: BookLevel[],
): TickDepth {
  const e: TickDepth = { kind: 'depth', ts, localTs, firstUpdateId, lastUpdateId, bids, asks };
  if (prevLastUpdateId === prevLastUpdateId) e.prevLastUpdateId = prevLastUpdateId;
  if (transactTs === transactTs) e.transactTs = transactTs;
  return e;
}

export function snapshotEvent(ts: number, localTs: number, transactTs: number, updateId: number, bids: BookLevel[], asks: BookLevel[]): TickSnapshot {
  const e: TickSnapshot = { kind: 'book', ts, localTs, bids, asks, updateId };
  if (transactTs === transactTs) e.transactTs = transactTs;
  return e;
}

/** A stream of tick events whose quality report fills in as it is read. */
export interface TickStream<E extends TickEvent = TickEvent> extends AsyncIterable<E> {
  readonly quality: TickQualityReport;
}
