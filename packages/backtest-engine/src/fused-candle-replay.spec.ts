import type { MarketEvent } from '@mml/core';
import { expectSameAsAdapter, runBothWays, type MixedOptions } from './mixed-quoter.test-helpers';
import { bbo, randomCandles } from './testing.test-helpers';

/**
 * The fused candle loop (candle-replay.ts) against the onEvent adapter, on streams that enter and
 * leave every state it hands to the general path: multi-level and one-sided quotes, flattens,
 * equity-limit liquidations (with and without halt), bbo events (a known touch), events with a
 * receive time (a decision clock ahead of the bar), repeated timestamps, data gaps, a strategy
 * with onFill, and every order-manager rejection (lot, inventory, balance, edge, post-only, min
 * notional). Identical fills, quotes, metrics, equity rows, attribution (exact parts), breaker
 * trips, and the same quote calls; and the fused loop must have processed most events itself.
 */

const bars = randomCandles(1_500, 31);

/** Bars with bbo events now and then, a few bars carrying a receive time, repeated timestamps and a 30-minute gap. */
function mixedStream(): MarketEvent[] {
  const out: MarketEvent[] = [];
  bars.forEach((event, i) => {
    if (event.kind !== 'candle') return;
    const shift = i >= 700 ? 30 * 60_000 : 0; // a data gap
    const bar = { ...event, ts: event.ts + shift, openTime: event.openTime + shift };
    if (i % 97 === 50) out.push(bbo(bar.ts - 1, bar.open - 0.5, 2, bar.open + 0.5, 3));
    if (i % 31 === 7) out.push({ ...bar, localTs: bar.ts + 150_000 }); // decisions taken 2.5 bars later
    else out.push(bar);
    if (i % 211 === 11) out.push({ ...bar, close: bar.close + 0.01 }); // the same ts again
  });
  return out;
}

const base = { fillModel: 'candle', quoteBudget: 50_000, startBaseFraction: 0.5, candle: { participationCap: 1 }, risk: { minEdgeBps: -9.9 } };

const runs: [string, MarketEvent[], MixedOptions, object][] = [
  ['one level a side (all fused)', bars, {}, base],
  ['without recordFills, allowShort, a breaker trip every 9th quote', bars, { breakerEvery: 9 }, { ...base, recordFills: false, allowShort: true }],
  ['two levels / one side / odd levels now and then', bars, { twoLevelsEvery: 11, oneSidedEvery: 13, oddEvery: 5 }, base],
  ['flatten every 17th quote, onFill', bars, { flattenEvery: 17, onFill: true }, base],
  ['bbo events, receive times, repeated ts, a gap', mixedStream(), { twoLevelsEvery: 23, oddEvery: 7 }, base],
  ['soft and hard inventory limits, small cash, refresh tolerance', bars, { sizeLots: 40_000, oddEvery: 3 }, { ...base, quoteBudget: 3_000, orders: { refreshToleranceTicks: 1 }, risk: { minEdgeBps: -9.9, softInventoryLimit: 0.3, hardInventoryLimit: 0.6 } }],
  // The bid's room under the hard limit is within a few lots of its size (the lot count is
  // computed only where it can clip: this pins the pre-check's margin).
  ['the hard limit at the margin of a level', bars, { sizeLots: 20_000 }, { ...base, risk: { minEdgeBps: -9.9, softInventoryLimit: 0.6, hardInventoryLimit: 0.62 } }],
  // The bid's size is within a fraction of a percent of what the cash buys (likewise for the affordability pre-check).
  ['the cash at the margin of a bid', bars, { sizeLots: 83_000 }, { ...base, risk: { minEdgeBps: -9.9, softInventoryLimit: 50, hardInventoryLimit: 100 } }],
  ['edge filter: the reducing side moved out', bars, { oddEvery: 4 }, { ...base, risk: { minEdgeBps: -7 } }],
  ['edge filter with reduce-only bypass', bars, {}, { ...base, risk: { minEdgeBps: 2, reduceOnlyBypass: true } }],
  ['equity-limit liquidation and halt', bars, { sizeLots: 30_000 }, { ...base, risk: { minEdgeBps: -20, liquidationEquityFraction: 0.9999 } }],
  ['equity-limit liquidations without halt, shorting', bars, { sizeLots: 30_000 }, { ...base, allowShort: true, risk: { minEdgeBps: -20, liquidationEquityFraction: 0.9998, haltAfterLiquidation: false } }],
];

describe('fused candle loop vs the onEvent adapter', () => {
  it.each(runs)('%s: identical results, quote calls and fills heard', (_label, events, options, config) => {
    const r = runBothWays(events, options, config);
    expectSameAsAdapter(r);
    // The fused loop took most bars itself (the general path: the first bar, and the rare states;
    // once halted, every bar).
    if (!r.halted) expect(r.generalCalls).toBeLessThan(events.length / 2);
    expect(r.generalCalls).toBeGreaterThan(0);
  });

  it('the rare states do reach the general path (so the comparisons above cover the hand-overs)', () => {
    const count = (events: MarketEvent[], options: MixedOptions, config: object) => {
      const r = runBothWays(events, options, config);
      return { general: r.generalCalls, result: r.viaRun };
    };
    expect(count(bars, {}, base).general).toBe(1); // the first bar starts the run
    expect(count(bars, { twoLevelsEvery: 11, oneSidedEvery: 13 }, base).general).toBeGreaterThan(100);
    const flat = count(bars, { flattenEvery: 17 }, base);
    expect(flat.result.metrics.liquidations).toBeGreaterThan(5);
    expect(count(mixedStream(), {}, base).general).toBeGreaterThan(20);
    const halted = count(bars, { sizeLots: 30_000 }, { ...base, risk: { minEdgeBps: -20, liquidationEquityFraction: 0.9999 } });
    expect(halted.result.metrics.liquidations).toBe(1);
    expect(halted.general).toBeGreaterThan(100); // halted: every later bar
  });
});
