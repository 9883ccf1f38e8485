import { intentDiagnostics, intentReasons, intentRecord, isUncrossed, QuoteIntentBuffer, type QuoteIntentRecord, type Strategy } from '@mml/core';
import { BTC, BTC_1M_FILE, context, hasBtcCandles, readBtcCandles } from '../shared-data.test-helpers';
import { AvellanedaStoikovQuoter, createAvellanedaStoikovStrategy } from './avellaneda-stoikov-strategy';
import { quoterStrategy, type ModelQuoter } from './model-quoter';
import { createFixedSpreadStrategy } from './fixed-spread-strategy';
import { createGlftStrategy, GlftQuoter } from './glft-strategy';
import { glftC1, glftC2 } from '../formulas/glft';
import { avellanedaStoikovSpreadOf } from '../formulas/avellaneda-stoikov';
import { SeededRandom } from '@mml/core';
import { buildQuoteIntent, quoterSchema } from './quote-builder';
import { timeToHorizonSeconds } from './quoting-config';
import { MarketInputs, type MarketInputsSnapshot } from './market-inputs';
import { CALIBRATED_INTENSITY } from '../estimators/calibrated-intensity';

const factories: Array<[string, (cfg?: object) => Strategy]> = [
  ['avellaneda-stoikov', createAvellanedaStoikovStrategy],
  ['glft', createGlftStrategy],
  ['fixed-spread', createFixedSpreadStrategy],
];

function warmedUp(make: (cfg?: object) => Strategy, cfg: object = {}): { strategy: Strategy; mid: number; now: number } {
  // 60 synthetic 1m candles alternating +-7 bps so the estimators are ready.
  const strategy = make(cfg);
  let price = 28_000;
  let now = 0;
  for (let i = 0; i < 60; i++) {
    const open = price;
    price *= i % 2 === 0 ? 1.0007 : 1 / 1.0007;
    now = (i + 1) * 60_000;
    strategy.onEvent({ kind: 'candle', ts: now, openTime: now - 60_000, durationMs: 60_000, open, high: Math.max(open, price) * 1.0003, low: Math.min(open, price) * 0.9997, close: price, volume: 5 }, context(now, price));
  }
  return { strategy, mid: price, now };
}

/** The intent as plain data (the strategy rewrites one intent in place), with its raw slot values. */
function quote(strategy: Strategy, now: number, mid: number, overrides = {}): QuoteIntentRecord & { values: number[] } {
  const intent = strategy.onEvent({ kind: 'trade', ts: now, price: mid, qty: 0.01, aggressor: 'buy', id: now }, context(now, mid, overrides));
  if (!intent) throw new Error('expected an intent');
  return { ...intentRecord(intent), values: Array.from(intent.diagnostics?.values ?? []) };
}

