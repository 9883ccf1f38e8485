import type { Instrument } from '@mml/core';
import { assertGlftInputs, glftC1, glftC2 } from '../formulas/glft';
import type { GlftConfig } from '../strategies/glft-strategy';
import { ewmaStep, floorEwma, writeGridQuote, type FloorCandles, type FloorQuotes } from './floor-steps';

/**
 * The configurations glftCandleFloor is written for: the glft format's (GLFT alone on candles,
 * close-to-close EWMA sigma, the fixed A and k, which are what GLFT quotes from without trades, one
 * level). Anything else throws.
 */
export function checkGlftFloorConfig(c: GlftConfig): void {
  const v = c.volatility;
  const problems = [
    v.kind !== 'ewma' && 'volatility.kind must be ewma',
    v.candleEstimator !== 'close-to-close' && 'volatility.candleEstimator must be close-to-close',
    c.intensity.source !== 'auto' && c.intensity.source !== 'fixed' && 'intensity.source must be auto or fixed',
    c.levels !== 1 && 'levels must be 1',
  ].filter((p): p is string => typeof p === 'string');
  if (problems.length > 0) throw new RangeError(`the GLFT candle floor covers the glft format's configuration only: ${problems.join('; ')}`);
}

/**
 * The floor of the glft format on candles, as avellanedaStoikovCandleFloor is as-baseline's: its
 * per-bar decision as one loop with no framework, the same arithmetic on the same numbers. On
 * candles GLFT quotes from the fixed A and k (no trade fit; it never takes the candle proxy's), so
 * c1 and c2 are computed once, and a bar costs the EWMA sigma, the GLFT quote in units of the mid
 * (half spread c1 + sigma c2 / 2 + fee, skew sigma c2 q) and the grid. The candle proxy and the
 * OHLC sigma are reported only and left out, as are diagnostics and the split's change tracking.
 * `inventory[i]` is the engine's inventory when bar i was quoted. Writes bar i's quote into `out`.
 */
export function glftCandleFloor(c: GlftConfig, instrument: Instrument, budget: number, bars: FloorCandles, inventory: Float64Array, out: FloorQuotes): void {
  checkGlftFloorConfig(c);
  const fee = c.addMakerFee ? instrument.makerFee : 0;
  const gamma = c.gamma;
  const xi = c.xiMode === 'gamma' ? gamma : 0;
  const A = c.intensity.fixedA;
  const k = c.intensity.fixedK;
  assertGlftInputs(gamma, xi, 1, A, k);
  const c1 = glftC1(xi, 1, k);
  const c2 = glftC2(gamma, xi, 1, A, k);
  const maxInventory = c.maxInventoryOrders;
  const orderFraction = c.orderFraction;
  const ewma = floorEwma(c.volatility);
  const { ts, close } = bars;
  for (let bar = 0; bar < bars.count; bar++) {
    const mid = close[bar];
    const sigma = ewmaStep(ewma, ts[bar], mid);
    let size = (orderFraction * budget) / mid;
    if (!(Number.isFinite(size) && size > 0)) size = 0;
    const q = size > 0 ? inventory[bar] / size : 0;
    const halfSpread = c1 + (1 / 2) * sigma * c2 + fee;
    const skew = sigma * c2;
    const bidDepth = halfSpread + skew * q;
    const askDepth = halfSpread - skew * q;
    writeGridQuote(out, bar, instrument, (1 - bidDepth) * mid, (1 + askDepth) * mid, size, q, maxInventory, mid > 0);
  }
}
