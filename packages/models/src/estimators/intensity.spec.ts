import { SeededRandom, type CandleEvent } from '@mml/core';
import { hasSpotTicks, readSpotTicks } from '../shared-data.test-helpers';
import { CALIBRATED_INTENSITY } from './calibrated-intensity';
import { CandleExcursionProxy, excursionBins } from './candle-excursion-proxy';
import { fitExponentialIntensity, fitLogLinearInto } from './exponential-intensity-fit';
import { fitExponentialIntensityMle } from './exponential-intensity-mle';
import { IntensityEstimator, type IntensityEstimatorConfig } from './intensity-estimator';

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

  it('fitLogLinearInto without statistics gives the same A and k, bit for bit', () => {
    const rng = new SeededRandom(9);
    for (let trial = 0; trial < 200; trial++) {
      const n = 3 + Math.floor(rng.uniform() * 8);
      const depths = new Float64Array(n);
      const logs = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        depths[i] = (i + 1) * 0.0002;
        logs[i] = -3 - 2000 * depths[i] + 0.3 * rng.normal();
      }
      const full = { A: NaN, k: NaN, r2: NaN, kStdErr: NaN, points: 0 };
      const lean = { A: NaN, k: NaN, r2: NaN, kStdErr: NaN, points: 0 };
      const ok = fitLogLinearInto(depths, logs, n, 3, full);
      expect(fitLogLinearInto(depths, logs, n, 3, lean, false)).toBe(ok);
      if (!ok) continue;
      expect(Object.is(lean.A, full.A) && Object.is(lean.k, full.k) && lean.points === full.points).toBe(true);
      expect(lean.r2).toBeNaN();
      expect(lean.kStdErr).toBeNaN();
    }
  });
});

describe('fitExponentialIntensityMle', () => {
  it('recovers k and A from exponential depths above a threshold, extrapolating A to depth 0', () => {
    const rng = new SeededRandom(11);
    const depths = Array.from({ length: 40_000 }, () => rng.exponential(5));
    // 40,000 arrivals over 1000 s on 2 sides -> A = 20 /s per side.
    const fit = fitExponentialIntensityMle(depths, 0, depths.length, 0.2, 2000);
    expect(fit).toBeDefined();
    expect(Math.abs((fit?.k ?? 0) / 5 - 1)).toBeLessThan(3 * (1 / Math.sqrt(fit?.n ?? 1)));
    expect(Math.abs((fit?.A ?? 0) / 20 - 1)).toBeLessThan(0.03);
    expect(fit?.kStdErr).toBeCloseTo((fit?.k ?? 0) / Math.sqrt(fit?.n ?? 1), 12);
  });

  it('refuses an empty or degenerate sample and reads only [from, to)', () => {
    expect(fitExponentialIntensityMle([], 0, 0, 0, 10)).toBeUndefined();
    expect(fitExponentialIntensityMle([0.1, 0.1], 0, 2, 0.1, 10)).toBeUndefined();
    expect(fitExponentialIntensityMle([1, 2, 3], 0, 3, 0, 0)).toBeUndefined();
    expect(fitExponentialIntensityMle([100, 1, 1], 1, 3, 0, 2)?.k).toBeCloseTo(1, 12);
  });
});

/**
 * A market with a known answer: the mid follows a random walk (sigma per sqrt(s), published as a
 * bbo every 100 ms); aggressive orders arrive per side as a Poisson process of rate A, each
 * reaching a depth ~ Exp(k) beyond the CURRENT mid, so lambda(delta) = A e^{-k delta}; an order
 * prints as 1-4 trades in its millisecond, walking up to its depth.
 */
function knownFlow(seed: number, A: number, kRelative: number, seconds: number, sigmaPerSqrtS: number, est: IntensityEstimator): { orders: number; prints: number } {
  const rng = new SeededRandom(seed);
  let mid = 50_000;
  let nextOrderMs = rng.exponential(2 * A) * 1000;
  let orders = 0;
  let prints = 0;
  for (let ms = 0; ms < seconds * 1000; ms += 100) {
    // Orders arriving in (ms - 100, ms] see the mid published at ms - 100.
    while (nextOrderMs <= ms) {
      const ts = Math.round(nextOrderMs);
      const side = rng.bernoulli(0.5) ? 'buy' : 'sell';
      const depth = rng.exponential(kRelative);
      const n = 1 + rng.int(4);
      for (let j = 1; j <= n; j++) {
        const d = (depth * j) / n;
        est.observeTrade(ts, side === 'buy' ? mid * (1 + d) : mid * (1 - d), side);
        prints++;
      }
      orders++;
      nextOrderMs += rng.exponential(2 * A) * 1000;
    }
    mid *= Math.exp(sigmaPerSqrtS * Math.sqrt(0.1) * rng.normal());
    est.observeMid(ms, mid);
  }
  return { orders, prints };
}

