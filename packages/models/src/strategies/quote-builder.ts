import { emptyQuoteIntent, gridQuote, type QuoteDiagnostics, type QuoteIntent, type QuoteLevel, type StrategyContext } from '@mml/core';

/** Multipliers an agent (or a caller) applies on top of a model: 1 = the model as configured. */
export interface QuoteMultipliers {
  /** Scales risk aversion gamma. */
  gamma: number;
  /** Scales the distance of each quote from the reservation / skewed centre. */
  spread: number;
  /** Scales the inventory skew (reservation offset). */
  skew: number;
}

export const NEUTRAL_MULTIPLIERS: QuoteMultipliers = Object.freeze({ gamma: 1, spread: 1, skew: 1 });

export interface RawQuote {
  bidPrice: number;
  askPrice: number;
  /** Order size in base units per side (before lot flooring). */
  size: number;
  quoteBid: boolean;
  quoteAsk: boolean;
}

/**
 * Order size per side in base units: orderFraction x quoteBudget / mid. Returns 0 when the budget
 * or mid is unusable, which leads to an empty intent (with a reason), never NaN sizes.
 */
export function orderSizeBase(orderFraction: number, ctx: StrategyContext, mid: number): number {
  const size = (orderFraction * ctx.quoteBudget) / mid;
  return Number.isFinite(size) && size > 0 ? size : 0;
}

/** Optional ladder: extra levels further from the touch, each `spacing` (quote currency) apart. */
export interface LadderSpec {
  levels: number;
  spacing: number;
}

/**
 * Puts raw model prices on the instrument grid (bids floor, asks ceil, never crossing a known
 * touch, via core's gridQuote) and drops sides that are withdrawn, empty or below min notional,
 * each with a reason. With a ladder, level i sits i x spacing further out; levels that round onto
 * an already used tick are dropped, so prices are strictly monotone, best first.
 */
export function buildQuoteIntent(ctx: StrategyContext, raw: RawQuote, diagnostics: QuoteDiagnostics, ladder: LadderSpec = { levels: 1, spacing: 0 }): QuoteIntent {
  const finite = Object.values(diagnostics).every(Number.isFinite);
  if (!finite || !Number.isFinite(raw.bidPrice) || !Number.isFinite(raw.askPrice) || !Number.isFinite(raw.size)) {
    // Defensive: estimators never emit NaN, but a degenerate input must not reach the book.
    return emptyQuoteIntent('non-finite model output');
  }
  const reasons: string[] = [];
  let quoteBid = raw.quoteBid;
  const quoteAsk = raw.quoteAsk;
  if (!quoteBid) reasons.push('bid withdrawn at inventory bound');
  if (!quoteAsk) reasons.push('ask withdrawn at inventory bound');
  if (quoteBid && raw.bidPrice < ctx.instrument.tickSize) {
    // An extreme skew can push the model bid to or below zero: no bid, the ask is still valid.
    quoteBid = false;
    reasons.push('bid price not positive');
  }
  const bids: QuoteLevel[] = [];
  const asks: QuoteLevel[] = [];
  for (let i = 0; i < ladder.levels; i++) {
    const { bid, ask } = gridQuote(ctx.instrument, {
      bidPrice: Math.max(ctx.instrument.tickSize, raw.bidPrice - i * ladder.spacing),
      askPrice: raw.askPrice + i * ladder.spacing,
      bidSize: raw.size,
      askSize: raw.size,
      marketBid: ctx.bestBid,
      marketAsk: ctx.bestAsk,
    });
    if (quoteBid && keep(ctx, bid, 'bid', reasons) && (bids.length === 0 || bid.priceTicks < bids[bids.length - 1].priceTicks)) bids.push(bid);
    if (quoteAsk && keep(ctx, ask, 'ask', reasons) && (asks.length === 0 || ask.priceTicks > asks[asks.length - 1].priceTicks)) asks.push(ask);
  }
  return { bids, asks, diagnostics, reasons };
}

function keep(ctx: StrategyContext, level: QuoteLevel, side: string, reasons: string[]): boolean {
  let problem: string | undefined;
  if (level.priceTicks <= 0) problem = `${side} price not positive`;
  else if (level.sizeLots <= 0) problem = `${side} size below one lot`;
  else if (!ctx.instrument.meetsMinNotional(level.priceTicks, level.sizeLots)) problem = `${side} below min notional`;
  if (problem && !reasons.includes(problem)) reasons.push(problem);
  return problem === undefined;
}
