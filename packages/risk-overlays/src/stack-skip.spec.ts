import { intentRecord, type QuoteIntent, type Strategy } from '@mml/core';
import { createStabilityOverlays } from './default-overlays';
import type { OverlayStack } from './overlay';
import type { RiskField, RiskState } from './risk-state';
import type { RiskStateTracker } from './risk-state-tracker';
import { RiskReadsSnapshot } from './risk-reads-snapshot';
import { withOverlays } from './with-overlays';
import { calmRisk, candle, context, symmetricIntent } from './risk-fixtures.test-helpers';
import { SplitModel } from './split-model.test-helpers';

const MIN = 60_000;

/** Values each RiskState field takes in the random walk (the overlays' thresholds sit between them). */
const POOLS: Record<Exclude<RiskField, 'now'>, number[]> = {
  mid: [30_000, 30_001],
  midTicks: [3_000_000, 3_000_100, 2_999_000],
  equity: [10_000, 9_000, 8_000, 9_500],
  initialEquity: [10_000, 9_000],
  peakEquity: [10_000, 11_000],
  drawdown: [0, 0.1, 0.2, 0.35],
  inventoryLots: [0, 5, -5],
  inventory: [0, 0.00005],
  inventoryFraction: [0, 0.3],
  sigma: [0.0005, 0.002, 0.003, NaN],
  sigmaSlow: [0.0005, 0.0001, NaN],
  sigmaTarget: [0.001, 0.0004],
  barMs: [60_000, 1_000],
  recentReturn: [0, -0.03, 0.03, -0.001, -0],
  returnWindowBars: [5, 1],
  trendReturn: [0, -0.01, 0.01],
  trendWindowBars: [30, 2],
  bars: [100, 101],
};
const FIELDS = Object.keys(POOLS) as Array<Exclude<RiskField, 'now'>>;

/** The same stack, but its overlays say neither what they read nor when they are settled: re-applied on every event. */
function unskippable(stack: OverlayStack): OverlayStack {
  return {
    ...stack,
    bind(schema) {
      const active = stack.bind(schema);
      return { name: active.name, state: active.state, apply: (intent, risk) => active.apply(intent, risk) };
    },
  };
}

/** The same stack, counting its applications. */
function counted(stack: OverlayStack, count: { applies: number }): OverlayStack {
  return {
    ...stack,
    bind(schema) {
      const active = stack.bind(schema);
      return {
        name: active.name,
        state: active.state,
        reads: active.reads,
        settled: active.settled,
        apply(intent, risk) {
          count.applies++;
          active.apply(intent, risk);
        },
      };
    },
  };
}

/** A tracker handing out the given (test-driven) risk state. */
function fixedTracker(risk: RiskState): RiskStateTracker {
  return { update: () => risk } as unknown as RiskStateTracker;
}

/** A model that quotes once and then always returns undefined. */
function quoteOnce(): Strategy {
  let quoted = false;
  return {
    name: 'once',
    onEvent() {
      if (quoted) return undefined;
      quoted = true;
      return symmetricIntent() as QuoteIntent;
    },
  };
}

const record = (intent: QuoteIntent | undefined) => (intent === undefined ? undefined : intentRecord(intent));

