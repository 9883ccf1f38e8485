import type { Liquidity, MarketEvent } from '@mml/core';
import type { OrderSide, RestingOrder } from '../resting-order';

/** What a fill model may do to the engine: report that an order filled. */
export interface FillSink {
  /** Books a fill of up to `sizeLots` of `order` at `priceTicks` (the engine clips to balances). */
  fill(order: RestingOrder, sizeLots: number, priceTicks: number, liquidity: Liquidity): void;
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