describe('IntensityEstimator', () => {
  const truth = { A: 2, k: 20_000 };
  const sigma = 1e-4; // per sqrt(s): the mid diffuses ~7.7 bps in 60 s, the orders' e-fold depth is 0.5 bps

  it('recovers known A and k (orders, MLE, instantaneous mid) within 5%, where the old method is far off', () => {
    const est = new IntensityEstimator({ windowMs: 3_600_000 });
    const flow = knownFlow(42, truth.A, truth.k, 3600, sigma, est);
    const fit = est.estimate(3_600_000);
    expect(fit.ready).toBe(true);
    expect(flow.prints / flow.orders).toBeGreaterThan(2);
    expect(Math.abs(fit.A / truth.A - 1)).toBeLessThan(0.05);
    expect(Math.abs(fit.kRelative / truth.k - 1)).toBeLessThan(0.05);
    // The stated standard error covers the error (~1% with ~13k orders).
    expect(Math.abs(fit.kRelative - truth.k)).toBeLessThan(3 * fit.kStdErr);

    // The previous defaults (every print, mid latched for 60 s, OLS on 1 bp bins): diffusion is
    // folded into k (far too small) and each sweep counts several times (A too large).
    const old = new IntensityEstimator({ windowMs: 3_600_000, countBy: 'print', referenceIntervalMs: 60_000, method: 'ols-bins' });
    knownFlow(42, truth.A, truth.k, 3600, sigma, old);
    const was = old.estimate(3_600_000);
    expect(was.kRelative).toBeLessThan(0.2 * truth.k);
  });

  it('counts a sweep (prints sharing taker side and millisecond) as one order at its deepest print', () => {
    const est = new IntensityEstimator({ minOrders: 1, minDepthBps: 0, recalibrationIntervalMs: 0 });
    est.observeMid(0, 100);
    est.observeTrade(1000, 100.01, 'buy');
    est.observeMid(1000, 100.02); // the book moves inside the sweep: depth stays vs the mid before it
    est.observeTrade(1000, 100.03, 'buy');
    est.observeTrade(1000, 100.02, 'buy');
    est.observeTrade(1000, 99.99, 'sell'); // other side: a new order
    est.observeTrade(1001, 100.03, 'buy'); // next millisecond: a new order, vs mid 100.02
    const fit = est.estimate(2000);
    expect(fit.orders).toBe(3);
    // depths 3e-4, 3e-4 (sell vs 100.02: (100.02 - 99.99)/100.02), 1e-4 (approximately): k = 3 / sum.
    const sum = 0.03 / 100 + 0.03 / 100.02 + 0.01 / 100.02;
    expect(fit.kRelative).toBeCloseTo(3 / sum, 6);
    const prints = new IntensityEstimator({ minOrders: 1, minDepthBps: 0, recalibrationIntervalMs: 0, countBy: 'print' });
    prints.observeMid(0, 100);
    for (const p of [100.01, 100.03, 100.02]) prints.observeTrade(1000, p, 'buy');
    expect(prints.estimate(2000).orders).toBe(3);
  });

  it('is not ready (fallback values, never NaN) until enough orders arrived', () => {
    const est = new IntensityEstimator({ minOrders: 50, fallbackA: 3, fallbackK: 999 });
    expect(est.estimate(0)).toEqual({ A: 3, kRelative: 999, kStdErr: 0, ready: false, orders: 0 });
    est.observeTrade(1000, 100, 'buy');
    expect(est.estimate(2000).ready).toBe(false);
  });

  it('forgets orders older than the window', () => {
    const est = new IntensityEstimator({ windowMs: 60_000, recalibrationIntervalMs: 0 });
    knownFlow(1, 2, 20_000, 600, sigma, est);
    expect(est.estimate(600_000).orders).toBeLessThan(400);
    expect(est.estimate(10_000_000).orders).toBe(0);
  });

  it('still offers the binned OLS fit, which recovers the truth on the same flow', () => {
    const est = new IntensityEstimator({ windowMs: 3_600_000, method: 'ols-bins', binWidthBps: 0.25, binCount: 8 });
    knownFlow(42, truth.A, truth.k, 3600, sigma, est);
    const fit = est.estimate(3_600_000);
    expect(Math.abs(fit.kRelative / truth.k - 1)).toBeLessThan(0.1);
    expect(Math.abs(fit.A / truth.A - 1)).toBeLessThan(0.1);
  });

  (hasSpotTicks ? it : it.skip)('measures the shared BTC spot trades against the bookTicker mid (figures for the README)', () => {
    const { events } = readSpotTicks();
    const variants: Array<[string, Partial<IntensityEstimatorConfig>, boolean]> = [
      ['before: prints, OLS, mid latched 60 s (trades only)', { countBy: 'print', method: 'ols-bins', referenceIntervalMs: 60_000 }, false],
      ['prints, OLS, vs previous trade (trades only)', { countBy: 'print', method: 'ols-bins' }, false],
      ['orders, MLE, vs previous trade (trades only)', {}, false],
      ['after: orders, MLE >= 0.05 bps, instantaneous bookTicker mid', {}, true],
      ['orders, MLE >= 0 (touch included), bookTicker mid', { minDepthBps: 0 }, true],
      ['orders, MLE >= 0.2 bps, bookTicker mid', { minDepthBps: 0.2 }, true],
      ['orders, MLE, mid latched 60 s', { referenceIntervalMs: 60_000 }, true],
    ];
    const fits: Record<string, { A: number; k: number; orders: number }> = {};
    for (const [label, cfg, withBook] of variants) {
      const est = new IntensityEstimator({ windowMs: 3_600_000, ...cfg });
      let last = 0;
      for (const e of events) {
        if (e.kind === 'trade') est.observeTrade(e.ts, e.price, e.side);
        else if (withBook) est.observeMid(e.ts, e.mid);
        last = e.ts;
      }
      const fit = est.estimate(last);
      expect(fit.ready).toBe(true);
      fits[label] = { A: fit.A, k: fit.kRelative, orders: fit.orders };
      console.log(`BTC spot ${label}: A=${fit.A.toFixed(3)}/s k=${fit.kRelative.toFixed(0)} (e-fold ${(1e4 / fit.kRelative).toFixed(2)} bps) +- ${fit.kStdErr.toFixed(0)} counted=${fit.orders}`);
    }
    const after = fits['after: orders, MLE >= 0.05 bps, instantaneous bookTicker mid'];
    // The calibrated default used on candles is this fit, rounded.
    expect(Math.abs(after.A / CALIBRATED_INTENSITY.A - 1)).toBeLessThan(0.15);
    expect(Math.abs(after.k / CALIBRATED_INTENSITY.kRelative - 1)).toBeLessThan(0.15);
    expect(after.orders).toBeLessThan(fits['before: prints, OLS, mid latched 60 s (trades only)'].orders / 2);
  });
});

