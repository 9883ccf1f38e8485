import type { DiagnosticsSchema } from './diagnostics-schema';
import type { Fill } from './fill';
import type { Instrument } from './instrument';
import type { MarketEvent } from './market-event';
import type { QuoteIntent } from './quote-intent';
import type { QuoteIntentBuffer } from './quote-intent-buffer';

/**
 * What the engine lets a strategy see at decision time: its own account and the market as known
 * up to `now`. Never anything later. Float values are views for decisions; the ledger behind them
 * is exact.
 */
export interface StrategyContext {
  readonly instrument: Instrument;
  /** Current time in Unix epoch ms (the time of the event being handled). */
  readonly now: number;
  readonly inventoryLots: number;
  /** Inventory in base units (inventoryLots x lot size). */
  readonly inventory: number;
  /** Cash in quote currency. */
  readonly cash: number;
  /** cash + inventory x mid. */
  readonly equity: number;
  readonly initialEquity: number;
  readonly peakEquity: number;
  /** Best bid / ask as known now (NaN when unknown, e.g. on candle data). */
  readonly bestBid: number;
  readonly bestAsk: number;
  /** Mid (or last price on candle data). */
  readonly mid: number;
  /** Quote capital the strategy may use, in quote currency. */
  readonly quoteBudget: number;
}

/**
 * A quoting strategy: a model plus overlays, composed by the caller. Plain synchronous code, so
 * the replay loop and a live stream drive it identically.
 */
export interface Strategy {
  readonly name: string;
  /**
   * The names of the diagnostic slots and reason codes its intents carry, registered once when the
   * strategy is built (absent: its intents carry no diagnostics). Wrappers extend it.
   */
  readonly diagnosticsSchema?: DiagnosticsSchema;
  /**
   * Called once per market event, after the engine has matched the event against resting orders.
   * Return the desired quotes, or undefined to leave the resting quotes as they are. The intent may
   * be the same object every time (rewritten in place, no allocation per event): the caller acts
   * on it, or copies what it keeps, before the next call.
   */
  onEvent(event: MarketEvent, ctx: StrategyContext): QuoteIntent | undefined;
  /** Called for every fill of our orders, before the next onEvent. */
  onFill?(fill: Fill, ctx: StrategyContext): void;
  /**
   * Optional split of onEvent into its two halves, so that an engine can ask for quotes only when
   * their inputs changed (MarketMakingEngine does when both are present, and then never calls
   * onEvent). `observe` sees every event, after the engine matched it, and feeds the estimators;
   * it returns true when the intent `quote` would give now may differ from its last one for a
   * reason the engine cannot see: an estimator moved, time passed a horizon or a timer the
   * strategy keeps (e.g. a requote interval) fell due.
   */
  observe?(event: MarketEvent, ctx: StrategyContext): boolean;
  /**
   * The intent for the current state (or undefined: leave the resting quotes as they are). The
   * engine calls it when `observe` returned true, or when the mid, best bid/ask, inventory, cash
   * or peak equity in ctx changed, or a fill was reported (onFill), since the last call: it must
   * depend on nothing else. In between, the engine acts as if it returned its last intent again
   * (filled or rejected levels are re-placed).
   */
  quote?(ctx: StrategyContext): QuoteIntent | undefined;
  /**
   * Optional, beside quote: the same call, with the intent written into `into`, a wrapper's buffer
   * whose diagnostics schema extends this strategy's (the slots after this strategy's are left as
   * they are): a wrapper that transforms the intent in place (an overlay stack) saves a copy per
   * quote. Returns `into`, or another intent (e.g. a fixed one) for the caller to copy.
   */
  quoteInto?(ctx: StrategyContext, into: QuoteIntentBuffer): QuoteIntent | undefined;
}
