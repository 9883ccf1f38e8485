import type { Instrument } from '@mml/core';
import type { VolatilityInputConfig } from '../strategies/market-inputs';

/**
 * The steps the hand-fused floors (avellanedaStoikovCandleFloor, glftCandleFloor) share, written
 * as the models compute them: the close-to-close EWMA sigma and the quote builder's grid. Plain
 * functions over a typed-array state, which V8 inlines into the floors' loops.
 */

/**
 * The largest x with a finite Math.exp(x) (= Math.log(Number.MAX_VALUE)): exp(x) is finite exactly
 * when x <= this (NaN: neither). Pinned by a test against Math.exp on both sides.
 */
export const LARGEST_FINITE_EXP_ARGUMENT = 709.782712893384;

/** The candle columns the floor reads (one entry per bar, in replay order). */
export interface FloorCandles {
  count: number;
  ts: Float64Array;
  durationMs: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
}

/**
 * The floor's quote per bar: the one-level intent as ticks and lots, a side that is not quoted
 * as 0 ticks and 0 lots (the same convention as a QuoteIntent with no level on that side).
 */
export interface FloorQuotes {
  bidTicks: Float64Array;
  bidLots: Float64Array;
  askTicks: Float64Array;
  askLots: Float64Array;
}

export function createFloorQuotes(count: number): FloorQuotes {
  return { bidTicks: new Float64Array(count), bidLots: new Float64Array(count), askTicks: new Float64Array(count), askLots: new Float64Array(count) };
}

/** EWMA state slots (see floorEwma). */
const LAST_TS = 0;
const LAST_PRICE = 1;
const VARIANCE = 2;
const RETURNS = 3;
const SIGMA = 4;
const ALPHA = 5;
const INTERVAL = 6;
const MIN_SAMPLES = 7;

/** The state of PriceSampler + EwmaVolatility for `ewmaStep`, from the model's volatility config. */
export function floorEwma(v: Pick<VolatilityInputConfig, 'halfLifeSamples' | 'sampleIntervalMs' | 'minSamples' | 'fallbackSigma'>): Float64Array {
  return Float64Array.of(NaN, NaN, NaN, 0, v.fallbackSigma, 1 - Math.pow(2, -1 / v.halfLifeSamples), v.sampleIntervalMs, v.minSamples);
}

/**
 * One price into the EWMA, as PriceSampler.take + EwmaVolatility.addSample do it (bad prices and
 * times skipped; a return once sampleIntervalMs has passed; v <- (1 - a) v + a r^2 / dt, seeded with
 * the first), and the sigma a quote reads now: sqrt(v) once minSamples returns were taken, the
 * fallback before.
 */
export function ewmaStep(s: Float64Array, t: number, price: number): number {
  if (!Number.isFinite(price) || price <= 0 || !Number.isFinite(t)) return s[SIGMA];
  const lastTs = s[LAST_TS];
  if (Number.isNaN(lastTs)) {
    s[LAST_TS] = t;
    s[LAST_PRICE] = price;
    return s[SIGMA];
  }
  if (t < lastTs) return s[SIGMA];
  const elapsed = t - lastTs;
  if (elapsed <= 0 || elapsed < s[INTERVAL]) return s[SIGMA];
  const logReturn = Math.log(price / s[LAST_PRICE]);
  const dt = elapsed / 1000;
  s[LAST_TS] = t;
  s[LAST_PRICE] = price;
  const rate = (logReturn * logReturn) / dt;
  const returns = s[RETURNS];
  const alpha = s[ALPHA];
  const variance = returns === 0 ? rate : (1 - alpha) * s[VARIANCE] + alpha * rate;
  s[VARIANCE] = variance;
  s[RETURNS] = returns + 1;
  if (returns + 1 >= s[MIN_SAMPLES]) s[SIGMA] = Math.sqrt(variance);
  return s[SIGMA];
}

/**
 * A one-level model quote onto the grid as the quote builder puts it (buildQuoteIntent with
 * gridQuoteInto, no touch known on candles), written into `out` at `bar`: nothing when a price is
 * not finite or `usable` is false (a non-finite diagnostic, no mid); the bid withdrawn at
 * q >= maxInventory or below one tick, the ask at q <= -maxInventory; a side kept only with a
 * positive price, at least one lot and the minimum notional.
 */
export function writeGridQuote(out: FloorQuotes, bar: number, instrument: Instrument, bidPrice: number, askPrice: number, size: number, q: number, maxInventory: number, usable: boolean): void {
  out.bidTicks[bar] = 0;
  out.bidLots[bar] = 0;
  out.askTicks[bar] = 0;
  out.askLots[bar] = 0;
  if (!(Number.isFinite(bidPrice) && Number.isFinite(askPrice) && usable)) return;
  const tickSize = instrument.tickSize;
  const lots = Math.max(0, instrument.floorLots(size));
  let bidAt = instrument.floorTicks(Math.max(tickSize, bidPrice));
  let askAt = instrument.ceilTicks(askPrice);
  if (askAt <= bidAt) {
    // A model spread below one tick: widened around the centre.
    bidAt = Math.floor((bidAt + askAt) / 2 - 0.5);
    askAt = bidAt + 1;
  }
  if (q < maxInventory && !(bidPrice < tickSize) && bidAt > 0 && lots > 0 && instrument.meetsMinNotional(bidAt, lots)) {
    out.bidTicks[bar] = bidAt;
    out.bidLots[bar] = lots;
  }
  if (q > -maxInventory && askAt > 0 && lots > 0 && instrument.meetsMinNotional(askAt, lots)) {
    out.askTicks[bar] = askAt;
    out.askLots[bar] = lots;
  }
}
