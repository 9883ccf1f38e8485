import { createHash } from 'node:crypto';
import { ConfigError, stableStringify, type CandleEvent, type MarketEvent, type TradeEvent } from '@mml/core';
import { BTCUSDT_CALIBRATED, generateSyntheticCandles, generateSyntheticMarket } from './synthetic-market';
import { generateBrownianMarket } from './brownian-market';
import { calibrateSynthetic } from './calibration';

const hash = (events: Iterable<MarketEvent>) => {
  const h = createHash('sha256');
  for (const e of events) h.update(stableStringify(e) + '\n');
  return h.digest('hex');
};

describe('generateSyntheticMarket', () => {
  const small = { durationMinutes: 20, emitTrades: true, emitBooks: true, bookIntervalMs: 5000 };

  it('is byte-identical for equal seeds and differs for different seeds', () => {
    expect(hash(generateSyntheticMarket({ ...small, seed: 7 }))).toBe(hash(generateSyntheticMarket({ ...small, seed: 7 })));
    expect(hash(generateSyntheticMarket({ ...small, seed: 7 }))).not.toBe(hash(generateSyntheticMarket({ ...small, seed: 8 })));
  });

  it('emits events in ts order, candles consistent with the trades inside them', () => {
    const events = [...generateSyntheticMarket({ ...small, seed: 3 })];
    for (let i = 1; i < events.length; i++) expect(events[i].ts).toBeGreaterThanOrEqual(events[i - 1].ts);
    const candles = events.filter((e): e is CandleEvent => e.kind === 'candle');
    const trades = events.filter((e): e is TradeEvent => e.kind === 'trade');
    expect(candles).toHaveLength(20);
    for (const c of candles) {
      const inside = trades.filter((t) => t.ts >= c.openTime && t.ts < c.ts);
      expect(inside.length).toBeGreaterThan(0);
      expect(c.high).toBeGreaterThanOrEqual(Math.max(c.open, c.close, ...inside.map((t) => t.price)));
      expect(c.low).toBeLessThanOrEqual(Math.min(c.open, c.close, ...inside.map((t) => t.price)));
      expect(c.volume).toBeCloseTo(inside.reduce((s, t) => s + t.qty, 0), 4);
    }
    const books = events.filter((e) => e.kind === 'book');
    expect(books).toHaveLength(20 * 12);
    for (const b of books) if (b.kind === 'book') expect(b.bids[0][0]).toBeLessThan(b.asks[0][0]);
  });

  it('trade rate and buy/sell balance follow the configured intensity', () => {
    const trades = [...generateSyntheticMarket({ durationMinutes: 30, emitTrades: true, emitCandles: false, tradeRatePerSecond: 4, seed: 11 })].filter(
      (e): e is TradeEvent => e.kind === 'trade',
    );
    // 2 sides × 4/s × 1800 s = 14,400 expected; Poisson sd = 120.
    expect(Math.abs(trades.length - 14_400)).toBeLessThan(500);
    const buys = trades.filter((t) => t.aggressor === 'buy').length;
    expect(Math.abs(buys / trades.length - 0.5)).toBeLessThan(0.02);
  });

  it('turning trades on does not change the mid path (independent streams)', () => {
    const a = generateSyntheticCandles({ durationMinutes: 30, seed: 5 });
    const b = [...generateSyntheticMarket({ durationMinutes: 30, seed: 5, emitTrades: true })].filter((e): e is CandleEvent => e.kind === 'candle');
    expect(b.map((c) => c.close)).toEqual(a.map((c) => c.close));
  });

  it('calibration recovers the volatility of a generated market', () => {
    const candles = generateSyntheticCandles({ durationMinutes: 20 * 1440, stepMs: 60_000, seed: 2, volOfVol: 0, stressProbabilityPerHour: 0, jumpsPerDay: 0, volatilityPerMinute: 0.0005 });
    const fit = calibrateSynthetic(candles);
    expect(fit.volatilityPerMinute).toBeGreaterThan(0.00047);
    expect(fit.volatilityPerMinute).toBeLessThan(0.00053);
    expect(fit.volumePerMinute).toBeGreaterThan(BTCUSDT_CALIBRATED.volumePerMinute * 0.9);
    expect(fit.volumePerMinute).toBeLessThan(BTCUSDT_CALIBRATED.volumePerMinute * 1.1);
  });

  it('rejects unknown or out-of-range config naming the key', () => {
    expect(() => [...generateSyntheticMarket({ seed: 1, volatiltyPerMinute: 1 } as never)]).toThrow(ConfigError);
    expect(() => [...generateSyntheticMarket({ initialPrice: -1 })]).toThrow('config "synthetic.initialPrice"');
  });
});

describe('generateBrownianMarket (Avellaneda–Stoikov)', () => {
  it('is deterministic and hits a quote at distance δ with intensity A·exp(−kδ)', () => {
    const cfg = { seed: 9, horizon: 200, arrivalRate: 140, decay: 1.5, sigma: 2 };
    expect(hash(generateBrownianMarket({ ...cfg, horizon: 2 }))).toBe(hash(generateBrownianMarket({ ...cfg, horizon: 2 })));
    // Count buy trades reaching at least δ above the mid at their step (mid = bbo mid rounded, so use δ on ticks).
    let mid = NaN;
    let reach1 = 0;
    let total = 0;
    for (const e of generateBrownianMarket(cfg)) {
      if (e.kind === 'bbo') mid = (e.bidPrice + e.askPrice) / 2;
      else if (e.kind === 'trade' && e.aggressor === 'buy') {
        total++;
        if (e.price - mid >= 1) reach1++;
      }
    }
    // Expected buys: A·T = 28,000 (sd 167). P(reach >= 1) ≈ exp(−1.5) = 0.223.
    expect(Math.abs(total - 28_000)).toBeLessThan(700);
    expect(Math.abs(reach1 / total - Math.exp(-1.5))).toBeLessThan(0.015);
  });
});