describe.each(factories)('%s strategy', (_name, make) => {
  it('quotes one bid below and one ask above the mid on the tick/lot grid, with finite diagnostics', () => {
    const { strategy, mid, now } = warmedUp(make);
    const intent = quote(strategy, now + 1, mid);
    expect(intent.bids).toHaveLength(1);
    expect(intent.asks).toHaveLength(1);
    const bid = BTC.ticksToPrice(intent.bids[0].priceTicks);
    const ask = BTC.ticksToPrice(intent.asks[0].priceTicks);
    expect(bid).toBeLessThan(mid);
    expect(ask).toBeGreaterThan(mid);
    expect(Number.isInteger(intent.bids[0].priceTicks) && Number.isInteger(intent.asks[0].sizeLots)).toBe(true);
    expect(intent.values.length).toBeGreaterThan(5);
    for (const value of intent.values) expect(Number.isFinite(value)).toBe(true);
    // 5% of a 10k budget at 28k: 0.01785 BTC, floored to lots.
    expect(intent.bids[0].sizeLots).toBe(BTC.floorLots((0.05 * 10_000) / mid));
  });

  it('scales the order size with the budget tier', () => {
    const { strategy, mid, now } = warmedUp(make);
    const small = quote(strategy, now + 1, mid, { quoteBudget: 1_000 });
    const large = quote(strategy, now + 2, mid, { quoteBudget: 100_000 });
    expect(large.bids[0].sizeLots / small.bids[0].sizeLots).toBeCloseTo(100, 0);
  });

  it('withdraws the bid at the long inventory bound and the ask at the short bound', () => {
    const { strategy, mid, now } = warmedUp(make, { maxInventoryOrders: 4 });
    const size = (0.05 * 10_000) / mid;
    const long = quote(strategy, now + 1, mid, { inventory: 4 * size });
    expect(long.bids).toHaveLength(0);
    expect(long.asks).toHaveLength(1);
    const short = quote(strategy, now + 2, mid, { inventory: -4 * size });
    expect(short.asks).toHaveLength(0);
    expect(short.bids).toHaveLength(1);
  });

  it('never crosses a known touch, even with a large skew', () => {
    const { strategy, mid, now } = warmedUp(make, { maxInventoryOrders: 1000 });
    const size = (0.05 * 10_000) / mid;
    const bestBid = mid - 0.01;
    const bestAsk = mid + 0.01;
    for (const [i, inventory] of [-500 * size, -5 * size, 0, 5 * size, 500 * size].entries()) {
      const intent = quote(strategy, now + 1 + i, mid, { inventory, bestBid, bestAsk });
      expect(isUncrossed(intent)).toBe(true);
      if (intent.bids.length) expect(intent.bids[0].priceTicks).toBeLessThan(BTC.priceToTicks(bestAsk));
      if (intent.asks.length) expect(intent.asks[0].priceTicks).toBeGreaterThan(BTC.priceToTicks(bestBid));
    }
  });

  it('returns undefined between requotes when throttled', () => {
    const { strategy, mid, now } = warmedUp(make, { requoteIntervalMs: 5_000 });
    expect(quote(strategy, now + 10_000, mid)).toBeDefined();
    expect(strategy.onEvent({ kind: 'trade', ts: now + 11_000, price: mid, qty: 1, aggressor: 'sell', id: 1 }, context(now + 11_000, mid))).toBeUndefined();
    expect(quote(strategy, now + 15_000, mid)).toBeDefined();
  });

  it('returns an empty intent with a reason before any mid is known', () => {
    const strategy = make();
    const intent = strategy.onEvent({ kind: 'depth', ts: 1, firstUpdateId: 1, lastUpdateId: 1, bids: [], asks: [] }, context(1, NaN));
    expect(intent?.bids).toEqual([]);
    expect(intent && intentReasons(intent)[0]).toMatch(/no mid/);
  });

  it('rejects an unknown or out-of-range config key by name', () => {
    expect(() => make({ orderFraction: 2 })).toThrow(/orderFraction/);
    expect(() => make({ nope: 1 })).toThrow(/nope/);
  });
});

describe('inventory skew (A-S and GLFT)', () => {
  it.each([['avellaneda-stoikov', createAvellanedaStoikovStrategy], ['glft', createGlftStrategy]] as const)('%s moves both quotes down when long', (_n, make) => {
    const { strategy, mid, now } = warmedUp(make);
    const size = (0.05 * 10_000) / mid;
    const flat = quote(strategy, now + 1, mid);
    const long = quote(strategy, now + 2, mid, { inventory: 5 * size });
    expect(long.diagnostics.q).toBeCloseTo(5, 9);
    expect(long.diagnostics.r).toBeLessThan(flat.diagnostics.r);
    expect(long.bids[0].priceTicks).toBeLessThan(flat.bids[0].priceTicks);
    expect(long.asks[0].priceTicks).toBeLessThanOrEqual(flat.asks[0].priceTicks);
  });

  it('A-S reservation skew equals q gamma sigma^2 tau (relative) x mid', () => {
    const { strategy, mid, now } = warmedUp(createAvellanedaStoikovStrategy);
    const size = (0.05 * 10_000) / mid;
    const d = quote(strategy, now + 1, mid, { inventory: 3 * size }).diagnostics;
    expect(mid - d.r).toBeCloseTo(3 * d.gamma * d.sigma ** 2 * d.tau * mid, 6);
  });
});

describe('horizon', () => {
  it('rolling mode has a fixed tau; session mode counts down to the next UTC session boundary', () => {
    expect(timeToHorizonSeconds({ mode: 'rolling', horizonSeconds: 3600, sessionSeconds: 86_400 }, 123_456)).toBe(3600);
    expect(timeToHorizonSeconds({ mode: 'session', horizonSeconds: 3600, sessionSeconds: 86_400 }, 86_400_000 + 21_600_000)).toBe(64_800);
  });
});

