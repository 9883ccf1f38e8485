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
   * Optional, for engines that ask for quotes only when their inputs changed (core's Strategy
   * observe/quote): called after observe with the event's time, it runs what a quote at `now`
   * would run on the quoter's state (time-driven refits), and returns true when anything the
   * next quote reads or reports, other than the StrategyContext, differs from the last quote's.
   */
  inputsChanged?(now: number): boolean;
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
 * Unthrottled (requoteIntervalMs = 0), a quoter that tells when its inputs changed (inputsChanged)
 * also gets core's observe/quote split, so an engine asks for its quote only when something moved;
 * the quotes and the estimators' evolution are the same as when it is asked on every event.
 */
export function quoterStrategy(quoter: ModelQuoter, requoteIntervalMs: number): Strategy {
  // Numbers kept across events live in an object field (updated in place): a closure variable
  // holding a non-small-integer number allocates a fresh heap number on every assignment.
  const clock = { lastQuoteTs: -Infinity };
  const noMid = new QuoteIntentBuffer(0, quoter.diagnosticsSchema);
  noMid.diagnostics.addReason(REASON_NO_MID);
  const strategy: Strategy = {
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
  const inputsChanged = quoter.inputsChanged?.bind(quoter);
  if (requoteIntervalMs > 0 || inputsChanged === undefined) return strategy;
  return {
    ...strategy,
    observe(event: MarketEvent, ctx: StrategyContext): boolean {
      quoter.observe(event);
      // No mid: the quote is the no-mid intent, and the quoter's time-driven updates wait (as in onEvent).
      if (Number.isNaN(contextMid(ctx))) return true;
      return inputsChanged(ctx.now);
    },
    quote(ctx: StrategyContext): QuoteIntent {
      if (Number.isNaN(contextMid(ctx))) return noMid;
      return quoter.quote(ctx, NEUTRAL_MULTIPLIERS);
    },
  };
}
