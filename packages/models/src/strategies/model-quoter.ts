import { emptyQuoteIntent, type MarketEvent, type QuoteIntent, type Strategy, type StrategyContext } from '@mml/core';
import { NEUTRAL_MULTIPLIERS, type QuoteMultipliers } from './quote-builder';

/**
 * A quoting model split into its two halves: `observe` feeds the model's estimators with every
 * event, `quote` turns the current state into a quote intent, optionally with multipliers (which is
 * how the RL agent steers a base model without re-implementing it).
 */
export interface ModelQuoter {
  readonly name: string;
  /** Order size per side as a fraction of ctx.quoteBudget (q = inventory / (fraction x budget / mid)). */
  readonly orderFraction: number;
  observe(event: MarketEvent): void;
  quote(ctx: StrategyContext, multipliers: QuoteMultipliers): QuoteIntent;
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
  let lastQuoteTs = -Infinity;
  return {
    name: quoter.name,
    onEvent(event: MarketEvent, ctx: StrategyContext): QuoteIntent | undefined {
      quoter.observe(event);
      if (ctx.now - lastQuoteTs < requoteIntervalMs) return undefined;
      lastQuoteTs = ctx.now;
      if (Number.isNaN(contextMid(ctx))) return emptyQuoteIntent('no mid known yet');
      return quoter.quote(ctx, NEUTRAL_MULTIPLIERS);
    },
  };
}
