import { DiagnosticsSchema, type GridQuoteInput, gridQuoteInto, type QuoteDiagnostics, type QuoteIntentBuffer, type QuoteLevel, type StrategyContext } from '@mml/core';

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

/**
 * The mid to quote around: the engine's view, which is the last price on candle data (NaN when
 * unusable). `Number.NaN`, not `NaN`, in a choice on the hot path: V8 (Node 20) boxes the other
 * number of `x ? y : NaN` (a heap number per call, measured), not of `x ? y : Number.NaN`.
 */
export function contextMid(ctx: StrategyContext): number {
  return hasContextMid(ctx) ? ctx.mid : Number.NaN;
}

/** True when the context has a mid to quote around (contextMid is not NaN). */
export function hasContextMid(ctx: StrategyContext): boolean {
  return Number.isFinite(ctx.mid) && ctx.mid > 0;
}

/**
 * A model quote's mid, size and q, written into `raw` (the quoter reads them there): mid =
 * contextMid(ctx); the order size per side in base units, orderFraction x quoteBudget / mid, or 0
 * when the budget or mid is unusable (which leads to an empty intent with a reason, never NaN
 * sizes); q = inventory / size in orders (0 without a size). Written, not returned: a number
 * returned from a call V8 does not inline is boxed, a heap number per quote.
 */
export function sizeModelQuote(raw: ModelQuote, c: { readonly orderFraction: number }, ctx: StrategyContext): void {
  const mid = hasContextMid(ctx) ? ctx.mid : Number.NaN; // Number.NaN: see contextMid
  const size = (c.orderFraction * ctx.quoteBudget) / mid;
  const usable = Number.isFinite(size) && size > 0;
  raw.mid = mid;
  raw.size = usable ? size : 0;
  raw.q = usable ? ctx.inventory / size : 0;
}

/**
 * The reasons a model quote can carry, first in every quoter's schema so their codes are these
 * constants (see quoterSchema).
 */
export const QUOTE_REASONS = [
  'no mid known yet',
  'non-finite model output',
  'bid withdrawn at inventory bound',
  'ask withdrawn at inventory bound',
  'bid price not positive',
  'ask price not positive',
  'bid size below one lot',
  'ask size below one lot',
  'bid below min notional',
  'ask below min notional',
] as const;
export const REASON_NO_MID = 0;
const REASON_NON_FINITE = 1;
const REASON_BID_WITHDRAWN = 2;
const REASON_ASK_WITHDRAWN = 3;
const REASON_BID_NOT_POSITIVE = 4;
/** Offsets from the bid's code to the ask's, and of each level problem. */
const ASK = 1;
const PRICE_NOT_POSITIVE = 4;
const BELOW_ONE_LOT = 6;
const BELOW_MIN_NOTIONAL = 8;

/** A model's diagnostics schema: its slots (written on every quote) and the quote reasons. */
export function quoterSchema(slots: readonly string[]): DiagnosticsSchema {
  return new DiagnosticsSchema(slots, QUOTE_REASONS);
}

/**
 * A model's raw quote, written in place by the quoter on every quote (one object per quoter: numbers
 * passed to a call V8 does not inline are boxed, one heap number each).
 */
export interface RawQuote {
  bidPrice: number;
  askPrice: number;
  /** Order size in base units per side (before lot flooring). */
  size: number;
  quoteBid: boolean;
  quoteAsk: boolean;
  /** Ladder: levels per side, and the distance between them in quote currency. */
  levels: number;
  spacing: number;
}

/**
 * A model's quote before the inventory bound and the ladder: its raw prices and size (RawQuote's),
 * with the inventory q in orders and the mid they were made at. The quoter writes these five
 * numbers into its one ModelQuote and quoteModelPrices reads them there: numbers passed as
 * arguments to a call V8 does not inline are boxed (a heap number each, per quote).
 */
export interface ModelQuote extends RawQuote {
  q: number;
  mid: number;
}

/** A ModelQuote (a RawQuote) to reuse, with double fields from the start (so V8 stores the numbers in place). */
export function createRawQuote(): ModelQuote {
  return { bidPrice: NaN, askPrice: NaN, size: NaN, quoteBid: false, quoteAsk: false, levels: 1, spacing: NaN, q: NaN, mid: NaN };
}

/** The quoting options every model shares (quotingSchema). */
export interface QuotingOptions {
  maxInventoryOrders: number;
  levels: number;
  levelSpacingBps: number;
}

/**
 * Completes a quoter's ModelQuote (its prices, size, q and mid written by the quoter) with the
 * inventory bound (q in orders) and the ladder of its quoting options, then builds the intent.
 */
