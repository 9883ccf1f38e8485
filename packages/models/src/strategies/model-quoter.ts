import { type DiagnosticsSchema, type MarketEvent, type QuoteIntent, QuoteIntentBuffer, type Strategy, type StrategyContext } from '@mml/core';
import { hasContextMid, NEUTRAL_MULTIPLIERS, REASON_NO_MID, type QuoteMultipliers } from './quote-builder';

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
   * observe/quote): called after observe with the event's context (its time, at.now), it runs what a quote at that time
   * would run on the quoter's state (time-driven refits), and returns true when anything the
   * next quote reads or reports, other than the StrategyContext, differs from the last quote's.
   */
  inputsChanged?(at: StrategyContext): boolean;
  /**
   * The quote now, written into the quoter's own preallocated intent (the same object every call),
   * or into `into`: a wrapper's buffer whose diagnostics schema extends the quoter's (its own slots
   * after the quoter's are left as they are), which saves the wrapper a copy per quote.
   */
  quote(ctx: StrategyContext, multipliers: QuoteMultipliers, into?: QuoteIntentBuffer): QuoteIntent;
}

export { contextMid } from './quote-builder';

/**
 * Wraps a quoter as a core Strategy: estimators see every event; a new intent is produced at most
 * every `requoteIntervalMs` (undefined in between, leaving resting quotes as they are). Before any
 * mid is known the strategy returns an empty intent with a reason rather than stalling silently.
 * Unthrottled (requoteIntervalMs = 0), a quoter that tells when its inputs changed (inputsChanged)
 * also gets core's observe/quote split, so an engine asks for its quote only when something moved;
 * the quotes and the estimators' evolution are the same as when it is asked on every event.
 */
export function quoterStrategy(quoter: ModelQuoter, requoteIntervalMs: number): Strategy {
  return requoteIntervalMs === 0 && quoter.inputsChanged !== undefined ? new SplitQuoterStrategy(quoter) : new QuoterStrategy(quoter, requoteIntervalMs);
}

/** quoterStrategy's Strategy (a class: the engine calls it on one stable shape). */
class QuoterStrategy implements Strategy {
  readonly name: string;
  readonly diagnosticsSchema: DiagnosticsSchema;
  protected readonly noMid: QuoteIntentBuffer;
  private lastQuoteTs = -Infinity;

  constructor(
    protected readonly quoter: ModelQuoter,
    private readonly requoteIntervalMs: number,
  ) {
    this.name = quoter.name;
    this.diagnosticsSchema = quoter.diagnosticsSchema;
    this.noMid = new QuoteIntentBuffer(0, quoter.diagnosticsSchema);
    this.noMid.diagnostics.addReason(REASON_NO_MID);
  }

  onEvent(event: MarketEvent, ctx: StrategyContext): QuoteIntent | undefined {
    const quoter = this.quoter;
    quoter.observe(event);
    if (ctx.now - this.lastQuoteTs < this.requoteIntervalMs) return undefined;
    this.lastQuoteTs = ctx.now;
    if (!hasContextMid(ctx)) return this.noMid;
    const intent = quoter.quote(ctx, NEUTRAL_MULTIPLIERS);
    // Throttled, the intent outlives the next event (a wrapper may re-apply it): its deferred
    // diagnostics are computed now, while they are current.
    if (this.requoteIntervalMs > 0) intent.diagnostics?.settle();
    return intent;
  }
}

/** Unthrottled, with a quoter that tells when its inputs changed: core's observe/quote split too. */
class SplitQuoterStrategy extends QuoterStrategy {
  /** The mid of the last quote (NaN before one). */
  private quotedMid = NaN;

  constructor(quoter: ModelQuoter) {
    super(quoter, 0);
  }

  observe(event: MarketEvent, ctx: StrategyContext): boolean {
    const quoter = this.quoter;
    quoter.observe(event);
    // No mid: the quote is the no-mid intent, and the quoter's time-driven updates wait (as in onEvent).
    if (!hasContextMid(ctx)) return true;
    // The mid moved since the last quote (every bar on candles): the caller asks for a quote now
    // whatever observe says (core's Strategy contract), and that quote runs the quoter's
    // time-driven updates at this time itself, so comparing its inputs would be wasted.
    if (ctx.mid !== this.quotedMid) return true;
    return (quoter.inputsChanged as NonNullable<ModelQuoter['inputsChanged']>)(ctx);
  }

  quote(ctx: StrategyContext): QuoteIntent {
    if (!hasContextMid(ctx)) return this.noMid;
    this.quotedMid = ctx.mid;
    return this.quoter.quote(ctx, NEUTRAL_MULTIPLIERS);
  }

  quoteInto(ctx: StrategyContext, into: QuoteIntentBuffer): QuoteIntent {
    if (!hasContextMid(ctx)) return this.noMid;
    this.quotedMid = ctx.mid;
    return this.quoter.quote(ctx, NEUTRAL_MULTIPLIERS, into);
  }
}
