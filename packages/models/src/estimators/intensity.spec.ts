import { createReadStream, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { SeededRandom, type CandleEvent } from '@mml/core';
import { CandleIntensityProxy } from './candle-intensity-proxy';
import { fitExponentialIntensity } from './exponential-intensity-fit';
import { IntensityEstimator } from './intensity-estimator';

describe('fitExponentialIntensity', () => {
  it('recovers exact A and k from noiseless points', () => {
    const depths = [0, 1, 2, 3];
    const fit = fitExponentialIntensity(depths, depths.map((d) => 140 * Math.exp(-1.5 * d)));
    expect(fit?.A).toBeCloseTo(140, 9);
    expect(fit?.k).toBeCloseTo(1.5, 12);
    expect(fit?.r2).toBeCloseTo(1, 12);
  });

  it('refuses too few points and a rising intensity', () => {
    expect(fitExponentialIntensity([0, 1], [2, 1], 3)).toBeUndefined();
    expect(fitExponentialIntensity([0, 1, 2], [1, 2, 4])).toBeUndefined();
    expect(fitExponentialIntensity([0, 1, 2, 3], [0, 0, 4, 0])).toBeUndefined();
  });
});

describe('IntensityEstimator', () => {
  /** Poisson market orders per side at rate A, depth beyond a fixed mid ~ Exp(k): lambda(d) = A e^{-kd}. */
  function synthetic(seed: number, A: number, kRelative: number, seconds: number, est: IntensityEstimator): void {
    const rng = new SeededRandom(seed);
    const mid = 50_000;
    let t = 0;
    let id = 0;
    est.observeMid(0, mid);
    while (t < seconds) {
      t += rng.exponential(2 * A); // both sides together
      const side = rng.bernoulli(0.5) ? 'buy' : 'sell';
      const depth = rng.exponential(kRelative);
      const price = side === 'buy' ? mid * (1 + depth) : mid * (1 - depth);
      est.observeTrade(Math.round(t * 1000), price, side);
      id++;
    }
    expect(id).toBeGreaterThan(0);
  }

  it('recovers known A and k from synthetic Poisson arrivals within 10%', () => {
    const est = new IntensityEstimator({ windowMs: 3_600_000, binWidthBps: 1, binCount: 10 });
    synthetic(42, 2, 2000, 3600, est);
    const fit = est.estimate(3_600_000);
    expect(fit.ready).toBe(true);
    expect(Math.abs(fit.A / 2 - 1)).toBeLessThan(0.1);
    expect(Math.abs(fit.kRelative / 2000 - 1)).toBeLessThan(0.1);
  });

  it('is not ready (fallback values, never NaN) until enough trades arrived', () => {
    const est = new IntensityEstimator({ minTrades: 50, fallbackA: 3, fallbackK: 999 });
    expect(est.estimate(0)).toEqual({ A: 3, kRelative: 999, ready: false, r2: 0, trades: 0 });
    est.observeTrade(1000, 100, 'buy');
    expect(est.estimate(2000).ready).toBe(false);
  });

  it('forgets trades older than the window', () => {
    const est = new IntensityEstimator({ windowMs: 60_000, recalibrationIntervalMs: 0 });
    synthetic(1, 2, 2000, 600, est);
    expect(est.estimate(600_000).trades).toBeLessThan(400);
    expect(est.estimate(10_000_000).trades).toBe(0);
  });

  const dataDir = process.env.MML_SHARED_DATA ?? resolve(__dirname, '../../../../../shared/data');
  const tradesFile = resolve(dataDir, 'binance_btcusdt_spot_2024-08-08_trades.csv.gz');
  (existsSync(tradesFile) ? it : it.skip)('gives sensible figures on the shared BTC spot tick trades', async () => {
    const est = new IntensityEstimator({ windowMs: 3_600_000, referenceIntervalMs: 60_000 });
    const lines = createInterface({ input: createReadStream(tradesFile).pipe(createGunzip()) });
    let header: string[] | undefined;
    let lastTs = 0;
    let rows = 0;
    for await (const line of lines) {
      const cells = line.split(',');
      if (!header) { header = cells; continue; }
      const ts = Number(cells[header.indexOf('trade_ts_ms')]);
      const price = Number(cells[header.indexOf('price')]);
      const buyerMaker = cells[header.indexOf('is_buyer_maker')] === 'true';
      est.observeTrade(ts, price, buyerMaker ? 'sell' : 'buy');
      lastTs = ts;
      rows++;
    }
    const fit = est.estimate(lastTs);
    // Printed for the README (figures of the fit on real data).
    console.log(`BTC spot trades: rows=${rows} A=${fit.A.toFixed(4)}/s kRelative=${fit.kRelative.toFixed(1)} (e-fold ${(1e4 / fit.kRelative).toFixed(2)} bps) r2=${fit.r2.toFixed(3)}`);
    expect(fit.ready).toBe(true);
    expect(fit.A).toBeGreaterThan(0.01);
    // An e-folding depth between 0.1 and 100 bps is the plausible range for BTC spot.
    expect(fit.kRelative).toBeGreaterThan(100);
    expect(fit.kRelative).toBeLessThan(100_000);
  });
});

describe('CandleIntensityProxy', () => {
  function candle(i: number, open: number, up: number, down: number): CandleEvent {
    return { kind: 'candle', ts: (i + 1) * 60_000, openTime: i * 60_000, durationMs: 60_000, open, high: open * (1 + up), low: open * (1 - down), close: open, volume: 1 };
  }

  it('is not ready before minCandles, then fits a positive k that falls as bars widen', () => {
    const rng = new SeededRandom(3);
    const narrow = new CandleIntensityProxy({ minCandles: 30 });
    const wide = new CandleIntensityProxy({ minCandles: 30 });
    expect(narrow.estimate().ready).toBe(false);
    for (let i = 0; i < 200; i++) {
      narrow.observeCandle(candle(i, 100, rng.exponential(2000), rng.exponential(2000)));
      wide.observeCandle(candle(i, 100, rng.exponential(1000), rng.exponential(1000)));
    }
    const n = narrow.estimate();
    const w = wide.estimate();
    expect(n.ready && w.ready).toBe(true);
    expect(n.kRelative).toBeGreaterThan(w.kRelative);
    expect(Number.isFinite(n.A) && n.A > 0).toBe(true);
  });

  it('forgets candles that left the window (same fit as a fresh proxy fed only the window)', () => {
    const rng = new SeededRandom(4);
    const bars = Array.from({ length: 300 }, (_, i) => candle(i, 100, rng.exponential(i < 100 ? 500 : 2000), rng.exponential(2000)));
    const rolling = new CandleIntensityProxy({ windowCandles: 150 });
    for (const bar of bars) rolling.observeCandle(bar);
    const fresh = new CandleIntensityProxy({ windowCandles: 150 });
    for (const bar of bars.slice(150)) fresh.observeCandle(bar);
    expect(rolling.candles).toBe(150);
    expect(rolling.estimate()).toEqual(fresh.estimate());
  });
});