describe('withOverlays skips re-applying a settled stack', () => {
  it.each([
    ['a model returning undefined', quoteOnce],
    ['a split model that is not due', () => new SplitModel()],
  ])('gives on every event what re-applying gives, with %s, while risk fields change one at a time (and skips when none the stack reads did)', (_name, makeModel) => {
    const stack = createStabilityOverlays({ adverseMoveFilter: { holdMs: 3 * MIN }, drawdownBreaker: { cooldownMs: 4 * MIN, reentryRampMs: 4 * MIN } });
    const count = { applies: 0 };
    const riskA = calmRisk();
    const riskB = calmRisk();
    const skipping = withOverlays(makeModel(), counted(stack, count), fixedTracker(riskA));
    const reference = withOverlays(makeModel(), unskippable(stack), fixedTracker(riskB));
    let seed = 12_345;
    const random = (n: number): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return Math.floor((seed / 2_147_483_648) * n);
    };
    const steps = 3000;
    for (let i = 1; i <= steps; i++) {
      const now = riskA.now + MIN;
      riskA.now = riskB.now = now;
      // Most events change nothing but the time; the rest change one field (possibly to its current value).
      if (random(3) === 0) {
        const field = FIELDS[random(FIELDS.length)];
        const pool = POOLS[field];
        riskA[field] = riskB[field] = pool[random(pool.length)];
      }
      const ctx = context({ now, mid: 30_000 });
      const got = record(skipping.onEvent(candle(now, 30_000), ctx));
      const want = record(reference.onEvent(candle(now, 30_000), ctx));
      if (JSON.stringify(got) !== JSON.stringify(want)) throw new Error(`event ${i}: ${JSON.stringify(got)} !== ${JSON.stringify(want)} (risk ${JSON.stringify(riskA)})`);
      expect(skipping.overlayState).toEqual(reference.overlayState);
    }
    // The skip was taken (often), and not always (the walk moves the stack's inputs).
    expect(count.applies).toBeLessThan(steps * 0.8);
    expect(count.applies).toBeGreaterThan(steps * 0.2);
  });

  it('re-applies when a field an overlay reads changes, also where the quotes stay the same', () => {
    const count = { applies: 0 };
    const risk = calmRisk();
    const strategy = withOverlays(quoteOnce(), counted(createStabilityOverlays(), count), fixedTracker(risk));
    const step = (change: (r: RiskState) => void): number => {
      const before = count.applies;
      change(risk);
      risk.now += MIN;
      strategy.onEvent(candle(risk.now, 30_000), context({ now: risk.now, mid: 30_000 }));
      return count.applies - before;
    };
    expect(step(() => undefined)).toBe(1);
    expect(step(() => undefined)).toBe(0);
    for (const field of ['sigma', 'sigmaSlow', 'sigmaTarget', 'recentReturn', 'returnWindowBars', 'trendReturn', 'trendWindowBars', 'drawdown', 'equity', 'peakEquity', 'initialEquity', 'inventoryLots', 'midTicks'] as const) {
      expect([field, step((r) => (r[field] = r[field] === 0 ? -0 : r[field] * 1.000_000_1))]).toEqual([field, 1]);
      expect([field, step(() => undefined)]).toEqual([field, 0]);
    }
    // Fields no overlay reads do not make it re-apply.
    expect(step((r) => ((r.mid += 1), (r.bars += 1), (r.inventoryFraction = 0.5)))).toBe(0);
  });

  it('keeps re-applying while an overlay runs on time (a hard breaker cooling down)', () => {
    const count = { applies: 0 };
    const risk = calmRisk();
    const strategy = withOverlays(quoteOnce(), counted(createStabilityOverlays({ drawdownBreaker: { cooldownMs: 3 * MIN } }), count), fixedTracker(risk));
    const quotes: Array<number | undefined> = [];
    for (let i = 0; i < 8; i++) {
      risk.now += MIN;
      if (i === 1) risk.equity = 8_000; // 20% below the peak: hard trip, off for 3 minutes
      if (i === 2) risk.equity = 10_000;
      quotes.push(strategy.onEvent(candle(risk.now, 30_000), context({ now: risk.now, mid: 30_000 }))?.bids.length);
    }
    // Tripped (quotes pulled); after that nothing the stack reads changes, but the cooldown and then
    // the re-entry ramp run on time: applied on every event.
    expect(quotes[1]).toBe(0);
    expect(count.applies).toBe(8);
  });
});

describe('RiskReadsSnapshot', () => {
  it('is same only for bit-identical read fields: 0 is not -0, NaN is NaN, unread fields are ignored', () => {
    const snapshot = new RiskReadsSnapshot(['recentReturn', 'drawdown', 'sigma']);
    snapshot.take(calmRisk({ recentReturn: 0, drawdown: -0, sigma: NaN }));
    expect(snapshot.same(calmRisk({ recentReturn: 0, drawdown: -0, sigma: NaN, equity: 1 }))).toBe(true);
    expect(snapshot.same(calmRisk({ recentReturn: -0, drawdown: -0, sigma: NaN }))).toBe(false);
    expect(snapshot.same(calmRisk({ recentReturn: 0, drawdown: 0, sigma: NaN }))).toBe(false);
    expect(snapshot.same(calmRisk({ recentReturn: 0, drawdown: -0, sigma: 0.001 }))).toBe(false);
    expect(snapshot.same(calmRisk({ recentReturn: 5e-324, drawdown: -0, sigma: NaN }))).toBe(false);
  });
});