(hasBtcCandles ? describe : describe.skip)(`on real BTC/USDT 1m candles (${BTC_1M_FILE})`, () => {
  const candles = hasBtcCandles ? readBtcCandles(3000) : [];
  it.each(factories)('%s defaults give sane spreads (tens of bps) and never cross or emit NaN', (_name, make) => {
    const strategy = make();
    const spreads: number[] = [];
    let crossed = 0;
    let nonFinite = 0;
    for (const candle of candles) {
      const intent = strategy.onEvent(candle, context(candle.ts, candle.close));
      if (!intent) continue;
      if (!isUncrossed(intent)) crossed++;
      intent.diagnostics?.settle(); // reported-only estimates are computed when read
      if (!Array.from(intent.diagnostics?.values ?? [NaN]).every(Number.isFinite)) nonFinite++;
      if (intent.bids.length && intent.asks.length) {
        spreads.push(((intent.asks[0].priceTicks - intent.bids[0].priceTicks) / BTC.priceToTicks(candle.close)) * 10_000);
      }
    }
    spreads.sort((a, b) => a - b);
    const median = spreads[Math.floor(spreads.length / 2)];
    console.log(`${_name}: median spread ${median.toFixed(1)} bps, p5 ${spreads[Math.floor(spreads.length * 0.05)].toFixed(1)}, p95 ${spreads[Math.floor(spreads.length * 0.95)].toFixed(1)}`);
    expect(crossed).toBe(0);
    expect(nonFinite).toBe(0);
    expect(spreads.length).toBeGreaterThan(2900);
    expect(median).toBeGreaterThan(10);
    expect(median).toBeLessThan(200);
  });
});

describe.each(factories)('%s ladder', (_name, make) => {
  it('quotes several levels per side, strictly monotone and spaced as configured', () => {
    const { strategy, mid, now } = warmedUp(make, { levels: 3, levelSpacingBps: 10 });
    const intent = quote(strategy, now + 1, mid);
    expect(intent.bids).toHaveLength(3);
    expect(intent.asks).toHaveLength(3);
    const step = BTC.priceToTicks(mid * 0.001);
    for (let i = 1; i < 3; i++) {
      expect(intent.bids[i - 1].priceTicks - intent.bids[i].priceTicks).toBeGreaterThanOrEqual(step - 1);
      expect(intent.bids[i - 1].priceTicks - intent.bids[i].priceTicks).toBeLessThanOrEqual(step + 1);
      expect(intent.asks[i].priceTicks).toBeGreaterThan(intent.asks[i - 1].priceTicks);
    }
  });
});

describe('buildQuoteIntent', () => {
  const schema = quoterSchema(['x']);
  /** A one-level intent with the model's one diagnostic written. */
  function build(bidPrice: number, askPrice: number, size: number, x = 1): QuoteIntentRecord {
    const intent = new QuoteIntentBuffer(1, schema);
    intent.diagnostics.values[0] = x;
    return intentRecord(buildQuoteIntent(intent, context(1, 100), { bidPrice, askPrice, size, quoteBid: true, quoteAsk: true, levels: 1, spacing: 0 }));
  }

  it('drops only the bid when the model bid is at or below zero, with a reason', () => {
    const intent = build(-3, 101, 1);
    expect(intent.bids).toHaveLength(0);
    expect(intent.asks).toEqual([{ priceTicks: 10_100, sizeLots: 100_000 }]);
    expect(intent.reasons).toEqual(['bid price not positive']);
  });

  it('returns an empty intent for non-finite model output', () => {
    const intent = build(NaN, 101, 1);
    expect(intent.bids).toEqual([]);
    expect(intent.asks).toEqual([]);
    expect(intent.reasons).toEqual(['non-finite model output']);
    expect(build(99, 101, 1, Infinity).bids).toEqual([]);
  });

  it('drops sides below min notional or one lot', () => {
    const intent = build(99, 101, 0.01);
    expect(intent.bids).toEqual([]);
    expect(intent.reasons).toEqual(['bid below min notional', 'ask below min notional']);
  });
});

