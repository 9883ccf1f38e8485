import type { MarketEvent } from '@mml/core';
import { expectSameAsAdapter, runBothWays, type MixedOptions } from './mixed-quoter.test-helpers';
import { randomTicks } from './testing.test-helpers';

/**
 * The fused trade loop (trade-replay.ts) against the onEvent adapter, on tick streams that enter
 * and leave every state it hands to the general path: bbo events (a known touch), events with a
 * receive time, multi-level and one-sided quotes, flattens, equity-limit liquidations, order
 * latency (decisions acting before their orders are live), a strategy with onFill, and the order
 * manager's rejections. Identical fills, quotes, metrics, equity rows, attribution (exact parts),
 * breaker trips and quote calls; and the fused loop must have processed most trades itself.
 */
const ticks = randomTicks(6_000, 41);
const tradesOnly = ticks.filter((e) => e.kind === 'trade');
/** Trades with a receive time now and then (the decision clock runs ahead of the exchange's). */
const withReceiveTimes: MarketEvent[] = tradesOnly.map((e, i) => (i % 53 === 9 ? { ...e, localTs: e.ts + 40 } : e));

const base = { fillModel: 'trade', quoteBudget: 50_000, startBaseFraction: 0.5, risk: { minEdgeBps: -20 } };

const runs: [string, MarketEvent[], MixedOptions, object][] = [
  ['trades only, one level a side', tradesOnly, { halfSpreadTicks: 3 }, base],
  ['trades only, no order latency, without recordFills, allowShort', tradesOnly, { halfSpreadTicks: 2, breakerEvery: 9 }, { ...base, orderLatencyMs: 0, recordFills: false, allowShort: true }],
  ['trades only, 10 ms order latency (some trades come before the orders are live)', tradesOnly, { halfSpreadTicks: 3 }, { ...base, orderLatencyMs: 10 }],
  ['bbo + trades', ticks, { halfSpreadTicks: 2, oddEvery: 7 }, base],
  ['receive times', withReceiveTimes, { halfSpreadTicks: 3 }, base],
  ['two levels / one side / odd levels now and then, onFill', tradesOnly, { halfSpreadTicks: 3, twoLevelsEvery: 11, oneSidedEvery: 13, oddEvery: 5, onFill: true }, base],
  ['flatten every 17th quote', tradesOnly, { halfSpreadTicks: 3, flattenEvery: 17 }, base],
  ['equity-limit liquidations without halt, shorting', tradesOnly, { halfSpreadTicks: 1, sizeLots: 30_000 }, { ...base, allowShort: true, risk: { minEdgeBps: -20, liquidationEquityFraction: 0.9995, haltAfterLiquidation: false } }],
  ['equity-limit liquidation and halt', tradesOnly, { halfSpreadTicks: 1, sizeLots: 30_000 }, { ...base, risk: { minEdgeBps: -20, liquidationEquityFraction: 0.9999 } }],
];

describe('fused trade loop vs the onEvent adapter', () => {
  it.each(runs)('%s: identical results, quote calls and fills heard', (_label, events, options, config) => {
    const r = runBothWays(events, options, config);
    expectSameAsAdapter(r);
    // The fused loop took a good share of the trades itself (not all: latency and bbo hand many over).
    if (!r.halted) expect(r.generalCalls).toBeLessThan(events.length * 0.6);
  });

  it('the rare states do reach the general path', () => {
    expect(runBothWays(tradesOnly, { halfSpreadTicks: 3 }, base).generalCalls).toBe(1); // the first trade starts the run
    expect(runBothWays(tradesOnly, { halfSpreadTicks: 3, twoLevelsEvery: 11, oneSidedEvery: 13 }, base).generalCalls).toBeGreaterThan(100);
    expect(runBothWays(ticks, { halfSpreadTicks: 3 }, base).generalCalls).toBeGreaterThan(1_000); // every bbo
    expect(runBothWays(withReceiveTimes, { halfSpreadTicks: 3 }, base).generalCalls).toBeGreaterThan(50);
    expect(runBothWays(tradesOnly, { halfSpreadTicks: 3 }, { ...base, orderLatencyMs: 10 }).generalCalls).toBeGreaterThan(50);
  });
});
