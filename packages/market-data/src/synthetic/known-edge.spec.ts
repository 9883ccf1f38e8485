import { createHash } from 'node:crypto';
import { ConfigError, stableStringify, type BestBidAskEvent, type CandleEvent, type MarketEvent, type TradeEvent } from '@mml/core';
import { generateKnownEdgeCandles, generateKnownEdgeMarket } from './known-edge-events';
import { KnownEdgeFlow, type KnownEdgeMarketConfig } from './known-edge-market';
import { fillRatesAtDepth, inventoryRuleTruth, symmetricQuoteTruth } from './known-edge-oracle';

const hash = (events: Iterable<MarketEvent>) => {
  const h = createHash('sha256');
  for (const e of events) h.update(stableStringify(e) + '\n');
  return h.digest('hex');
};

/**
 * Resting quotes re-centred after every exchange timestamp, filled by trades printing strictly
 * through them and by the touch moving through them (no engine): the direct simulation the closed
 * form must agree with. As in the engine (one decision per exchange timestamp), the quotes in force
 * at ts were set from the mid and inventory after the last event of the previous timestamp, so a
 * quote filled at ts is not back before ts is over (an informed order's jump at the same ts cannot
 * cross it again). `depths(q)` gives the bid and ask distance from the mid at inventory q; the
 * markout of a fill is the mid move over `horizonMs`.
 */
function simulateQuotes(events: readonly MarketEvent[], depths: (q: number) => [number, number], horizonMs: number) {
  let mid = NaN;
  let q = 0;
  let bid = NaN;
  let ask = NaN;
  let lastTs = -Infinity;
  const capture: number[] = [];
  const adverse: number[] = [];
  const record = (i: number, sign: number, price: number, refMid: number) => {
    q += sign;
    capture.push(sign * (refMid - price));
    if (sign > 0) bid = NaN;
    else ask = NaN;
    // The mid known horizonMs after the fill: after every event up to ts + horizon.
    let later = refMid;
    for (let j = i; j < events.length && events[j].ts <= events[i].ts + horizonMs; j++) {
      const f = events[j];
      if (f.kind === 'bbo') later = (f.bidPrice + f.askPrice) / 2;
    }
    adverse.push(sign * (refMid - later));
  };
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    if (e.ts > lastTs && Number.isFinite(mid)) {
      // The previous timestamp is complete: re-quote from what it left.
      const [bidDepth, askDepth] = depths(q);
      bid = mid - bidDepth;
      ask = mid + askDepth;
    }
    lastTs = e.ts;
    if (e.kind === 'bbo') {
      // A touch that moves through a resting quote fills it at its price (the market crossed it).
      if (e.askPrice <= bid + 1e-9) record(i, 1, bid, mid);
      else if (e.bidPrice >= ask - 1e-9) record(i, -1, ask, mid);
      mid = (e.bidPrice + e.askPrice) / 2;
      continue;
    }
    if (e.kind !== 'trade') continue;
    if (e.aggressor === 'sell' && e.price < bid - 1e-9) record(i, 1, bid, mid);
    else if (e.aggressor === 'buy' && e.price > ask + 1e-9) record(i, -1, ask, mid);
  }
  return { capture, adverse };
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const stderr = (xs: number[]) => {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1) / xs.length);
};

