import { stableStringify, type Fill, type MarketEvent } from '@mml/core';
import { MarketMakingEngine } from './engine';
import { runBacktest, runBacktestAsync } from './run-backtest';
import { BTC, estimatorQuoter, fixedSpread, randomCandles, randomTicks } from './testing.test-helpers';

/**
 * Issue 15 item 3: runBacktest's replay loop (MarketMakingEngine.run) and the event-by-event
 * adapter a paper loop drives (onEvent, then finish) are the same engine: identical fills, fills
 * reported to the strategy, metrics, attribution and equity.
 */
const ticks = randomTicks(5_000, 21);
const bars = randomCandles(2_000, 22);
const base = { quoteBudget: 50_000, startBaseFraction: 0.5, risk: { minEdgeBps: -9.9 } };
const cases: [string, MarketEvent[], object][] = [
  ['candle', bars, { fillModel: 'candle', candle: { participationCap: 1 } }],
  ['trade', ticks, { fillModel: 'trade' }],
  ['trade, 4 ms order / 2 ms response latency, cooldown', ticks, { fillModel: 'trade', orderLatencyMs: 4, latency: { responseMs: 2 }, orders: { cooldownAfterFillMs: 10 } }],
  ['l2', ticks, { fillModel: 'l2' }],
  ['intensity', ticks, { fillModel: 'intensity', intensity: { A: 2, k: 0.5 } }],
];

const report = (r: ReturnType<MarketMakingEngine['finish']>) =>
  stableStringify({ metrics: r.metrics, fills: r.fills, attribution: r.attribution, equity: r.equityCurve, liquidations: r.liquidations, breakerTrips: r.breakerTrips, breakEven: r.breakEvenMakerFeeBps });

describe('replay loop vs the onEvent adapter', () => {
  it.each(cases)('%s: identical results and fills, split and every-event strategies', (_label, events, config) => {
    for (const split of [false, true]) {
      const adapter = new MarketMakingEngine(BTC, estimatorQuoter(split), { ...base, ...config });
      const stepFills: Fill[] = [];
      for (const e of events) for (const f of adapter.onEvent(e).fills) stepFills.push({ ...f });
      const viaSteps = adapter.finish();
      const viaRun = runBacktest({ events, strategy: estimatorQuoter(split), instrument: BTC, config: { ...base, ...config } });
      expect(viaRun.metrics.fills).toBeGreaterThan(10);
      expect(report(viaRun)).toBe(report(viaSteps));
      // The step records list every fill once, as the result does.
      expect(stableStringify(stepFills)).toBe(stableStringify(viaRun.fills));
    }
  });

  it('without recordFills the strategy still hears of every fill (onFill), at the same times', async () => {
    const config = { ...base, fillModel: 'trade', latency: { responseMs: 3 }, recordFills: false };
    const a = fixedSpread(2, 0.02);
    const adapter = new MarketMakingEngine(BTC, a, config);
    for (const e of ticks) adapter.onEvent(e);
    adapter.finish();
    const b = fixedSpread(2, 0.02);
    const viaRun = await runBacktestAsync({ events: ticks, strategy: b, instrument: BTC, config });
    expect(viaRun.fills).toEqual([]);
    expect(a.fills.length).toBeGreaterThan(10);
    expect(b.fills).toEqual(a.fills);
    expect(b.seen).toEqual(a.seen);
  });
});