describe('A-S session (finite-horizon) mode', () => {
  it('shrinks the inventory skew as the session end approaches', () => {
    const cfg = { horizon: { mode: 'session', sessionSeconds: 86_400 } };
    const { strategy, mid } = warmedUp(createAvellanedaStoikovStrategy, cfg);
    const size = (0.05 * 10_000) / mid;
    const day = 86_400_000;
    const early = quote(strategy, 10 * day + 3_600_000, mid, { inventory: 3 * size }).diagnostics;
    const late = quote(strategy, 11 * day - 60_000, mid, { inventory: 3 * size }).diagnostics;
    expect(early.tau).toBe(82_800);
    expect(late.tau).toBe(60);
    expect(mid - late.r).toBeLessThan((mid - early.r) / 1000);
  });
});

describe('GLFT xi mode', () => {
  it('xi -> 0 quotes a different (risk-adjusted) half-spread than xi = gamma', () => {
    const a = warmedUp(createGlftStrategy, { xiMode: 'gamma' });
    const b = warmedUp(createGlftStrategy, { xiMode: 'zero' });
    const da = quote(a.strategy, a.now + 1, a.mid).diagnostics;
    const db = quote(b.strategy, b.now + 1, b.mid).diagnostics;
    expect(db.c1).toBeCloseTo(1 / db.k, 12);
    expect(da.c1).toBeLessThan(db.c1);
  });
});

/**
 * A tick stream for the kept-coefficient tests: 3000 bbo events 200 ms apart (a random-walk mid),
 * half of them followed by a trade at an exponential depth, and after each a quote with the gamma
 * multiplier cycling through 1, 0.5, 2 (every 7 events) and the spread multiplier `spreadOf(i)`;
 * `check` gets each quote's diagnostic values.
 */
function quoteTickStream(quoter: ModelQuoter, seed: number, spreadOf: (i: number) => number, check: (values: Float64Array, spread: number) => void): void {
  const rng = new SeededRandom(seed);
  const gammas = [1, 1, 0.5, 2];
  let mid = 28_000;
  for (let i = 0; i < 3000; i++) {
    const now = 1_700_000_000_000 + i * 200;
    mid *= 1 + 0.0002 * rng.normal();
    quoter.observe({ kind: 'bbo', ts: now, bidPrice: mid - 0.01, bidQty: 1, askPrice: mid + 0.01, askQty: 1 });
    if (rng.uniform() < 0.5) {
      const up = rng.uniform() < 0.5;
      quoter.observe({ kind: 'trade', ts: now, price: mid * (1 + (up ? 1 : -1) * rng.exponential(3000)), qty: 0.01, aggressor: up ? 'buy' : 'sell', id: i });
    }
    const spread = spreadOf(i);
    const d = quoter.quote(context(now, mid), { gamma: gammas[Math.floor(i / 7) % gammas.length], spread, skew: 1 }).diagnostics;
    if (d === undefined) throw new Error('a quoter intent carries diagnostics');
    check(d.values, spread);
  }
}

describe('A-S spread', () => {
  it('is avellanedaStoikovSpreadOf of the current gamma, sigma, tau and k on every quote, bit for bit (its log kept while gamma and k stay)', () => {
    // k from a trade fit that refits every second, gamma scaled by changing multipliers, session tau.
    const quoter = new AvellanedaStoikovQuoter({ horizon: { mode: 'session', sessionSeconds: 600 }, intensity: { source: 'trades', trades: { minOrders: 5, recalibrationIntervalMs: 1000 } } });
    const seen = { k: new Set<number>(), gamma: new Set<number>() };
    quoteTickStream(quoter, 22, (i) => 1 + (i % 3) / 4, (v, spreadMultiplier) => {
      const [quotedMid, spread, sigma, k, gamma, tau] = [v[0], v[2], v[4], v[7], v[10], v[11]];
      expect(Object.is(spread, 2 * ((avellanedaStoikovSpreadOf(gamma, sigma, tau, k) / 2) * spreadMultiplier + BTC.makerFee) * quotedMid)).toBe(true);
      seen.k.add(k);
      seen.gamma.add(gamma);
    });
    expect(seen.k.size).toBeGreaterThan(20);
    expect(seen.gamma.size).toBe(3);
  });
});

