import type { Instrument } from '@mml/core';
import { excursionBins } from '../estimators/candle-excursion-proxy';
import { fitLogLinearInto } from '../estimators/exponential-intensity-fit';
import type { AvellanedaStoikovConfig } from '../strategies/avellaneda-stoikov-strategy';
import { ewmaStep, floorEwma, LARGEST_FINITE_EXP_ARGUMENT, writeGridQuote, type FloorCandles, type FloorQuotes } from './floor-steps';

/**
 * The configurations the floor is written for: as-baseline's (A-S alone on candles, rolling
 * horizon, close-to-close EWMA sigma, k from the candle excursion proxy once it is ready, one
 * level). Anything else throws: the floor hand-codes that one path and nothing else.
 */
export function checkAvellanedaStoikovFloorConfig(c: AvellanedaStoikovConfig): void {
  const v = c.volatility;
  const problems = [
    c.horizon.mode !== 'rolling' && 'horizon.mode must be rolling',
    v.kind !== 'ewma' && 'volatility.kind must be ewma',
    v.candleEstimator !== 'close-to-close' && 'volatility.candleEstimator must be close-to-close',
    c.intensity.source !== 'auto' && c.intensity.source !== 'candle-proxy' && 'intensity.source must be auto or candle-proxy',
    c.levels !== 1 && 'levels must be 1',
  ].filter((p): p is string => typeof p === 'string');
  if (problems.length > 0) throw new RangeError(`the A-S candle floor covers as-baseline's configuration only: ${problems.join('; ')}`);
}

/**
 * The floor of as-baseline on candles: its whole per-bar decision written as one loop, with the
 * models inlined and no framework (no MarketEvent, StrategyContext, estimator objects, snapshot,
 * diagnostics or intent buffer), as the engine bench's hand-fused loop is to the engine. Per bar,
 * exactly the arithmetic the format's quote depends on, in the same order on the same numbers:
 *
 * - sigma: PriceSampler + EwmaVolatility on the close (log return, r^2 / dt, the EWMA, sqrt);
 * - k: CandleExcursionProxy (the bar's two excursions into depth bins and the window's reached
 *   counts; when they, the excursion count or the bar duration moved, ln(-ln(1 - p) / h) per usable
 *   bin, cached per count as the proxy does, and the log-linear fit's k); fixedK until the proxy is
 *   ready. The fit's A (the reach rate, reported and never quoted from) is not computed: only
 *   whether it would be finite counts (a non-finite diagnostic empties the quote), told by exp's
 *   overflow threshold;
 * - the A-S 2008 quote in units of the mid (reservation, inventory term, the liquidity term
 *   (2 / gamma) ln(1 + gamma / k) kept while k is the same number, the maker fee), the order size
 *   orderFraction x budget / mid, the inventory bound, and the grid (bid floor, ask ceil, lots
 *   floored, the price / size / min-notional checks of the quote builder).
 *
 * The inventory is an input (`inventory[i]`, base units, as the engine's context held it when the
 * bar was quoted): fills are the engine's work, not the format's. What it leaves out is only what
 * the quote does not depend on: the OHLC sigma and the trade fit (reported, and never used on
 * candles by this configuration), diagnostics, and the change tracking of the observe/quote split.
 * `candle-floors.spec` checks it against the A-S strategy bar by bar; `test/format-floors.spec.ts`
 * (workflows) against the as-baseline format through the engine over the shared 30 days.
 *
 * Writes bar i's quote into `out` at i. Allocates nothing per bar.
 */
