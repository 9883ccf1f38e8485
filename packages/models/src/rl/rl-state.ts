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
  return {
    inventory: inventoryBucket(c, o.q),
    volatility: volatilityRegime(c, o.volatilityRatio),
    adverse: adverseMove(c, o.q, o.midChangeBps),
    timeOfDay: timeOfDayBucket(c.timeOfDayBuckets, o.now),
  };
}

/** State index in [0, rlStateCount). Non-finite inputs map to the neutral bucket of that component. */
export function encodeRlState(c: RlStateConfig, o: RlObservation): number {
  return encodeRlStateAt(c, o, timeOfDayBucket(c.timeOfDayBuckets, o.now));
}

/** encodeRlState from plain numbers. */
export function encodeRlStateOf(c: RlStateConfig, q: number, volatilityRatio: number, midChangeBps: number, now: number): number {
  return encodeRlState(c, { q, volatilityRatio, midChangeBps, now });
}

/**
 * encodeRlState with the time-of-day bucket of `o.now` given (e.g. from TimeOfDayBuckets), from an
 * observation the caller rewrites in place (the agent decides on every bar of candle data: no
 * allocation, and no number passed to the call, which V8 boxes when it does not inline it).
 */
export function encodeRlStateAt(c: RlStateConfig, o: Pick<RlObservation, 'q' | 'volatilityRatio' | 'midChangeBps'>, timeOfDay: number): number {
  const q = o.q;
  const volatilityRatio = o.volatilityRatio;
  const midChangeBps = o.midChangeBps;
  const safeQ = Number.isFinite(q) ? q : 0;
  const inventory = inventoryBucket(c, safeQ);
  const volatility = volatilityRegime(c, Number.isFinite(volatilityRatio) ? volatilityRatio : 1);
  const adverse = adverseMove(c, safeQ, Number.isFinite(midChangeBps) ? midChangeBps : 0);
  return ((inventory * 3 + volatility) * 2 + adverse) * c.timeOfDayBuckets + timeOfDay;
}

function inventoryBucket(c: RlStateConfig, q: number): number {
  const half = (c.inventoryBuckets - 1) / 2;
  return Math.min(c.inventoryBuckets - 1, Math.max(0, Math.round(q / c.inventoryBucketOrders + half)));
}

function volatilityRegime(c: RlStateConfig, volatilityRatio: number): number {
  return volatilityRatio < c.volatilityRatioLow ? 0 : volatilityRatio > c.volatilityRatioHigh ? 2 : 1;
}

function adverseMove(c: RlStateConfig, q: number, midChangeBps: number): number {
  const against = (q > 0 && midChangeBps < -c.adverseMoveBps) || (q < 0 && midChangeBps > c.adverseMoveBps);
  return against ? 1 : 0;
}

const DAY_MS = 86_400_000;

function timeOfDayBucket(buckets: number, now: number): number {
  return bucketOfMs(buckets, (((now % DAY_MS) + DAY_MS) % DAY_MS));
}

const MAX_EXACT = 2 ** 53;

function bucketOfMs(buckets: number, msOfDay: number): number {
  return Math.min(buckets - 1, Math.floor(msOfDay / (DAY_MS / buckets)));
}

/**
 * The UTC time-of-day bucket of a stream of times, remembering where the current day starts: one
 * subtraction per call instead of two float remainders (a remainder of a ms timestamp costs tens of
 * ns; the RL agent asks on every bar of candle data). The same bucket as encodeRlStateOf's: for an
 * integer time both are the exact ms of the day; other times take the remainders.
 */
export class TimeOfDayBuckets {
  /** Start (UTC ms) of the day of the last integer time, NaN before one. */
  private dayStart = NaN;

  constructor(private readonly buckets: number) {}

  /** The bucket of `at.now` (a time in an object: a number passed to a call V8 does not inline is boxed). */
  bucket(at: { readonly now: number }): number {
    const now = at.now;
    // Integers of magnitude below 2^53 (any ms timestamp): now - dayStart is exact, as are the remainders it replaces.
    if (now !== Math.floor(now) || !(Math.abs(now) < MAX_EXACT)) return timeOfDayBucket(this.buckets, now);
    let ms = now - this.dayStart;
    if (!(ms >= 0 && ms < DAY_MS)) {
      ms = ((now % DAY_MS) + DAY_MS) % DAY_MS;
      this.dayStart = now - ms;
    }
    return bucketOfMs(this.buckets, ms);
  }
}