describe('GLFT coefficients', () => {
  it.each(['gamma', 'zero'])('xi mode %s: c1 and c2 are the formulas\' numbers for the current gamma, A and k on every quote, bit for bit (kept while those stay)', (xiMode) => {
    // A and k from a trade fit that refits every second, gamma scaled by changing multipliers: the
    // kept coefficients must follow every change of any of them.
    const quoter = new GlftQuoter({ xiMode, intensity: { source: 'trades', trades: { minOrders: 5, recalibrationIntervalMs: 1000 } } });
    const seen = { A: new Set<number>(), gamma: new Set<number>() };
    quoteTickStream(quoter, 21, () => 1, (v) => {
      const [c1, c2, A, k, gamma] = [v[6], v[7], v[9], v[10], v[12]];
      const xi = xiMode === 'gamma' ? gamma : 0;
      expect(Object.is(c1, glftC1(xi, 1, k)) && Object.is(c2, glftC2(gamma, xi, 1, A, k))).toBe(true);
      seen.A.add(A);
      seen.gamma.add(gamma);
    });
    expect(seen.A.size).toBeGreaterThan(20);
    expect(seen.gamma.size).toBe(3);
  });
});

describe('market inputs on candles: the candle proxy is reported, never an arrival rate; sigma from OHLC', () => {
  function onCandles(make: (cfg?: object) => Strategy, cfg: object = {}): Record<string, number> {
    const { strategy, mid, now } = warmedUp(make, cfg);
    const candle = { kind: 'candle' as const, ts: now + 60_000, openTime: now, durationMs: 60_000, open: mid, high: mid * 1.0005, low: mid * 0.9995, close: mid, volume: 5 };
    const intent = strategy.onEvent(candle, context(candle.ts, mid));
    if (!intent) throw new Error('expected an intent');
    return intentDiagnostics(intent);
  }

  it('GLFT takes A and k from the calibrated fixed values, with the proxy only in diagnostics', () => {
    const d = onCandles(createGlftStrategy);
    expect(d.candleProxyReachRate).toBeGreaterThan(0); // the proxy is ready and reported ...
    expect(d.intensitySource).toBe(0); // ... but not used
    expect(d.A).toBe(CALIBRATED_INTENSITY.A);
    expect(d.k).toBe(CALIBRATED_INTENSITY.kRelative);
    expect(onCandles(createGlftStrategy, { intensity: { fixedA: 5, fixedK: 9000 } })).toMatchObject({ A: 5, k: 9000 });
    expect(() => createGlftStrategy({ intensity: { source: 'candle-proxy' } })).toThrow(/candle-proxy is not allowed/);
  });

  it('A-S may take only k from the proxy (A stays the configured value)', () => {
    const d = onCandles(createAvellanedaStoikovStrategy);
    expect(d.intensitySource).toBe(2);
    expect(d.k).toBe(d.candleProxyK);
    expect(d.A).toBe(CALIBRATED_INTENSITY.A);
    expect(onCandles(createAvellanedaStoikovStrategy, { intensity: { source: 'fixed' } })).toMatchObject({ intensitySource: 0, k: CALIBRATED_INTENSITY.kRelative });
  });

  it('reports close-to-close and OHLC sigma on candles; the model uses the configured one', () => {
    const d = onCandles(createAvellanedaStoikovStrategy);
    // Bars alternate +-7 bps close to close with a 3 bps wick beyond: the two estimators differ.
    expect(d.sigmaOhlc).not.toBeCloseTo(d.sigmaCloseToClose, 8);
    expect(d.sigma).toBe(d.sigmaCloseToClose); // default: close-to-close
    for (const estimator of ['yang-zhang', 'garman-klass']) {
      const o = onCandles(createAvellanedaStoikovStrategy, { volatility: { candleEstimator: estimator } });
      expect(o.sigma).toBe(o.sigmaOhlc);
      expect(o.sigmaCloseToClose).toBeCloseTo(d.sigmaCloseToClose, 15);
    }
    const gk = onCandles(createAvellanedaStoikovStrategy, { volatility: { candleEstimator: 'garman-klass' } });
    expect(gk.sigmaOhlc).not.toBeCloseTo(d.sigmaOhlc, 10); // yang-zhang is the one reported by default
  });
});

