import type { Fill, InstrumentSpec, PnlAttribution, QuoteIntent, RejectedLevels, RunMetrics, Side } from '@mml/core';
import type { EngineConfig } from './engine-config';

/** One of our orders as the simulated exchange holds it. Objects are pooled and reused. */
export interface OrderView {
  readonly id: number;
  readonly side: Side;
  readonly priceTicks: number;
  /** Lots still open. */
  readonly remainingLots: number;
  /** Lots originally requested. */
  readonly requestedLots: number;
  /** When the decision to place it was taken (event ts + feed latency). */
  readonly decidedTs: number;
  /** From when it can fill (decidedTs + order latency). */
  readonly liveFromTs: number;
  /** When its cancel takes effect (Infinity while working). */
  readonly cancelAtTs: number;
  /** Estimated base quantity ahead of us at our price (trade model; Infinity = unknown). */
  readonly queueAhead: number;
}

/** A place or cancel the order manager issued. Pooled: valid until the next onEvent. */
export interface OrderUpdate {
  /** 'reject': the exchange refused the order on arrival (L2 post-only); ts = when we learn of it. */
  kind: 'place' | 'cancel' | 'reject';
  ts: number;
  orderId: number;
  side: Side;
  priceTicks: number;
  sizeLots: number;
}

/** A forced flattening (equity breach or a strategy's `flatten: true`). */
export interface Liquidation {
  ts: number;
  reason: 'equity-limit' | 'flatten';
  /** Inventory flattened, in lots (signed: positive = we sold a long). */
  inventoryLots: number;
  priceTicks: number;
  equityBefore: number;
  equityAfter: number;
}

/** A strategy intent that carried `diagnostics.breakerTrip === 1`. */
export interface BreakerTrip {
  ts: number;
  reasons: string[];
}

/**
 * What one onEvent did: a paper loop logs it. The object and its arrays are reused on every event
 * (no per-event allocation): copy what you want to keep before the next onEvent.
 */
export interface EngineStep {
  ts: number;
  /** Index of the event in this engine's stream (0-based). */
  eventIndex: number;
  fills: Fill[];
  /** Valid entries are orderUpdates[0, orderUpdateCount): the array and its objects are recycled. */
  orderUpdates: OrderUpdate[];
  orderUpdateCount: number;
  /** Levels dropped during this step, by reason (by the decision acted upon in it, or on arrival). */
  rejectedLevels: RejectedLevels;
  /** The strategy's intent on this event (undefined = none / halted); it is acted upon once the event's ts is complete. */
  intent: QuoteIntent | undefined;
  liquidation: Liquidation | undefined;
}

/** One row of the equity curve (state at `ts`, marked at the mid known then). */
export interface EquitySample {
  ts: number;
  equity: number;
  cash: number;
  /** Inventory in base units. */
  inventory: number;
  mid: number;
  /** Our best working bid / ask price at that time (null when none). */
  bid: number | null;
  ask: number | null;
}

/**
 * The equity curve's samples read one at a time, without building the whole curve (a chart of
 * 500 points out of a 30-day run's 43 200 samples builds 500 rows, not 43 200).
 */
export interface EquitySeries {
  /** Number of samples (equityCurve.length). */
  readonly count: number;
  /** Sample i (0 <= i < count): a row equal to equityCurve[i]. */
  row(i: number): EquitySample;
}

export interface RunResult {
  metrics: RunMetrics;
  /** Every sample of the run (built on first read for the results the engine returns). */
  equityCurve: EquitySample[];
  /**
   * The same samples on demand. On the results the engine returns it is set, not enumerable:
   * JSON, structuredClone and spreading leave it out, so a copied result has only equityCurve.
   */
  readonly equitySeries?: EquitySeries;
  fills: Fill[];
  liquidations: Liquidation[];
  breakerTrips: BreakerTrip[];
  /** Where the PnL came from: spread capture, inventory, fees, liquidation; hedged PnL; markouts. */
  attribution: PnlAttribution;
  /** Maker fee (bps, negative = rebate) at which the PnL would be zero with the same fills; null without maker fills. */
  breakEvenMakerFeeBps: number | null;
  config: EngineConfig;
  instrument: InstrumentSpec;
  strategy: string;
}
