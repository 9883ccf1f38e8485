import type { ConfigSchema } from '@mml/core';

/** How the RL model discretises the market and its own book into a state index. */
export const rlStateSchema = {
  inventoryBuckets: { type: 'number', default: 5, min: 1, integer: true, unit: 'buckets', doc: 'Inventory buckets (odd = one bucket centred on flat), symmetric around q = 0, outermost ones open-ended.' },
  inventoryBucketOrders: { type: 'number', default: 2, min: 0, exclusiveMin: true, unit: 'orders', doc: 'Width of an inventory bucket in multiples of the order size.' },
  volatilityRatioLow: { type: 'number', default: 0.8, min: 0, exclusiveMin: true, unit: 'ratio', doc: 'Short/long EWMA sigma below this = calm regime.' },
  volatilityRatioHigh: { type: 'number', default: 1.25, min: 0, exclusiveMin: true, unit: 'ratio', doc: 'Short/long EWMA sigma above this = turbulent regime.' },
  adverseMoveBps: { type: 'number', default: 5, min: 0, unit: 'bps', doc: 'Mid move against the inventory since the last decision that counts as adverse.' },
  timeOfDayBuckets: { type: 'number', default: 4, min: 1, max: 24, integer: true, unit: 'buckets', doc: 'Equal UTC time-of-day buckets (4 = six-hour blocks).' },
} as const satisfies ConfigSchema;

export interface RlStateConfig {
  inventoryBuckets: number;
  inventoryBucketOrders: number;
  volatilityRatioLow: number;
  volatilityRatioHigh: number;
  adverseMoveBps: number;
  timeOfDayBuckets: number;
}

export interface RlObservation {
  /** Inventory in orders (q). */
  q: number;
  /** Short-horizon sigma / long-horizon sigma. */
  volatilityRatio: number;
  /** Mid change since the previous decision, in bps. */
  midChangeBps: number;
  /** Unix ms (UTC). */
  now: number;
}

export function rlStateCount(c: RlStateConfig): number {
  return c.inventoryBuckets * 3 * 2 * c.timeOfDayBuckets;
}

/** The components of a state, for diagnostics and tests. */
export function rlStateComponents(c: RlStateConfig, o: RlObservation): { inventory: number; volatility: number; adverse: number; timeOfDay: number } {
  const half = (c.inventoryBuckets - 1) / 2;
  const inventory = Math.min(c.inventoryBuckets - 1, Math.max(0, Math.round(o.q / c.inventoryBucketOrders + half)));
  const volatility = o.volatilityRatio < c.volatilityRatioLow ? 0 : o.volatilityRatio > c.volatilityRatioHigh ? 2 : 1;
  const against = (o.q > 0 && o.midChangeBps < -c.adverseMoveBps) || (o.q < 0 && o.midChangeBps > c.adverseMoveBps);
  const dayMs = 86_400_000;
  const timeOfDay = Math.min(c.timeOfDayBuckets - 1, Math.floor((((o.now % dayMs) + dayMs) % dayMs) / (dayMs / c.timeOfDayBuckets)));
  return { inventory, volatility, adverse: against ? 1 : 0, timeOfDay };
}

/** State index in [0, rlStateCount). Non-finite inputs map to the neutral bucket of that component. */
export function encodeRlState(c: RlStateConfig, o: RlObservation): number {
  const safe: RlObservation = {
    q: Number.isFinite(o.q) ? o.q : 0,
    volatilityRatio: Number.isFinite(o.volatilityRatio) ? o.volatilityRatio : 1,
    midChangeBps: Number.isFinite(o.midChangeBps) ? o.midChangeBps : 0,
    now: o.now,
  };
  const s = rlStateComponents(c, safe);
  return ((s.inventory * 3 + s.volatility) * 2 + s.adverse) * c.timeOfDayBuckets + s.timeOfDay;
}
