import { SeededRandom } from '@mml/core';
import { EwmaVolatility } from './ewma-volatility';
import { RollingVolatility } from './rolling-volatility';
import { DEFAULT_FALLBACK_SIGMA } from './volatility-config';

function constantReturnPath(n: number, logReturn: number, stepMs: number): Array<[number, number]> {
  return Array.from({ length: n }, (_, i) => [i * stepMs, 100 * Math.exp(i * logReturn)]);
}

describe.each([
  ['RollingVolatility', (cfg: object) => new RollingVolatility(cfg), { windowSamples: 2000 }],
  ['EwmaVolatility', (cfg: object) => new EwmaVolatility(cfg), { halfLifeSamples: 500 }],
])('%s', (_name, make, longMemory) => {
  it('reports the fallback, not NaN, until minSamples returns were seen', () => {
    const est = make({ minSamples: 5 });
    expect(est.ready).toBe(false);
    expect(est.sigma).toBe(DEFAULT_FALLBACK_SIGMA);
    for (const [ts, p] of constantReturnPath(5, 0.001, 60_000)) est.update(ts, p); // 4 returns
    expect(est.ready).toBe(false);
    est.update(5 * 60_000, 100 * Math.exp(0.005));
    expect(est.ready).toBe(true);
  });

  it('gives sigma = |r| / sqrt(dt) per sqrt(second) for constant returns', () => {
    const est = make({ minSamples: 3 });
    for (const [ts, p] of constantReturnPath(20, 0.001, 60_000)) est.update(ts, p);
    expect(est.sigma).toBeCloseTo(0.001 / Math.sqrt(60), 12);
  });

  it('recovers the sigma of a simulated random walk within 10%', () => {
    const rng = new SeededRandom(7);
    const est = make({ minSamples: 10, ...longMemory });
    const sigmaPerSecond = 1e-4;
    let p = 30_000;
    for (let i = 0; i < 5000; i++) {
      est.update(i * 1000, p);
      p *= Math.exp(sigmaPerSecond * rng.normal());
    }
    expect(Math.abs(est.sigma / sigmaPerSecond - 1)).toBeLessThan(0.1);
  });

  it('skips non-positive prices and out-of-order timestamps instead of producing NaN', () => {
    const est = make({ minSamples: 2 });
    for (const [ts, p] of constantReturnPath(5, 0.001, 60_000)) est.update(ts, p);
    est.update(10 * 60_000, NaN);
    est.update(11 * 60_000, -5);
    est.update(1, 100);
    expect(Number.isFinite(est.sigma)).toBe(true);
    expect(est.sigma).toBeCloseTo(0.001 / Math.sqrt(60), 12);
  });

  it('ignores samples closer than sampleIntervalMs', () => {
    const est = make({ minSamples: 1, sampleIntervalMs: 10_000 });
    est.update(0, 100);
    est.update(1000, 200); // too soon: ignored
    expect(est.samples).toBe(0);
    est.update(10_000, 100);
    expect(est.samples).toBe(1);
    expect(est.sigma).toBe(0);
  });
});

describe('RollingVolatility window', () => {
  it('forgets returns that left the window', () => {
    const est = new RollingVolatility({ minSamples: 2, windowSamples: 5 });
    let ts = 0;
    let p = 100;
    for (let i = 0; i < 10; i++) { est.update(ts, p); ts += 1000; p *= Math.exp(i % 2 === 0 ? 0.05 : -0.05); }
    for (let i = 0; i < 10; i++) { est.update(ts, p); ts += 1000; p *= Math.exp(i % 2 === 0 ? 0.001 : -0.001); }
    expect(est.sigma).toBeCloseTo(0.001, 9);
  });
});

describe('EwmaVolatility sigma', () => {
  it('is sqrt of the EWMA variance of the returns so far, bit for bit, however often it is read (kept between returns)', () => {
    const rng = new SeededRandom(41);
    const ewma = new EwmaVolatility({ halfLifeSamples: 7, minSamples: 3, sampleIntervalMs: 1000 });
    const alpha = 1 - Math.pow(2, -1 / 7);
    let variance = NaN;
    let returns = 0;
    let price = 100;
    let lastPrice = NaN;
    let lastTs = NaN;
    for (let i = 0; i < 3000; i++) {
      const ts = i * 400;
      price *= Math.exp(0.001 * rng.normal());
      ewma.update(ts, price);
      // The reference: a return once 1000 ms passed since the last sample.
      if (Number.isNaN(lastTs)) {
        lastTs = ts;
        lastPrice = price;
      } else if (ts - lastTs >= 1000) {
        const r = Math.log(price / lastPrice);
        const rate = (r * r) / ((ts - lastTs) / 1000);
        variance = returns === 0 ? rate : (1 - alpha) * variance + alpha * rate;
        returns++;
        lastTs = ts;
        lastPrice = price;
      }
      // Read on some events only, twice on others.
      if (i % 3 === 0) continue;
      const expected = returns >= 3 ? Math.sqrt(variance) : ewma.config.fallbackSigma;
      expect(Object.is(ewma.sigma, expected)).toBe(true);
      if (i % 5 === 0) expect(Object.is(ewma.sigma, expected)).toBe(true);
    }
    expect(returns).toBe(999);
  });
});