describe('split quoter strategy (observe/quote)', () => {
  it('answers observe with true, without comparing its inputs, when the mid moved since its last quote; compares them when it did not', () => {
    const quoter = new AvellanedaStoikovQuoter({});
    let compared = 0;
    let answer: boolean | undefined;
    const inputsChanged = quoter.inputsChanged.bind(quoter);
    quoter.inputsChanged = (at) => {
      compared++;
      answer = inputsChanged(at);
      return answer;
    };
    const strategy = quoterStrategy(quoter, 0);
    let price = 28_000;
    for (let i = 1; i <= 30; i++) {
      const open = price;
      price = Math.round(price * (i % 2 === 0 ? 1.0007 : 1 / 1.0007) * 100) / 100;
      const ctx = context(i * 60_000, price);
      const bar = { kind: 'candle' as const, ts: i * 60_000, openTime: (i - 1) * 60_000, durationMs: 60_000, open, high: Math.max(open, price), low: Math.min(open, price), close: price, volume: 5 };
      expect(strategy.observe?.(bar, ctx)).toBe(true);
      strategy.quote?.(ctx);
    }
    expect(compared).toBe(0);
    // The same mid again (a trade at it): its inputs decide.
    const ctx = context(31 * 60_000, price);
    const moved = strategy.observe?.({ kind: 'trade', ts: 31 * 60_000, price, qty: 0.01, aggressor: 'buy', id: 1 }, ctx);
    expect(compared).toBe(1);
    expect(moved).toBe(answer);
  });
});

describe('MarketInputs.changedSinceQuoted', () => {
  it.each([
    ['ewma', 5],
    ['rolling', 5],
    ['ewma', 1_000_000],
  ])('is true exactly when a number of the snapshot (or a reported-only estimator version) differs from the last quoted one (%s volatility, trade fit of %d orders)', (kind, minOrders) => {
    // The reference: every number the inputs record of a quoted snapshot, compared after the fact.
    // The trade fit forgets orders after 20 s and refits every 2 s: time-driven changes too (with
    // 1e6 orders it is never ready, so the snapshot never takes its numbers).
    const inputs = MarketInputs.parse({ kind, windowSamples: 20 }, { trades: { minOrders, recalibrationIntervalMs: 2000, windowMs: 20_000 } }, 'test');
    const versions = inputs as unknown as { ohlc: { version: number }; candles: { version: number } };
    const numbers = (x: MarketInputsSnapshot): number[] => [
      x.sigma, x.sigmaCloseToClose, x.sigmaOhlcDeferred ? -1 - versions.ohlc.version : x.sigmaOhlc, x.volatilityReady ? 1 : 0,
      x.intensity.A, x.intensity.kRelative, x.intensity.kStdErr, x.intensity.ready ? 1 : 0, x.intensity.orders, x.intensitySource,
      x.candleProxyDeferred ? -1 - versions.candles.version : x.candleProxy.reachRate, x.candleProxyDeferred ? NaN : x.candleProxy.kRelative,
    ];
    const rng = new SeededRandom(51);
    let quoted: number[] = [];
    let mid = 28_000;
    const answers = { changed: 0, same: 0 };
    for (let i = 0; i < 4000; i++) {
      const now = 1_700_000_000_000 + i * 250;
      const u = rng.uniform();
      if (u < 0.3) {
        mid *= 1 + 0.0003 * rng.normal();
        inputs.observe({ kind: 'bbo', ts: now, bidPrice: mid - 0.01, bidQty: 1, askPrice: mid + 0.01, askQty: 1 });
      } else if (u < 0.5) {
        // An order, now and then a sweep of several prints (one order, its depth the deepest).
        const aggressor = rng.uniform() < 0.5 ? 'buy' : 'sell';
        const prints = rng.uniform() < 0.3 ? 2 + Math.floor(rng.uniform() * 3) : 1;
        for (let p = 0; p < prints; p++) inputs.observe({ kind: 'trade', ts: now, price: mid * (1 + (aggressor === 'buy' ? 1 : -1) * 0.0001 * (p + rng.uniform())), qty: 0.01, aggressor, id: i * 10 + p });
      } else if (u < 0.55) {
        inputs.observe({ kind: 'candle', ts: now, openTime: now - 60_000, durationMs: 60_000, open: mid, high: mid * 1.0004, low: mid * 0.9995, close: mid, volume: 1 });
      }
      if (i % 9 === 0) {
        const snapshot = inputs.snapshot({ now });
        inputs.markQuoted(snapshot);
        quoted = numbers(snapshot);
        continue;
      }
      const changed = inputs.changedSinceQuoted({ now });
      const current = numbers(inputs.snapshot({ now }));
      expect(changed).toBe(current.some((x, j) => !(x === quoted[j] || (Number.isNaN(x) && Number.isNaN(quoted[j])))));
      answers[changed ? 'changed' : 'same']++;
    }
    expect(Math.min(answers.changed, answers.same)).toBeGreaterThan(300);
  });
});
