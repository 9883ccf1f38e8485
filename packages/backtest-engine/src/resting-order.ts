import type { Side } from '@mml/core';
import type { OrderView } from './types';

/**
 * One of our orders inside the simulated exchange. Mutable and pooled by the engine so that
 * quoting every event allocates nothing. Fill models read and update `remainingLots`,
 * `queueAhead` and `levelQty` through the engine's fill sink only.
 */
export class RestingOrder implements OrderView {
  id = 0;
  side: Side = 'buy';
  priceTicks = 0;
  remainingLots = 0;
  requestedLots = 0;
  decidedTs = 0;
  liveFromTs = 0;
  cancelAtTs = Infinity;
  /** Reached the exchange (its post-only check on arrival is done). */
  arrived = true;
  /** Base quantity estimated ahead of us at our price (Infinity = unknown: only trade-throughs fill). */
  queueAhead = Infinity;
  /** Visible base quantity at our price when last observed (trade model bookkeeping). */
  levelQty = Infinity;
  /** L2 model: quantity traded at our price since our level's last depth update (queue models). */
  tradedAtLevel = 0;
}

/**
 * The orders of one side: `working[0, workingCount)` are the current quote levels (best first);
 * `cancelling[0, cancellingCount)` wait for their cancel to take effect. Explicit counts instead of
 * array lengths, because truncating a JS array (length = 0) frees its backing store and the next
 * push allocates again: with counts the hot path allocates nothing. Slots past a count are stale.
 */
export interface OrderSide {
  readonly side: Side;
  readonly working: RestingOrder[];
  workingCount: number;
  readonly cancelling: RestingOrder[];
  cancellingCount: number;
}
