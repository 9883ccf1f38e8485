import { emptyQuoteIntent, gridQuote, type QuoteDiagnostics, type QuoteIntent, type StrategyContext } from '@mml/core';

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

/**
 * Puts raw model prices on the instrument grid (bids floor, asks ceil, never crossing a known
 * touch, via core's gridQuote) and drops sides that are withdrawn, empty or below min notional.
 */
export function buildQuoteIntent(ctx: StrategyContext, raw: RawQuote, diagnostics: QuoteDiagnostics): QuoteIntent {
  const finite = Object.values(diagnostics).every(Number.isFinite);
  if (!finite || !Number.isFinite(raw.bidPrice) || !Number.isFinite(raw.askPrice) || raw.bidPrice <= 0) {
    // Defensive: estimators never emit NaN, but a degenerate input must not reach the book.
    return emptyQuoteIntent('non-finite model output');
  }
  const { bid, ask } = gridQuote(ctx.instrument, {
    bidPrice: raw.bidPrice,
    askPrice: raw.askPrice,
    bidSize: raw.size,
    askSize: raw.size,
    marketBid: ctx.bestBid,
    marketAsk: ctx.bestAsk,
  });
  const reasons: string[] = [];
  const keep = (level: typeof bid, wanted: boolean, side: string) => {
    if (!wanted) { reasons.push(`${side} withdrawn at inventory bound`); return []; }
    if (level.sizeLots <= 0) { reasons.push(`${side} size below one lot`); return []; }
    if (!ctx.instrument.meetsMinNotional(level.priceTicks, level.sizeLots)) { reasons.push(`${side} below min notional`); return []; }
    if (level.priceTicks <= 0) { reasons.push(`${side} price not positive`); return []; }
    return [level];
  };
  const bids = keep(bid, raw.quoteBid, 'bid');
  const asks = keep(ask, raw.quoteAsk, 'ask');
  return { bids, asks, diagnostics, reasons };
}