describe('known-edge market', () => {
  const small: Partial<KnownEdgeMarketConfig> = { durationMinutes: 10, emitCandles: true, emitBooks: true, bookIntervalMs: 5000 };

  it('is byte-identical for equal seeds and differs for different seeds', () => {
    expect(hash(generateKnownEdgeMarket({ ...small, seed: 7 }))).toBe(hash(generateKnownEdgeMarket({ ...small, seed: 7 })));
    expect(hash(generateKnownEdgeMarket({ ...small, seed: 7 }))).not.toBe(hash(generateKnownEdgeMarket({ ...small, seed: 8 })));
  });

  it('emits ts-ordered trades, a touch of spreadTicks, trades at or beyond the touch, L2 around the touch', () => {
    const events = [...generateKnownEdgeMarket({ ...small, spreadTicks: 3, seed: 3 })];
    let touch: BestBidAskEvent | undefined;
    let trades = 0;
    for (let i = 0; i < events.length; i++) {
      const e = events[i];
      if (i > 0) expect(e.ts).toBeGreaterThanOrEqual(events[i - 1].ts);
      if (e.kind === 'bbo') {
        expect(Math.round((e.askPrice - e.bidPrice) / 0.01)).toBe(3);
        touch = e;
      } else if (e.kind === 'trade') {
        trades++;
        if (e.aggressor === 'buy') expect(e.price).toBeGreaterThanOrEqual(touch!.askPrice);
        else expect(e.price).toBeLessThanOrEqual(touch!.bidPrice);
      } else if (e.kind === 'book') {
        expect(e.bids[0][0]).toBe(touch!.bidPrice);
        expect(e.asks[0][0]).toBe(touch!.askPrice);
        expect(e.bids).toHaveLength(10);
      }
    }
    // 5 per side per second over 600 s: 6000 expected, Poisson sd ≈ 77.
    expect(Math.abs(trades - 6000)).toBeLessThan(400);
    expect(events.filter((e) => e.kind === 'book')).toHaveLength(120);
  });

  it('derived candles: the fused builder equals the candles in the event stream, and bars hold their trades', () => {
    const events = [...generateKnownEdgeMarket({ ...small, seed: 5 })];
    const fromEvents = events.filter((e): e is CandleEvent => e.kind === 'candle');
    const fused = generateKnownEdgeCandles({ ...small, seed: 5 });
    expect(fused).toHaveLength(10);
    expect(fromEvents).toEqual(fused);
    const trades = events.filter((e): e is TradeEvent => e.kind === 'trade');
    for (const c of fused) {
      const inside = trades.filter((t) => t.ts >= c.openTime && t.ts < c.ts);
      expect(c.trades).toBe(inside.length);
      expect(c.open).toBe(inside[0].price);
      expect(c.close).toBe(inside[inside.length - 1].price);
      expect(c.high).toBe(Math.max(...inside.map((t) => t.price)));
      expect(c.low).toBe(Math.min(...inside.map((t) => t.price)));
      expect(c.volume).toBeCloseTo(inside.reduce((s, t) => s + t.qty, 0), 5);
    }
  });

  it('informed arrivals come at the configured share, and the mid moves J ticks their way right after them', () => {
    const flow = new KnownEdgeFlow({ durationMinutes: 20, informedShare: 0.3, informedMoveTicks: 7, seed: 9 });
    let informed = 0;
    let total = 0;
    let pending: { buy: boolean; mid: number } | undefined;
    let mid = NaN;
    let checked = 0;
    const sink = {
      touch: (_ts: number, bid: number) => {
        const next = bid + 0.5;
        if (pending) {
          expect(next - pending.mid).toBe(pending.buy ? 7 : -7);
          checked++;
          pending = undefined;
        }
        mid = next;
      },
      trade: (_ts: number, _p: number, _l: number, buy: boolean, isInformed: boolean) => {
        total++;
        if (isInformed) {
          informed++;
          pending = { buy, mid };
        }
      },
    };
    while (!flow.done) flow.advance(sink);
    expect(checked).toBe(informed);
    // Binomial(≈12,000, 0.3): sd ≈ 0.004.
    expect(Math.abs(informed / total - 0.3)).toBeLessThan(0.015);
  });

  it('the closed form: rates by depth, the informed share, edge = depth − φ·J·tick', () => {
    // No diffusion, and J (0.40) short of the quote (0.5 + half a spread): no fill from a crossing move.
    const cfg = { arrivalRatePerSecond: 4, depthDecayPerQuote: 2, informedShare: 0.25, informedMoveTicks: 40, spreadTicks: 2, volatilityPerMinute: 0 };
    expect(fillRatesAtDepth(cfg, 0.005).total).toBeCloseTo(4, 12); // inside the spread: every arrival
    const at = fillRatesAtDepth(cfg, 0.5);
    expect(at.total).toBeCloseTo(4 * Math.exp(-1), 12);
    expect(at.informedShare).toBeCloseTo(0.25, 12);
    const truth = symmetricQuoteTruth(cfg, 0.5);
    expect(truth.adverseSelection).toBeCloseTo(0.25 * 40 * 0.01, 12);
    expect(truth.edge).toBeCloseTo(0.5 - 0.1, 12);
    expect(symmetricQuoteTruth({ ...cfg, informedShare: 0 }, 0.5).edge).toBe(0.5);
    // A jump that reaches the quote fills it when the informed order did not: every informed order
    // then fills the quote exactly once (adverse J). Never twice: the quote the order filled is
    // re-placed only after its timestamp, which includes the jump.
    const crossing = symmetricQuoteTruth({ ...cfg, informedMoveTicks: 60 }, 0.5);
    const through = 4 * Math.exp(-1);
    expect(crossing.fillsPerSecond).toBeCloseTo(2 * (through + 0.25 * 4 * (1 - Math.exp(-1))), 12);
    expect(crossing.adverseSelection * crossing.fillsPerSecond).toBeCloseTo(2 * 0.25 * 4 * 0.6, 12);
    // Informed takers that sweep deeper (smaller k_I) make deep quotes more exposed.
    const deep = fillRatesAtDepth({ ...cfg, informedDepthDecay: 0.5 }, 2);
    expect(deep.informedShare).toBeCloseTo((0.25 * Math.exp(-1)) / (0.25 * Math.exp(-1) + 0.75 * Math.exp(-4)), 12);
    expect(() => fillRatesAtDepth(cfg, -1)).toThrow(/depth must be/);
    expect(() => symmetricQuoteTruth({ ...cfg, informedShare: 1.5 }, 1)).toThrow(ConfigError);
    expect(() => new KnownEdgeFlow({ candleMs: 1500, stepMs: 1000 })).toThrow(/candleMs/);
  });

  it('a direct simulation of a symmetric quote recovers the closed form (no engine)', () => {
    const cfg: Partial<KnownEdgeMarketConfig> = { durationMinutes: 60, seed: 21, informedShare: 0.2, informedMoveTicks: 100, informedDepthDecay: 0.15 };
    const depth = 3;
    const events = [...generateKnownEdgeMarket(cfg)];
    const { capture, adverse } = simulateQuotes(events, () => [depth, depth], 1);
    const truth = symmetricQuoteTruth(cfg, depth);
    // Capture is the depth but for the rare print within the millisecond of a touch move, which
    // meets the quote set against the previous mid (as in the engine).
    expect(Math.abs(mean(capture) - depth)).toBeLessThan(0.001 * depth);
    expect(Math.abs(mean(adverse) - truth.adverseSelection)).toBeLessThan(3.5 * stderr(adverse));
    // Fill count: Poisson with mean fillsPerSecond x 3600.
    const expected = truth.fillsPerSecond * 3600;
    expect(Math.abs(capture.length - expected)).toBeLessThan(4 * Math.sqrt(expected));
    // One tick behind the touch: every informed order and most diffusive moves fill the quote (an
    // informed order once: its jump comes before the filled quote is re-placed).
    const near = simulateQuotes(events, () => [0.015, 0.015], 1);
    const nearTruth = symmetricQuoteTruth(cfg, 0.015);
    expect(Math.abs(near.capture.length / 3600 / nearTruth.fillsPerSecond - 1)).toBeLessThan(0.03);
    expect(Math.abs(mean(near.adverse) - nearTruth.adverseSelection)).toBeLessThan(4 * stderr(near.adverse));
  });

  it('a direct simulation of an inventory-skewed rule recovers the birth-death oracle (no engine)', () => {
    const cfg: Partial<KnownEdgeMarketConfig> = { durationMinutes: 90, seed: 4, informedShare: 0.15 };
    // Skew 0.5 per unit of inventory around a 2.5 half-spread, |q| <= 4.
    const rule = { minQ: -4, maxQ: 4, bidDepth: (q: number) => 2.5 + 0.5 * q, askDepth: (q: number) => 2.5 - 0.5 * q };
    const truth = inventoryRuleTruth(cfg, rule);
    const events = [...generateKnownEdgeMarket(cfg)];
    const { capture, adverse } = simulateQuotes(events, (q) => [q < 4 ? rule.bidDepth(q) : Infinity, q > -4 ? rule.askDepth(q) : Infinity], 1);
    const pSum = truth.inventoryDistribution.reduce((a, s) => a + s.p, 0);
    expect(pSum).toBeCloseTo(1, 12);
    // Fills are serially correlated through q: compare with batch means of 30 batches.
    const batches = 30;
    const size = Math.floor(capture.length / batches);
    const batchMeans = Array.from({ length: batches }, (_, b) => mean(capture.slice(b * size, (b + 1) * size)));
    expect(Math.abs(mean(capture) - truth.spreadCapture)).toBeLessThan(4 * stderr(batchMeans));
    expect(Math.abs(mean(adverse) - truth.adverseSelection)).toBeLessThan(4 * stderr(adverse));
    expect(Math.abs(capture.length / 5400 - truth.fillsPerSecond) / truth.fillsPerSecond).toBeLessThan(0.05);
  });
});