export function quoteModelPrices(intent: QuoteIntentBuffer, ctx: StrategyContext, raw: ModelQuote, c: QuotingOptions, modelSlots?: number): QuoteIntentBuffer {
  const q = raw.q;
  raw.quoteBid = q < c.maxInventoryOrders;
  raw.quoteAsk = q > -c.maxInventoryOrders;
  raw.levels = c.levels;
  raw.spacing = (c.levelSpacingBps / 10_000) * raw.mid;
  return buildQuoteIntent(intent, ctx, raw, modelSlots);
}

/** One grid input per ladder level computation, reused. */
const gridInput: GridQuoteInput = { bidPrice: NaN, askPrice: NaN, bidSize: NaN, askSize: NaN, marketBid: NaN, marketAsk: NaN };

/**
 * Puts raw model prices on the instrument grid (bids floor, asks ceil, never crossing a known
 * touch, via core's gridQuoteInto) and drops sides that are withdrawn, empty or below min notional,
 * each with a reason. With a ladder of `levels`, level i sits i x spacing (quote currency) further
 * out; levels that round onto an already used tick are dropped, so prices are strictly monotone,
 * best first. Writes into `intent` in place; the model has written every diagnostics slot of the
 * quoter's schema first, the first `modelSlots` of the intent's (all by default; fewer when the
 * intent is a wrapper's with its own slots after the model's): a non-finite one gives an empty
 * intent with a reason.
 */
export function buildQuoteIntent(intent: QuoteIntentBuffer, ctx: StrategyContext, raw: RawQuote, modelSlots = intent.diagnostics.values.length): QuoteIntentBuffer {
  const { bidPrice, askPrice, size, quoteAsk, spacing } = raw;
  const d = intent.diagnostics;
  d.reasonCount = 0;
  intent.flatten = false;
  intent.setBidCount(0);
  intent.setAskCount(0);
  if (!allFinite(d, modelSlots) || !Number.isFinite(bidPrice) || !Number.isFinite(askPrice) || !Number.isFinite(size)) {
    // Defensive: estimators never emit NaN, but a degenerate input must not reach the book.
    d.clear();
    d.addReason(REASON_NON_FINITE);
    return intent;
  }
  let quoteBid = raw.quoteBid;
  if (!quoteBid) d.addReason(REASON_BID_WITHDRAWN);
  if (!quoteAsk) d.addReason(REASON_ASK_WITHDRAWN);
  const tickSize = ctx.instrument.tickSize;
  if (quoteBid && bidPrice < tickSize) {
    // An extreme skew can push the model bid to or below zero: no bid, the ask is still valid.
    quoteBid = false;
    d.addReason(REASON_BID_NOT_POSITIVE);
  }
  const capacity = Math.min(raw.levels, intent.capacity);
  const grid = gridInput;
  grid.bidSize = size;
  grid.askSize = size;
  grid.marketBid = ctx.bestBid;
  grid.marketAsk = ctx.bestAsk;
  let bids = 0;
  let asks = 0;
  for (let i = 0; i < capacity; i++) {
    // Written straight into the next free pooled level; published only if kept.
    const bid = intent.bidLevel(bids);
    const ask = intent.askLevel(asks);
    grid.bidPrice = Math.max(tickSize, bidPrice - i * spacing);
    grid.askPrice = askPrice + i * spacing;
    gridQuoteInto(ctx.instrument, grid, bid, ask);
    if (quoteBid && keep(ctx, bid, 0, intent) && (bids === 0 || bid.priceTicks < intent.bidLevel(bids - 1).priceTicks)) bids++;
    if (quoteAsk && keep(ctx, ask, ASK, intent) && (asks === 0 || ask.priceTicks > intent.askLevel(asks - 1).priceTicks)) asks++;
  }
  intent.setBidCount(bids);
  intent.setAskCount(asks);
  return intent;
}

/** Every slot finite, or deferred (reported-only estimates, finite by construction, computed if read). */
function allFinite(d: QuoteDiagnostics, slots: number): boolean {
  const values = d.values;
  for (let i = 0; i < slots; i++) if (!Number.isFinite(values[i]) && !d.isDeferred(i)) return false;
  return true;
}

function keep(ctx: StrategyContext, level: QuoteLevel, side: number, intent: QuoteIntentBuffer): boolean {
  let problem = -1;
  if (level.priceTicks <= 0) problem = PRICE_NOT_POSITIVE + side;
  else if (level.sizeLots <= 0) problem = BELOW_ONE_LOT + side;
  else if (!ctx.instrument.meetsMinNotional(level.priceTicks, level.sizeLots)) problem = BELOW_MIN_NOTIONAL + side;
  if (problem < 0) return true;
  if (!hasReason(intent, problem)) intent.diagnostics.addReason(problem);
  return false;
}

function hasReason(intent: QuoteIntentBuffer, code: number): boolean {
  const d = intent.diagnostics;
  for (let i = 0; i < d.reasonCount; i++) if (d.reasonCodes[i] === code) return true;
  return false;
}
