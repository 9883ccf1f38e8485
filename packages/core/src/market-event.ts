import type { Side } from './side';

/**
 * Market events: the one vocabulary every data source produces and every consumer (engine,
 * estimators, strategies) reads. Prices and sizes are plain numbers in natural units (quote per
 * base, base units) exactly as the exchange printed them; the engine moves them onto the
 * instrument's integer grid.
 *
 * `ts` is always the time, in Unix epoch milliseconds (UTC), at which the event became *known*.
 * Replaying events in `ts` order is therefore free of look-ahead: a candle is known at its close,
 * not at its open.
 *
 * Tick data carries a second clock: `localTs`, when the recorder received the event (Unix epoch
 * ms, fractional for µs/ns captures). `localTs - ts` is the feed latency an L2 simulator replays;
 * events without a recorder (candles, synthetic data) leave it undefined.
 */
export type MarketEvent = CandleEvent | TradeEvent | BookSnapshotEvent | BookDeltaEvent | BestBidAskEvent;

export type MarketEventKind = MarketEvent['kind'];

/** One OHLCV bar. Known at `ts` = openTime + durationMs (the bar's exclusive end). */
export interface CandleEvent {
  kind: 'candle';
  ts: number;
  /** Local receive time in ms, when the events were recorded (tick captures). */
  localTs?: number;
  openTime: number;
  durationMs: number;
  open: number;
  high: number;
  low: number;
  close: number;
  /** Volume in base units. */
  volume: number;
  quoteVolume?: number;
  trades?: number;
  /** Base volume bought by takers. */
  takerBuyVolume?: number;
}

/** One public trade. `aggressor` is the taker's side: 'sell' when the buyer was the maker. */
export interface TradeEvent {
  kind: 'trade';
  ts: number;
  /** Local receive time in ms, when the events were recorded (tick captures). */
  localTs?: number;
  price: number;
  qty: number;
  aggressor: Side;
  id: number;
}

/** [price, qty] with qty in base units. In a delta, qty 0 removes the level. */
export type BookLevel = [price: number, qty: number];

/** A full L2 snapshot of the top N levels: bids best (highest) first, asks best (lowest) first. */
export interface BookSnapshotEvent {
  kind: 'book';
  ts: number;
  /** Local receive time in ms, when the events were recorded (tick captures). */
  localTs?: number;
  bids: BookLevel[];
  asks: BookLevel[];
  /** Exchange sequence number of the snapshot (Binance lastUpdateId), when known. */
  updateId?: number;
}

/** An incremental L2 update: absolute new quantities at the listed prices. */
export interface BookDeltaEvent {
  kind: 'depth';
  ts: number;
  /** Local receive time in ms, when the events were recorded (tick captures). */
  localTs?: number;
  firstUpdateId: number;
  lastUpdateId: number;
  /** Futures only: the previous diff's lastUpdateId (Binance `pu`); the chain must continue it. */
  prevLastUpdateId?: number;
  bids: BookLevel[];
  asks: BookLevel[];
}

/** Best bid and offer. */
export interface BestBidAskEvent {
  kind: 'bbo';
  ts: number;
  /** Local receive time in ms, when the events were recorded (tick captures). */
  localTs?: number;
  bidPrice: number;
  bidQty: number;
  askPrice: number;
  askQty: number;
  updateId?: number;
}

/** The mid price an event implies, or NaN when it implies none (a delta alone does not). */
export function eventMid(event: MarketEvent): number {
  switch (event.kind) {
    case 'candle':
      return event.close;
    case 'trade':
      return event.price;
    case 'bbo':
      return (event.bidPrice + event.askPrice) / 2;
    case 'book':
      return event.bids.length > 0 && event.asks.length > 0 ? (event.bids[0][0] + event.asks[0][0]) / 2 : NaN;
    case 'depth':
      return NaN;
  }
}
