import type { QuoteIntentBuffer, QuoteLevel } from '@mml/core';

/**
 * Grid-safe building blocks for overlays, applied in place to a preallocated intent. Every one of
 * them only moves quotes away from the centre, only shrinks sizes (rounding down to whole lots) and
 * only removes levels, so any composition of them keeps an uncrossed intent uncrossed and never
 * adds size or aggression.
 */

/** Centre of the intent in ticks: the mid of its best quotes, else the market mid, else NaN. */
export function intentCentreTicks(intent: { bids: readonly QuoteLevel[]; asks: readonly QuoteLevel[] }, marketMidTicks: number): number {
  if (intent.bids.length > 0 && intent.asks.length > 0) return (intent.bids[0].priceTicks + intent.asks[0].priceTicks) / 2;
  return marketMidTicks;
}

/**
 * Multiplies each level's distance from the centre by `multiplier` (>= 1). Bids round down and
 * asks round up; a level never moves towards the centre. Sides can be widened independently.
 */
export function widenSides(intent: QuoteIntentBuffer, centreTicks: number, bidMultiplier: number, askMultiplier: number): void {
  if (!Number.isFinite(centreTicks)) return;
  if (bidMultiplier > 1) {
    const bids = intent.bids;
    for (let i = 0; i < bids.length; i++) {
      const level = bids[i];
      level.priceTicks = Math.min(level.priceTicks, Math.floor(centreTicks - (centreTicks - level.priceTicks) * bidMultiplier));
    }
  }
  if (askMultiplier > 1) {
    const asks = intent.asks;
    for (let i = 0; i < asks.length; i++) {
      const level = asks[i];
      level.priceTicks = Math.max(level.priceTicks, Math.ceil(centreTicks + (level.priceTicks - centreTicks) * askMultiplier));
    }
  }
}

/**
 * Scales sizes by factor in [0, 1], rounding down to whole lots; levels that reach 0 lots are
 * removed (the rest keep their order). Returns the number of levels left.
 */
export function scaleLevels(levels: readonly QuoteLevel[], factor: number): number {
  if (factor >= 1) return levels.length;
  const f = Math.max(0, factor);
  let kept = 0;
  for (let i = 0; i < levels.length; i++) {
    const size = Math.floor(levels[i].sizeLots * f + 1e-9);
    if (size <= 0) continue;
    levels[kept].priceTicks = levels[i].priceTicks;
    levels[kept].sizeLots = size;
    kept++;
  }
  return kept;
}

export function scaleSides(intent: QuoteIntentBuffer, bidFactor: number, askFactor: number): void {
  intent.setBidCount(scaleLevels(intent.bids, bidFactor));
  intent.setAskCount(scaleLevels(intent.asks, askFactor));
}

/** Short number formatting for reasons ("2.13"). */
export function fmt(value: number, digits = 2): string {
  return Number.isFinite(value) ? value.toFixed(digits) : String(value);
}
