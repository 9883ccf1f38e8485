import { SeededRandom, type CandleEvent } from '@mml/core';
import { BTC_1M_FILE, hasBtcCandles, readBtcCandles } from '../shared-data.test-helpers';
import { EwmaVolatility } from './ewma-volatility';
import { OhlcVolatility } from './ohlc-volatility';
import { RollingVolatility } from './rolling-volatility';

/**
 * 1m candles of a driftless geometric Brownian motion with a known sigma (per sqrt(second)),
 * simulated on `substeps` points per bar (open = previous close, as on a 24/7 market). Between two
 * points the path's maximum (minimum) is drawn from the Brownian-bridge law
 * P(max >= m) = exp(-2 (m - a)(m - b) / s^2), so the bar's high and low are those of the
 * continuous path, not of the grid (which would bias range estimators low by several %).
 */
function gbmCandles(seed: number, bars: number, sigmaPerSqrtS: number, substeps = 100): CandleEvent[] {
  const rng = new SeededRandom(seed);
  const step = sigmaPerSqrtS * Math.sqrt(60 / substeps);
  let logPrice = Math.log(30_000);
  const out: CandleEvent[] = [];
  for (let i = 0; i < bars; i++) {
    const open = Math.exp(logPrice);
    let hi = logPrice;
    let lo = logPrice;
    for (let j = 0; j < substeps; j++) {
      const a = logPrice;
      logPrice += step * rng.normal() - 0.5 * step * step;
      const b = logPrice;
      const up = (a + b + Math.sqrt((b - a) ** 2 - 2 * step * step * Math.log(1 - rng.uniform()))) / 2;
      const down = (a + b - Math.sqrt((b - a) ** 2 - 2 * step * step * Math.log(1 - rng.uniform()))) / 2;
      if (up > hi) hi = up;
      if (down < lo) lo = down;
    }
    out.push({ kind: 'candle', ts: (i + 1) * 60_000, openTime: i * 60_000, durationMs: 60_000, open, high: Math.exp(hi), low: Math.exp(lo), close: Math.exp(logPrice), volume: 1 });
  }
  return out;
}