describe('CandleExcursionProxy (a proxy: excursion reach rates, not arrivals)', () => {
  it('counts the bins an excursion reaches exactly (the guess from excursion / width corrected both ways)', () => {
    const rng = new SeededRandom(12);
    // The float neighbours of x (steps ulps away), through its bits.
    const bits = new Float64Array(1);
    const words = new BigInt64Array(bits.buffer);
    const step = (x: number, ulps: number): number => {
      bits[0] = x;
      words[0] += BigInt(ulps);
      return bits[0];
    };
    let checked = 0;
    // Widths where the guess is one under (0.1, 0.23) or one over (0.17, 0.27) at some threshold.
    for (const widthBps of [0.1, 0.17, 0.23, 0.27, 2]) {
      const width = widthBps / 10_000;
      const thresholds = Float64Array.from({ length: 8 }, (_, i) => (i + 1) * width);
      for (let trial = 0; trial < 4000; trial++) {
        const base = thresholds[Math.floor(rng.uniform() * 8)];
        const x = trial % 4 === 0 ? rng.uniform() * 10 * width : step(base, Math.floor(rng.uniform() * 9) - 4);
        expect(excursionBins(x, thresholds, 1 / width)).toBe(thresholds.filter((t) => x >= t).length);
        checked++;
      }
      for (const x of [0, -1, Infinity, NaN, 1e300]) expect(excursionBins(x, thresholds, 1 / width)).toBe(thresholds.filter((t) => x >= t).length);
    }
    expect(checked).toBe(20_000);
  });

  function candle(i: number, open: number, up: number, down: number): CandleEvent {
    return { kind: 'candle', ts: (i + 1) * 60_000, openTime: i * 60_000, durationMs: 60_000, open, high: open * (1 + up), low: open * (1 - down), close: open, volume: 1 };
  }

  it('is not ready before minCandles, then fits a positive k that falls as bars widen', () => {
    const rng = new SeededRandom(3);
    const narrow = new CandleExcursionProxy({ minCandles: 30 });
    const wide = new CandleExcursionProxy({ minCandles: 30 });
    expect(narrow.estimate().ready).toBe(false);
    for (let i = 0; i < 200; i++) {
      narrow.observeCandle(candle(i, 100, rng.exponential(2000), rng.exponential(2000)));
      wide.observeCandle(candle(i, 100, rng.exponential(1000), rng.exponential(1000)));
    }
    const n = narrow.estimate();
    const w = wide.estimate();
    expect(n.ready && w.ready).toBe(true);
    expect(n.kind).toBe('candle-excursion-proxy');
    expect(n.kRelative).toBeGreaterThan(w.kRelative);
    expect(Number.isFinite(n.reachRate) && n.reachRate > 0).toBe(true);
  });

  it('forgets candles that left the window (same fit as a fresh proxy fed only the window)', () => {
    const rng = new SeededRandom(4);
    const bars = Array.from({ length: 300 }, (_, i) => candle(i, 100, rng.exponential(i < 100 ? 500 : 2000), rng.exponential(2000)));
    const rolling = new CandleExcursionProxy({ windowCandles: 150 });
    for (const bar of bars) rolling.observeCandle(bar);
    const fresh = new CandleExcursionProxy({ windowCandles: 150 });
    for (const bar of bars.slice(150)) fresh.observeCandle(bar);
    expect(rolling.candles).toBe(150);
    expect(rolling.estimate()).toEqual(fresh.estimate());
  });

  it('asked after every bar, equals a fresh proxy fed only its window, bit for bit (counts kept incrementally, a refit skipped only when they did not move)', () => {
    const rng = new SeededRandom(5);
    // Few distinct excursions, so a bar often replaces one with the same pair of bin counts.
    const depths = [0, 0.00015, 0.00035, 0.00075, 0.0013];
    const pick = () => depths[Math.floor(rng.uniform() * depths.length)];
    const bars = Array.from({ length: 260 }, (_, i) => candle(i, 100, pick(), pick()));
    const window = 40;
    const rolling = new CandleExcursionProxy({ windowCandles: window, minCandles: 10 });
    let kept = 0;
    let previousK = NaN;
    for (let t = 0; t < bars.length; t++) {
      rolling.observeCandle(bars[t]);
      const fresh = new CandleExcursionProxy({ windowCandles: window, minCandles: 10 });
      for (const bar of bars.slice(Math.max(0, t + 1 - window), t + 1)) fresh.observeCandle(bar);
      const estimate = rolling.estimate();
      expect({ ...estimate }).toEqual({ ...fresh.estimate() });
      if (t >= window && estimate.kRelative === previousK) kept++;
      previousK = estimate.kRelative;
    }
    // The stream does exercise bars that leave the counts as they were.
    expect(kept).toBeGreaterThan(10);
  });

  it('read now and then (candles counted when read, a window and more of them at times) equals a proxy read after every candle, bit for bit', () => {
    const rng = new SeededRandom(13);
    const window = 30;
    const everyBar = new CandleExcursionProxy({ windowCandles: window, minCandles: 5 });
    const sometimes = new CandleExcursionProxy({ windowCandles: window, minCandles: 5 });
    let nextRead = 0;
    let reads = 0;
    let longGaps = 0;
    for (let t = 0; t < 3000; t++) {
      const bar = candle(t, 100, rng.exponential(2000), rng.exponential(1500));
      // Now and then a bad candle, which neither takes.
      everyBar.observeCandle(t % 97 === 0 ? { ...bar, open: 0 } : bar);
      sometimes.observeCandle(t % 97 === 0 ? { ...bar, open: 0 } : bar);
      const expected = { ...everyBar.estimate(), window: everyBar.candles, version: everyBar.version };
      if (t < nextRead) continue;
      const gap = rng.uniform() < 0.1 ? window + Math.floor(rng.uniform() * 2 * window) : Math.floor(rng.uniform() * 5);
      if (gap >= window) longGaps++;
      nextRead = t + 1 + gap;
      reads++;
      const read = t % 2 === 0 ? { ...sometimes.estimate(), window: sometimes.candles } : { window: sometimes.candles, ...sometimes.estimate() };
      expect({ ...read, version: sometimes.version }).toEqual(expected);
      expect(Object.is(read.kRelative, expected.kRelative) && Object.is(read.reachRate, expected.reachRate)).toBe(true);
    }
    expect(reads).toBeGreaterThan(200);
    expect(longGaps).toBeGreaterThan(20);
  });

  it('equals the fit recomputed from scratch on every bar, bit for bit (bins counted threshold by threshold, the general OLS fit)', () => {
    // The reference: each excursion's bins by comparing with every threshold, the window's reached
    // counts re-summed, lambda_i = -ln(1 - p_i) / h and fitLogLinearInto over the usable bins. The
    // proxy starts its bin count from excursion / width and keeps the depth side of the fit per run
    // of usable bins; both must change nothing.
    const rng = new SeededRandom(11);
    const binCount = 8;
    const width = 2 / 10_000;
    const thresholds = Array.from({ length: binCount }, (_, i) => (i + 1) * width);
    const window = 60;
    const proxy = new CandleExcursionProxy({ windowCandles: window, minCandles: 10, binCount, binWidthBps: 2 });
    // High and low (open 1) whose excursions sit a few ulps either side of a threshold (where a
    // guess from excursion / width is off by one), exponential ones, zero and beyond the last bin.
    const extreme = (sign: number): number => {
      const u = rng.uniform();
      const ulps = Math.floor(rng.uniform() * 9) - 4;
      if (u < 0.4) return 1 + sign * thresholds[Math.floor(rng.uniform() * binCount)] + ulps * Number.EPSILON;
      if (u < 0.5) return 1;
      if (u < 0.55) return 1 + sign * 0.01;
      return 1 + sign * rng.exponential(1 / (width * (1 + 3 * rng.uniform())));
    };
    const bins = (x: number): number => thresholds.filter((t) => x >= t).length;
    const pairs: Array<[number, number]> = [];
    let fits = 0;
    for (let t = 0; t < 3000; t++) {
      const bar: CandleEvent = { ...candle(t, 1, 0, 0), high: extreme(1), low: extreme(-1) };
      proxy.observeCandle(bar);
      pairs.push([bins(Math.max(0, bar.high / bar.open - 1)), bins(Math.max(0, 1 - bar.low / bar.open))]);
      const inWindow = pairs.slice(-window);
      const n = 2 * inWindow.length;
      const depths: number[] = [];
      const logs: number[] = [];
      for (let i = 1; i <= binCount; i++) {
        const reached = inWindow.reduce((sum, [up, down]) => sum + (up >= i ? 1 : 0) + (down >= i ? 1 : 0), 0);
        if (reached <= 0 || reached >= n) continue;
        depths.push(thresholds[i - 1]);
        logs.push(Math.log(-Math.log(1 - reached / n) / 60));
      }
      const fit = { A: NaN, k: NaN, r2: NaN, kStdErr: NaN, points: 0 };
      const ready = inWindow.length >= 10 && fitLogLinearInto(depths, logs, depths.length, 3, fit, false);
      const estimate = proxy.estimate();
      expect(estimate.ready).toBe(ready);
      if (!ready) continue;
      fits++;
      expect(Object.is(estimate.kRelative, fit.k) && Object.is(estimate.reachRate, fit.A)).toBe(true);
    }
    expect(fits).toBeGreaterThan(2500);
  });
});
