import { type DiagnosticsSchema, type MarketEvent, type QuoteIntent, QuoteIntentBuffer, type Strategy, type StrategyContext } from '@mml/core';
import { NEUTRAL_MULTIPLIERS, REASON_NO_MID, type QuoteMultipliers } from './quote-builder';

/**
 * A quoting model split into its two halves: `observe` feeds the model's estimators with every
 * event, `quote` turns the current state into a quote intent, optionally with multipliers (which is
 * how the RL agent steers a base model without re-implementing it).
 */
export interface ModelQuoter {
  readonly name: string;
  /** Order size per side as a fraction of ctx.quoteBudget (q = inventory / (fraction x budget / mid)). */
  readonly orderFraction: number;
  /** Its diagnostic slots and reasons (quoterSchema), registered once. */
  readonly diagnosticsSchema: DiagnosticsSchema;
  observe(event: MarketEvent): void;
  /**
   * The quote now, written into the quoter's own preallocated intent (the same object every call),
   * or into `into`: a wrapper's buffer whose diagnostics schema extends the quoter's (its own slots
   * after the quoter's are left as they are), which saves the wrapper a copy per quote.
   */
  quote(ctx: StrategyContext, multipliers: QuoteMultipliers, into?: QuoteIntentBuffer): QuoteIntent;
}

/** The mid to quote around: the engine's view, which is the last price on candle data. */
export function contextMid(ctx: StrategyContext): number {
  return Number.isFinite(ctx.mid) && ctx.mid > 0 ? ctx.mid : NaN;
}

/**
 * Wraps a quoter as a core Strategy: estimators see every event; a new intent is produced at most
 * every `requoteIntervalMs` (undefined in between, leaving resting quotes as they are). Before any
 * mid is known the strategy returns an empty intent with a reason rather than stalling silently.
 */
export function quoterStrategy(quoter: ModelQuoter, requoteIntervalMs: number): Strategy {
  // Numbers kept across events live in an object field (updated in place): a closure variable
  // holding a non-small-integer number allocates a fresh heap number on every assignment.
  const clock = { lastQuoteTs: -Infinity };
  const noMid = new QuoteIntentBuffer(0, quoter.diagnosticsSchema);
  noMid.diagnostics.addReason(REASON_NO_MID);
  return {
    name: quoter.name,
    diagnosticsSchema: quoter.diagnosticsSchema,
    onEvent(event: MarketEvent, ctx: StrategyContext): QuoteIntent | undefined {
      quoter.observe(event);
      if (ctx.now - clock.lastQuoteTs < requoteIntervalMs) return undefined;
      clock.lastQuoteTs = ctx.now;
      if (Number.isNaN(contextMid(ctx))) return noMid;
      const intent = quoter.quote(ctx, NEUTRAL_MULTIPLIERS);
      // Throttled, the intent outlives the next event (a wrapper may re-apply it): its deferred
      // diagnostics are computed now, while they are current.
      if (requoteIntervalMs > 0) intent.diagnostics?.settle();
      return intent;
    },
  };
}
