import { stableStringify, type MarketEvent, type QuoteIntent, type StrategyContext } from '@mml/core';
import { MarketMakingEngine } from './engine';
import { BTC, estimatorQuoter, randomCandles, randomTicks } from './testing.test-helpers';

/**
 * Issue 15 item 2: a strategy with observe + quote is asked for quotes only when its inputs
 * changed; in between the engine acts as if it returned its last intent again. Nothing a run
 * reports may differ from calling it on every event.
 */

function run(events: MarketEvent[], config: object, split: boolean) {
  const strategy = estimatorQuoter(split);
  // The edge filter at 0.1 bps outside the fee: the outer levels pass, the inner ones (2 ticks) do not.
  const engine = new MarketMakingEngine(BTC, strategy, { quoteBudget: 50_000, startBaseFraction: 0.5, risk: { minEdgeBps: -9.9 }, ...config });
  const rejectsPerStep: string[] = [];
  for (const e of events) {
    const step = engine.onEvent(e);
    const r = step.rejectedLevels;
    rejectsPerStep.push(`${r.edge},${r.inventory},${r.balance},${r.postOnly},${r.minNotional},${r.lot},${step.orderUpdateCount}`);
  }
  const result = engine.finish();
  return {
    quoteCalls: strategy.quoteCalls,
    report: stableStringify({ metrics: result.metrics, fills: result.fills, breakerTrips: result.breakerTrips, attribution: result.attribution, equity: result.equityCurve, rejectsPerStep }),
    result,
  };
}

describe('strategy call contract: observe on every event, quote only when its inputs changed', () => {
  const ticks = randomTicks(6_000, 11);
  const bars = randomCandles(3_000, 12);
  const cases: [string, MarketEvent[], object][] = [
    ['trade fill model, 1 ms order latency', ticks, { fillModel: 'trade' }],
    ['trade fill model, 5 ms order + 3 ms response latency, plain limit orders', ticks, { fillModel: 'trade', orderLatencyMs: 5, latency: { responseMs: 3 }, orders: { postOnly: false } }],
    ['trade fill model, cooldown after fills and max order age', ticks, { fillModel: 'trade', orders: { cooldownAfterFillMs: 20, maxOrderAgeMs: 500 } }],
    ['L2 simulator on touch updates and trades', ticks, { fillModel: 'l2' }],
    ['candle fill model', bars, { fillModel: 'candle', candle: { participationCap: 1 } }],
  ];

  it.each(cases)('%s: identical fills, metrics, rejections, breaker trips and equity; fewer quote calls', (_label, events, config) => {
    const every = run(events, config, false);
    const split = run(events, config, true);
    expect(every.result.metrics.fills).toBeGreaterThan(20);
    expect(every.result.metrics.rejectedLevels.edge + every.result.metrics.rejectedLevels.balance).toBeGreaterThan(100);
    expect(every.result.breakerTrips.length).toBeGreaterThan(0);
    expect(split.report).toBe(every.report);
    expect(every.quoteCalls).toBe(events.length);
    expect(split.quoteCalls).toBeLessThan(events.length);
  });

  it('a strategy that ignores an input it depends on is caught by this comparison (the check has power)', () => {
    // Quoting off ctx.now (not an input the engine tracks) without saying so in observe breaks the contract.
    const make = (split: boolean) => {
      const intent: QuoteIntent = { bids: [{ priceTicks: 0, sizeLots: 3_000 }], asks: [] };
      const quote = (ctx: StrategyContext) => {
        intent.bids[0].priceTicks = ctx.instrument.priceToTicks(ctx.mid) - 30 - (Math.floor(ctx.now / 1_000) % 4);
        return intent;
      };
      return { name: 'clock', onEvent: (_e: MarketEvent, ctx: StrategyContext) => quote(ctx), ...(split ? { observe: () => false, quote } : {}) };
    };
    const fillsOf = (split: boolean) => {
      const engine = new MarketMakingEngine(BTC, make(split), { quoteBudget: 50_000, fillModel: 'trade', risk: { minEdgeBps: -9.9 } });
      for (const e of ticks) engine.onEvent(e);
      return stableStringify(engine.finish().fills);
    };
    expect(fillsOf(true)).not.toBe(fillsOf(false));
  });
});
