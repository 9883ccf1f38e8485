import { intentRecord, QuoteInputsWatch, type QuoteIntent, type Strategy, type StrategyContext } from '@mml/core';
import { createStabilityOverlays } from './default-overlays';
import type { RiskState } from './risk-state';
import type { RiskStateTracker } from './risk-state-tracker';
import { withOverlays } from './with-overlays';
import { calmRisk, candle, context, symmetricIntent } from './risk-fixtures.test-helpers';
import { SplitModel } from './split-model.test-helpers';

const MIN = 60_000;

/** A tracker handing out the given (test-driven) risk state. */
function fixedTracker(risk: RiskState): RiskStateTracker {
  return { update: () => risk } as unknown as RiskStateTracker;
}

/** A model without the split that quotes on some events and returns undefined on the others. */
function sometimes(): Strategy {
  let n = 0;
  return {
    name: 'sometimes',
    onEvent() {
      n++;
      return n % 7 === 1 ? (symmetricIntent(400 + (n % 3) * 100) as QuoteIntent) : undefined;
    },
  };
}

const record = (intent: QuoteIntent | undefined) => (intent === undefined ? 'undefined' : JSON.stringify(intentRecord(intent)));

/**
 * The overlay stack's own observe/quote split, driven as the engine drives a split strategy (core's
 * rule: quote when observe says so, or the context's quote inputs moved, or a fill came; else the
 * last quote stands), must hand the engine on every event what onEvent gives a twin: the same
 * answer (undefined or an intent with the same levels, flatten flag, diagnostics and reasons); and
 * when it is not asked, the intent it last handed out must still be what it was then (the engine
 * acts on it again as is, without looking: `repeatRejections`).
 */
describe('withOverlays as a split strategy (observe + quote)', () => {
  it.each([
    ['a split model', () => new SplitModel()],
    ['a model without the split, returning undefined between quotes', sometimes],
  ])('gives, over %s, what onEvent gives on every event while risk, context and fills move', (_name, makeModel) => {
    const stack = () => createStabilityOverlays({ adverseMoveFilter: { holdMs: 3 * MIN }, drawdownBreaker: { cooldownMs: 4 * MIN, reentryRampMs: 4 * MIN } });
    const riskA = calmRisk();
    const riskB = calmRisk();
    const split = withOverlays(makeModel(), stack(), fixedTracker(riskA));
    const plain = withOverlays(makeModel(), stack(), fixedTracker(riskB));
    const watch = new QuoteInputsWatch();
    let lastQuoted: QuoteIntent | undefined;
    let lastQuotedRecord = 'undefined';
    let seed = 987;
    const random = (n: number): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return Math.floor((seed / 2_147_483_648) * n);
    };
    const pools: Array<[keyof RiskState, number[]]> = [
      ['equity', [10_000, 9_500, 8_000]],
      ['drawdown', [0, 0.1, 0.2, 0.35]],
      ['sigma', [0.0005, 0.002, 0.003]],
      ['recentReturn', [0, -0.03, 0.03]],
      ['inventoryLots', [0, 5, -5]],
      ['trendReturn', [0, -0.01, 0.01]],
    ];
    let mid = 30_000;
    let inventoryLots = 0;
    const counts = { asked: 0, standing: 0, undefinedAnswers: 0, intents: 0 };
    for (let i = 1; i <= 4000; i++) {
      const now = riskA.now + MIN;
      riskA.now = riskB.now = now;
      if (random(3) === 0) {
        const [field, pool] = pools[random(pools.length)];
        riskA[field] = riskB[field] = pool[random(pool.length)];
      }
      if (random(10) === 0) mid += random(2) === 0 ? 1 : -1;
      const ctx: StrategyContext = context({ now, mid, inventoryLots });
      if (random(25) === 0) {
        // A fill: reported to both, then the account moves.
        const fill = { ts: now, orderId: i, side: 'buy' as const, priceTicks: 3_000_000, sizeLots: 1, liquidity: 'maker' as const, fee: 0, reason: 'quote' as const };
        split.onFill?.(fill, ctx);
        plain.onFill?.(fill, ctx);
        watch.fillReported();
        if (random(2) === 0) inventoryLots += 1;
      }
      const event = candle(now, mid);
      const want = plain.onEvent(event, ctx);
      const moved = split.observe(event, ctx);
      let got: QuoteIntent | undefined;
      if (watch.due(ctx, moved)) {
        counts.asked++;
        got = split.quote(ctx);
        lastQuoted = got;
        lastQuotedRecord = record(got);
      } else {
        counts.standing++;
        got = lastQuoted;
        // Not asked: the intent last handed out stands, unchanged.
        if (record(got) !== lastQuotedRecord) throw new Error(`event ${i}: the standing intent changed since it was handed out`);
      }
      if (record(got) !== record(want)) throw new Error(`event ${i}: split ${record(got)} !== onEvent ${record(want)}`);
      if (want === undefined) counts.undefinedAnswers++;
      else counts.intents++;
    }
    // The walk exercises both halves: quotes asked for and left standing, answers of both kinds.
    expect(counts.asked).toBeGreaterThan(400);
    expect(counts.standing).toBeGreaterThan(400);
    expect(counts.intents).toBeGreaterThan(100);
    if (makeModel === sometimes) expect(counts.undefinedAnswers).toBeGreaterThan(100);
  });

  it('observe is false only when the stack was skipped and its answer is the one last handed out', () => {
    const risk = calmRisk();
    const strategy = withOverlays(new SplitModel(), createStabilityOverlays(), fixedTracker(risk));
    const ctx = () => context({ now: risk.now, mid: 30_000 });
    const observe = () => {
      risk.now += MIN;
      return strategy.observe(candle(risk.now, 30_000), ctx());
    };
    expect(observe()).toBe(true); // first event
    strategy.quote(ctx());
    expect(observe()).toBe(false); // same inputs, settled stack: skipped, the same intent stands
    risk.sigma = 0.003; // an input the stack reads: applied again
    expect(observe()).toBe(true);
    // Not asked for its quote (an engine may skip it): the next skipped event's answer is not the
    // one last handed out as far as the stack knows, so it still says true until asked.
    expect(observe()).toBe(true);
    strategy.quote(ctx());
    expect(observe()).toBe(false);
  });
});
