import type { Instrument } from './instrument';

/** One resting quote: a price in integer ticks and a size in integer lots. */
export interface QuoteLevel {
  priceTicks: number;
  sizeLots: number;
}

/**
 * Numbers behind a quote, for reports and paper logs: the model's reservation price, spread,
 * volatility, intensity fit, inventory and any overlay multipliers. Always finite.
 */
export type QuoteDiagnostics = Record<string, number>;

/**
 * What a strategy wants resting on the book after this event. Models produce it, overlays
 * transform it, the engine's order manager turns it into place/cancel/replace.
 *
 * An empty side means "nothing resting on that side". Levels are ordered best first.
 */
export interface QuoteIntent {
  bids: QuoteLevel[];
  asks: QuoteLevel[];
  /** Ask the engine to flatten the inventory now with taker orders (e.g. a hard breaker). */
  flatten?: boolean;
  diagnostics: QuoteDiagnostics;
  /** Why the intent differs from the model's raw quotes, one entry per change, in order applied. */
  reasons: string[];
}

export function emptyQuoteIntent(reason?: string): QuoteIntent {
  return { bids: [], asks: [], diagnostics: {}, reasons: reason ? [reason] : [] };
}

/** True when the best bid is strictly below the best ask (or a side is empty). */
export function isUncrossed(intent: QuoteIntent): boolean {
  if (intent.bids.length === 0 || intent.asks.length === 0) return true;
  return intent.bids[0].priceTicks < intent.asks[0].priceTicks;
}

export interface GridQuoteInput {
  bidPrice: number;
  askPrice: number;
  bidSize: number;
  askSize: number;
  /** Best bid / ask of the market, when known (NaN otherwise): quotes never cross them. */
  marketBid?: number;
  marketAsk?: number;
}

/**
 * Puts raw model prices and sizes on the instrument's grid: bids round down, asks round up, sizes
 * round down to whole lots. When the market's touch is known the bid is kept strictly below the
 * best ask and the ask strictly above the best bid, so a quote can never be marketable; and the
 * bid always stays strictly below the ask.
 */
export function gridQuote(instrument: Instrument, input: GridQuoteInput): { bid: QuoteLevel; ask: QuoteLevel } {
  let bidTicks = instrument.floorTicks(input.bidPrice);
  let askTicks = instrument.ceilTicks(input.askPrice);
  const marketBid = input.marketBid ?? NaN;
  const marketAsk = input.marketAsk ?? NaN;
  if (Number.isFinite(marketAsk)) bidTicks = Math.min(bidTicks, instrument.priceToTicks(marketAsk) - 1);
  if (Number.isFinite(marketBid)) askTicks = Math.max(askTicks, instrument.priceToTicks(marketBid) + 1);
  if (askTicks <= bidTicks) {
    // Only possible for a degenerate model spread below one tick: widen around the centre.
    const centre = (bidTicks + askTicks) / 2;
    bidTicks = Math.floor(centre - 0.5);
    askTicks = bidTicks + 1;
    if (Number.isFinite(marketBid)) {
      const floorAsk = instrument.priceToTicks(marketBid) + 1;
      if (askTicks < floorAsk) { askTicks = floorAsk; bidTicks = Math.min(bidTicks, askTicks - 1); }
    }
  }
  return {
    bid: { priceTicks: bidTicks, sizeLots: Math.max(0, instrument.floorLots(input.bidSize)) },
    ask: { priceTicks: askTicks, sizeLots: Math.max(0, instrument.floorLots(input.askSize)) },
  };
}
