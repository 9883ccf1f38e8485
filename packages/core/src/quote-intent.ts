import type { Instrument } from './instrument';
import type { QuoteDiagnostics } from './quote-diagnostics';

/** One resting quote: a price in integer ticks and a size in integer lots. */
export interface QuoteLevel {
  priceTicks: number;
  sizeLots: number;
}

/**
 * What a strategy wants resting on the book after this event. Models produce it, overlays
 * transform it (in place, see QuoteIntentBuffer), the engine's order manager turns it into
 * place/cancel/replace.
 *
 * An empty side means "nothing resting on that side". Levels are ordered best first.
 */
export interface QuoteIntent {
  bids: QuoteLevel[];
  asks: QuoteLevel[];
  /** Ask the engine to flatten the inventory now with taker orders (e.g. a hard breaker). */
  flatten?: boolean;
  /**
   * The numbers behind the quote (model reservation price, spread, volatility, overlay multipliers)
   * in fixed Float64Array slots, and the reasons for every change from the model's raw quotes as
   * codes, both named by their schema. Absent = none (e.g. a bare quoter).
   */
  diagnostics?: QuoteDiagnostics;
}

/** An intent with no levels (nothing resting) and no diagnostics. */
export function emptyQuoteIntent(): QuoteIntent {
  return { bids: [], asks: [] };
}

/** The intent's finite diagnostics as a plain object (built on demand: for logs, charts and tests). */
export function intentDiagnostics(intent: QuoteIntent): Record<string, number> {
  return intent.diagnostics?.toObject() ?? {};
}

/** The intent's reasons spelled out, in order applied (built on demand). */
export function intentReasons(intent: QuoteIntent): string[] {
  return intent.diagnostics?.reasonTexts() ?? [];
}

/** True on the event a breaker engages (diagnostic `breakerTrip` = 1): the engine counts these. */
export function isBreakerTrip(intent: QuoteIntent): boolean {
  const d = intent.diagnostics;
  if (d === undefined) return false;
  const slot = d.schema.breakerTripSlot;
  return slot >= 0 && d.values[slot] === 1;
}

/** True when the best bid is strictly below the best ask (or a side is empty). */
export function isUncrossed(intent: Pick<QuoteIntent, 'bids' | 'asks'>): boolean {
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
  const bid = { priceTicks: 0, sizeLots: 0 };
  const ask = { priceTicks: 0, sizeLots: 0 };
  gridQuoteInto(instrument, input, bid, ask);
  return { bid, ask };
}

/**
 * gridQuote writing into two existing levels (no allocation: the strategies' hot path; pass a
 * preallocated input object too: numbers passed as separate arguments to a call V8 does not
 * inline are boxed, one heap number each).
 */
export function gridQuoteInto(instrument: Instrument, input: GridQuoteInput, bid: QuoteLevel, ask: QuoteLevel): void {
  const marketBid = input.marketBid ?? NaN;
  const marketAsk = input.marketAsk ?? NaN;
  let bidTicks = instrument.floorTicks(input.bidPrice);
  let askTicks = instrument.ceilTicks(input.askPrice);
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
  bid.priceTicks = bidTicks;
  bid.sizeLots = Math.max(0, instrument.floorLots(input.bidSize));
  ask.priceTicks = askTicks;
  ask.sizeLots = Math.max(0, instrument.floorLots(input.askSize));
}

/** A quote intent as plain data (a deep copy): what logs, reports and tests keep of one step. */
export interface QuoteIntentRecord {
  bids: QuoteLevel[];
  asks: QuoteLevel[];
  flatten: boolean;
  diagnostics: Record<string, number>;
  reasons: string[];
}

/** Copies an intent into plain data (allocates: only for the steps that are logged or kept). */
export function intentRecord(intent: QuoteIntent): QuoteIntentRecord {
  return {
    bids: intent.bids.map((level) => ({ priceTicks: level.priceTicks, sizeLots: level.sizeLots })),
    asks: intent.asks.map((level) => ({ priceTicks: level.priceTicks, sizeLots: level.sizeLots })),
    flatten: intent.flatten === true,
    diagnostics: intentDiagnostics(intent),
    reasons: intentReasons(intent),
  };
}