describe('OhlcVolatility', () => {
  const sigma = 1e-4;

  // 600 bars: standard error ~1.2% (GK), ~1.5% (YZ); no discretisation bias (bridge extremes).
  const recoveryBars = gbmCandles(21, 600, sigma);
  it.each(['garman-klass', 'yang-zhang'] as const)('%s recovers the sigma of GBM candles within 4%%', (estimator) => {
    const est = new OhlcVolatility({ estimator, windowBars: 600, minBars: 10 });
    for (const c of recoveryBars) est.updateCandle(c);
    expect(est.ready).toBe(true);
    console.log(`${estimator} on 600 GBM bars with sigma ${sigma}: ${est.sigma.toExponential(4)} (${((est.sigma / sigma - 1) * 100).toFixed(2)}%)`);
    expect(Math.abs(est.sigma / sigma - 1)).toBeLessThan(0.04);
  });

  it('is several times steadier than close-to-close on short windows (same bars)', () => {
    const bars = gbmCandles(5, 1200, sigma, 20);
    const spread = (values: number[]) => {
      const m = values.reduce((a, b) => a + b, 0) / values.length;
      return Math.sqrt(values.reduce((a, v) => a + (v - m) ** 2, 0) / (values.length - 1)) / m;
    };
    const gk: number[] = [];
    const cc: number[] = [];
    for (let w = 0; w + 30 <= bars.length; w += 30) {
      const ohlc = new OhlcVolatility({ estimator: 'garman-klass', windowBars: 30, minBars: 30 });
      const close = new RollingVolatility({ windowSamples: 30, minSamples: 29, sampleIntervalMs: 0 });
      close.update(bars[w].openTime, bars[w].open);
      for (const c of bars.slice(w, w + 30)) { ohlc.updateCandle(c); close.update(c.ts, c.close); }
      gk.push(ohlc.sigma);
      cc.push(close.sigma);
    }
    // Relative dispersion of the 30-bar estimates: theory ~1/sqrt(2 x 30 x 7.4) vs 1/sqrt(2 x 30).
    console.log(`30-bar windows: relative dispersion garman-klass ${spread(gk).toFixed(3)} vs close-to-close ${spread(cc).toFixed(3)}`);
    expect(spread(gk)).toBeLessThan(0.6 * spread(cc));
  });

  it('uses the gap between bars (yang-zhang) where garman-klass ignores it', () => {
    const bars = recoveryBars.slice(0, 200);
    // Every other bar opens 10 bps away from the previous close (a jump inside no bar's range).
    const gapped = bars.map((c, i) => {
      const shift = i % 2 === 0 ? 1.001 : 1;
      return { ...c, open: c.open * shift, high: c.high * shift, low: c.low * shift, close: c.close * shift };
    });
    const yz = new OhlcVolatility({ estimator: 'yang-zhang', windowBars: 200 });
    const gk = new OhlcVolatility({ estimator: 'garman-klass', windowBars: 200 });
    for (const c of gapped) { yz.updateCandle(c); gk.updateCandle(c); }
    expect(Math.abs(gk.sigma / sigma - 1)).toBeLessThan(0.1);
    // Gaps of +-10 bps every bar add ~ (1e-3)^2 per bar: sigma ~ sqrt(sigma^2 + 1e-6 / 60) ~ 1.6 sigma.
    expect(yz.sigma).toBeGreaterThan(1.4 * sigma);
  });

  it('reports the fallback until minBars, skips malformed candles, rejects minBars > windowBars', () => {
    const est = new OhlcVolatility({ minBars: 5, windowBars: 10, fallbackSigma: 0.123 });
    const bars = gbmCandles(3, 6, sigma);
    for (const c of bars.slice(0, 4)) est.updateCandle(c);
    expect(est.ready).toBe(false);
    expect(est.sigma).toBe(0.123);
    est.updateCandle({ ...bars[4], high: bars[4].low * 0.9 }); // high < low
    est.updateCandle({ ...bars[4], open: NaN });
    est.updateCandle({ ...bars[2] }); // out of order
    expect(est.rejected).toBe(3);
    expect(est.ready).toBe(false);
    est.updateCandle(bars[4]);
    expect(est.ready).toBe(true);
    expect(Number.isFinite(est.sigma)).toBe(true);
    expect(() => new OhlcVolatility({ minBars: 20, windowBars: 10 })).toThrow(/minBars/);
  });

  (hasBtcCandles ? it : it.skip)('gives figures beside close-to-close on the shared BTC 1m candles (README)', () => {
    const candles = readBtcCandles(70_000);
    const all = (estimator: 'garman-klass' | 'yang-zhang') => {
      const est = new OhlcVolatility({ estimator, windowBars: candles.length });
      for (const c of candles) est.updateCandle(c);
      return est.sigma;
    };
    const cc = new RollingVolatility({ windowSamples: candles.length, sampleIntervalMs: 0 });
    const ewma = new EwmaVolatility({ halfLifeSamples: 30 });
    for (const c of candles) { cc.update(c.ts, c.close); ewma.update(c.ts, c.close); }
    const gk = all('garman-klass');
    const yz = all('yang-zhang');
    console.log(`${BTC_1M_FILE}: ${candles.length} candles, sigma per sqrt(s) close-to-close ${cc.sigma.toExponential(3)} garman-klass ${gk.toExponential(3)} yang-zhang ${yz.toExponential(3)} (per 1m bar: ${(cc.sigma * Math.sqrt(60)).toFixed(5)} / ${(gk * Math.sqrt(60)).toFixed(5)} / ${(yz * Math.sqrt(60)).toFixed(5)})`);
    for (const s of [gk, yz]) expect(s / cc.sigma).toBeGreaterThan(0.5);
    for (const s of [gk, yz]) expect(s / cc.sigma).toBeLessThan(1.5);
  });
});