export function avellanedaStoikovCandleFloor(c: AvellanedaStoikovConfig, instrument: Instrument, budget: number, bars: FloorCandles, inventory: Float64Array, out: FloorQuotes): void {
  checkAvellanedaStoikovFloorConfig(c);
  const v = c.volatility;
  const p = c.intensity.candles;
  const fee = c.addMakerFee ? instrument.makerFee : 0;
  const gamma = c.gamma;
  const tau = c.horizon.horizonSeconds;
  const maxInventory = c.maxInventoryOrders;
  const orderFraction = c.orderFraction;
  const fixedK = c.intensity.fixedK;
  const ewma = floorEwma(v);
  // Candle excursion proxy: thresholds, ring of bin pairs, reached counts, log cache.
  const binCount = p.binCount;
  const window = p.windowCandles;
  const minCandles = p.minCandles;
  const width = p.binWidthBps / 10_000;
  const thresholds = new Float64Array(binCount);
  for (let i = 1; i <= binCount; i++) thresholds[i - 1] = i * width;
  const inverseWidth = 1 / width;
  const ring = new Int32Array(2 * window);
  const reachedCounts = new Int32Array(binCount);
  const logs = new Float64Array(binCount);
  const depths = new Float64Array(binCount);
  const centred = new Float64Array(binCount);
  const logRateByCount = new Float64Array(2 * window + 1);
  const fit = { A: NaN, k: NaN, r2: NaN, kStdErr: NaN, points: 0 };
  let oldest = 0;
  let pairs = 0;
  let moved = false;
  let durationSeconds = 60;
  let fittedExcursions = -1;
  let fittedDuration = NaN;
  let tableExcursions = -1;
  let tableDuration = NaN;
  let runFirst = -1;
  let runPoints = 0;
  let runMeanX = NaN;
  let runSxx = NaN;
  let k = fixedK;
  // The proxy's reach rate A is reported only, but a non-finite one (exp overflow) empties the
  // quote as any non-finite diagnostic does (the quote builder's check).
  let reachFinite = true;
  // The liquidity term of the last k.
  let liquidityK = NaN;
  let liquidity = NaN;
  const { ts, durationMs, open, high, low, close } = bars;
  for (let bar = 0; bar < bars.count; bar++) {
    const t = ts[bar];
    const o = open[bar];
    const h = high[bar];
    const l = low[bar];
    const mid = close[bar];
    const sigma = ewmaStep(ewma, t, mid);
    // k: the bar's excursions into the window, then the fit when its inputs moved.
    const duration = durationMs[bar];
    if (o > 0 && h >= l && duration > 0) {
      durationSeconds = duration / 1000;
      const up = excursionBins(Math.max(0, h / o - 1), thresholds, inverseWidth);
      const down = excursionBins(Math.max(0, 1 - l / o), thresholds, inverseWidth);
      if (pairs === window) {
        const oldUp = ring[2 * oldest];
        const oldDown = ring[2 * oldest + 1];
        // reached[i - 1] counts the excursions reaching at least i bins: the entering excursion
        // counts in bins 1..up, the leaving one no more in 1..oldUp (exact integer steps).
        for (let i = oldUp; i < up; i++) reachedCounts[i]++;
        for (let i = up; i < oldUp; i++) reachedCounts[i]--;
        for (let i = oldDown; i < down; i++) reachedCounts[i]++;
        for (let i = down; i < oldDown; i++) reachedCounts[i]--;
        if (!((up === oldUp && down === oldDown) || (up === oldDown && down === oldUp))) moved = true;
        ring[2 * oldest] = up;
        ring[2 * oldest + 1] = down;
        oldest = oldest + 1 === window ? 0 : oldest + 1;
      } else {
        for (let i = 0; i < up; i++) reachedCounts[i]++;
        for (let i = 0; i < down; i++) reachedCounts[i]++;
        const slot = oldest + pairs < window ? oldest + pairs : oldest + pairs - window;
        ring[2 * slot] = up;
        ring[2 * slot + 1] = down;
        pairs++;
        moved = true;
      }
    }
    const n = 2 * pairs;
    if (moved || n !== fittedExcursions || durationSeconds !== fittedDuration) {
      moved = false;
      fittedExcursions = -1;
      k = fixedK;
      reachFinite = true;
      if (pairs >= minCandles) {
        if (n !== tableExcursions || durationSeconds !== tableDuration) {
          logRateByCount.fill(NaN);
          tableExcursions = n;
          tableDuration = durationSeconds;
        }
        let points = 0;
        let first = 0;
        let contiguous = true;
        // The fit's sum of the logs, in point order (the order fitRun sums them in).
        let sumY = 0;
        for (let i = 1; i <= binCount; i++) {
          const reached = reachedCounts[i - 1];
          if (reached <= 0 || reached >= n) continue;
          let logRate = logRateByCount[reached];
          if (Number.isNaN(logRate)) {
            logRate = Math.log(-Math.log(1 - reached / n) / durationSeconds);
            logRateByCount[reached] = logRate;
          }
          if (points === 0) first = i;
          else if (i !== first + points) contiguous = false;
          logs[points] = logRate;
          sumY += logRate;
          points++;
        }
        fittedExcursions = n;
        fittedDuration = durationSeconds;
        let fitted = false;
        if (contiguous && points >= 3) {
          const offset = first - 1;
          if (first !== runFirst || points !== runPoints) {
            runFirst = first;
            runPoints = points;
            let sumX = 0;
            for (let i = 0; i < points; i++) sumX += thresholds[offset + i];
            const meanX = sumX / points;
            let sxx = 0;
            for (let i = 0; i < points; i++) {
              const x = thresholds[offset + i];
              sxx += (x - meanX) ** 2;
              centred[i] = x - meanX;
            }
            runMeanX = meanX;
            runSxx = sxx;
          }
          if (runSxx !== 0) {
            const meanY = sumY / points;
            let sxy = 0;
            for (let i = 0; i < points; i++) sxy += centred[i] * (logs[i] - meanY);
            const slope = sxy / runSxx;
            const fittedK = -slope;
            if (fittedK > 0 && Number.isFinite(fittedK)) {
              fit.k = fittedK;
              // A = exp(intercept) is reported, never quoted from: only whether it is finite counts.
              fit.A = meanY - slope * runMeanX <= LARGEST_FINITE_EXP_ARGUMENT ? 0 : Infinity;
              fitted = true;
            }
          }
        } else {
          // Usable bins that are not one run (the counts fall with depth, so never on real data).
          let j = 0;
          for (let i = 1; i <= binCount; i++) if (reachedCounts[i - 1] > 0 && reachedCounts[i - 1] < n) depths[j++] = thresholds[i - 1];
          fitted = fitLogLinearInto(depths, logs, points, 3, fit, false);
        }
        if (fitted) {
          k = fit.k;
          reachFinite = Number.isFinite(fit.A);
        }
      }
    }
    // The A-S quote in units of the mid, then on the grid.
    let size = (orderFraction * budget) / mid;
    if (!(Number.isFinite(size) && size > 0)) size = 0;
    const q = size > 0 ? inventory[bar] / size : 0;
    const reservation = 1 - q * gamma * sigma * sigma * Math.max(0, tau);
    if (k !== liquidityK) {
      liquidity = (2 / gamma) * Math.log1p(gamma / k);
      liquidityK = k;
    }
    const spread = gamma * sigma * sigma * Math.max(0, tau) + liquidity;
    const centre = 1 + (reservation - 1);
    const halfDistance = spread / 2 + fee;
    const bidPrice = (centre - halfDistance) * mid;
    const askPrice = (centre + halfDistance) * mid;
    writeGridQuote(out, bar, instrument, bidPrice, askPrice, size, q, maxInventory, reachFinite && mid > 0);
  }
}
