import type { Liquidity, MarketEvent } from '@mml/core';
import type { OrderSide, RestingOrder } from '../resting-order';

/** What a fill model may do to the engine: report that an order filled. */
export interface FillSink {
  /** Books a fill of up to `sizeLots` of `order` at `priceTicks` (the engine clips to balances). */
  fill(order: RestingOrder, sizeLots: number, priceTicks: number, liquidity: Liquidity): void;
}

/** A fill model that keeps an order book can tell the engine the touch it rebuilt. */
export interface BookTouch {
  /** Writes the best bid/ask (ticks) and their sizes (base); false when a side is unknown/empty. */
  readTouch(out: { bidTicks: number; bidQty: number; askTicks: number; askQty: number }): boolean;
}

/** Receives the per-level fills of a taker order walking the book. */
export interface TakerSink {
  takerFill(priceTicks: number, lots: number): void;
}

/** A fill model that can execute a taker order against its book (liquidations walk the book). */
export interface LiquidityTaker {
  /** Takes up to `lots` from the opposite side, not beyond `limitTicks` (NaN = none); returns the lots not filled. */
  take(isBuy: boolean, lots: number, limitTicks: number, sink: TakerSink): number;
}

/** Market state a fill model may read: only what was known before the current event. */
export interface FillContext {
  /** Mid before the current event (the reference our quotes were set against). */
  readonly previousMid: number;
  /** ts of the previous event (NaN for the first). */
  readonly previousTs: number;
}

/**
 * A named exchange-simulation rule: given one market event and our resting orders, decide which
 * of them fill and by how much. Called before the market state and the strategy see the event.
 */
export interface FillModel {
  readonly name: string;
  match(event: MarketEvent, bids: OrderSide, asks: OrderSide, context: FillContext, sink: FillSink): void;
}
