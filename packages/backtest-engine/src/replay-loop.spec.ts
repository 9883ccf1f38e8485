import { stableStringify, type Fill, type MarketEvent, type QuoteIntent, type Strategy, type StrategyContext } from '@mml/core';
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

/**
 * A bench-like quoter: split contract, no onFill (so nothing refreshes the context from a fill),
 * one level a side around the mid skewed by the inventory, and every `flattenEvery`-th quote (0 = never) asks for a flatten.
 */
function bareQuoter(halfSpreadTicks: number, flattenEvery = 0): Strategy & { quoteCalls: number } {
  const intent: QuoteIntent = { bids: [{ priceTicks: 0, sizeLots: 0 }], asks: [{ priceTicks: 0, sizeLots: 0 }] };
  let calls = 0;
  const quote = (ctx: StrategyContext): QuoteIntent => {
    calls++;
    // Skewed by the inventory it has been told of (fills reach it only through its context), and
    // a tick by the peak equity (an input the engine must re-ask on).
    const mid = ctx.instrument.priceToTicks(ctx.mid) - Math.round(ctx.inventoryLots / 1_000) - (Math.floor(ctx.peakEquity) % 2);
    intent.bids[0].priceTicks = mid - halfSpreadTicks;
    intent.bids[0].sizeLots = 2_000;
    intent.asks[0].priceTicks = mid + halfSpreadTicks;
    intent.asks[0].sizeLots = 2_000;
    intent.flatten = flattenEvery > 0 && calls % flattenEvery === 0;
    return intent;
  };
  return {
    name: 'bare', onEvent: (_e, ctx) => quote(ctx), observe: () => false, quote,
    get quoteCalls() {
      return calls;
    },
  };
}

const tradesOnly = ticks.filter((e) => e.kind === 'trade');
const runBoth = (events: MarketEvent[], make: () => Strategy & { quoteCalls: number }, config: object) => {
  const a = make();
  const adapter = new MarketMakingEngine(BTC, a, config);
  for (const e of events) adapter.onEvent(e);
  const b = make();
  return { viaSteps: adapter.finish(), viaRun: runBacktest({ events, strategy: b, instrument: BTC, config }), quoteCalls: [a.quoteCalls, b.quoteCalls] };
};

describe('replay loop vs the onEvent adapter', () => {
  // The per-fill-model loops skip work when nothing changed and leave rare states to onEvent:
  // each case below drives one of those branches (liquidations in flight, flattening, a touch
  // never seen, plain limit orders filling on arrival, a probabilistic queue, latencies).
  const branches: [string, MarketEvent[], () => Strategy & { quoteCalls: number }, object, (r: ReturnType<typeof runBacktest>) => void][] = [
    ['trade, trades only (mid from trades), bare quoter', tradesOnly, () => bareQuoter(3), { ...base, fillModel: 'trade' }, (r) => expect(r.metrics.fills).toBeGreaterThan(20)],
    ['trade, bare quoter on bbo + trades, 3 ms response latency', ticks, () => bareQuoter(2), { ...base, fillModel: 'trade', latency: { responseMs: 3 } }, (r) => expect(r.metrics.fills).toBeGreaterThan(20)],
    ['trade, trades only, 9 ms response latency', tradesOnly, () => bareQuoter(2), { ...base, fillModel: 'trade', latency: { responseMs: 9 } }, (r) => expect(r.metrics.fills).toBeGreaterThan(20)],
    ['trade, plain limit orders through the touch, probabilistic queue, 2 ms feed latency', ticks, () => bareQuoter(-1), { ...base, fillModel: 'trade', feedLatencyMs: 2, orders: { postOnly: false }, trade: { queueModel: 'probabilistic' }, risk: { minEdgeBps: -20 } }, (r) => expect(r.metrics.takerFills).toBeGreaterThan(10)],
    ['trade, estimator quoter, probabilistic queue, 2 ms feed latency', ticks, () => estimatorQuoter(true), { ...base, fillModel: 'trade', feedLatencyMs: 2, trade: { queueModel: 'probabilistic' } }, (r) => expect(r.metrics.makerFills).toBeGreaterThan(10)],
    ['trade, equity-limit liquidations', tradesOnly, () => bareQuoter(1), { ...base, fillModel: 'trade', risk: { minEdgeBps: -20, liquidationEquityFraction: 0.9995, haltAfterLiquidation: false } }, (r) => expect(r.metrics.liquidations).toBeGreaterThan(1)],
    ['trade, a flatten every 7th quote', ticks, () => bareQuoter(2, 7), { ...base, fillModel: 'trade' }, (r) => expect(r.metrics.liquidations).toBeGreaterThan(0)],
    ['candle, bare quoter, equity-limit liquidation and halt', bars, () => bareQuoter(2), { ...base, fillModel: 'candle', candle: { participationCap: 1 }, risk: { minEdgeBps: -20, liquidationEquityFraction: 0.9999 } }, (r) => expect(r.metrics.liquidations).toBe(1)],
    ['candle, a flatten every 5th quote, 60 s feed latency', bars, () => bareQuoter(3, 5), { ...base, fillModel: 'candle', feedLatencyMs: 60_000, candle: { participationCap: 1 } }, (r) => expect(r.metrics.liquidations).toBeGreaterThan(0)],
  ];

  it.each(branches)('%s: identical results, the strategy asked for quotes at the same events', (_label, events, make, config, check) => {
    const { viaSteps, viaRun, quoteCalls } = runBoth(events, make, config);
    check(viaRun);
    expect(report(viaRun)).toBe(report(viaSteps));
    // The loops skip the comparison of the quote inputs only when it cannot differ: same calls.
    expect(quoteCalls[1]).toBe(quoteCalls[0]);
  });

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

  // The order manager takes a one-level path when a side quotes one level over at most one working
  // order, and replaces an order in place when its cancel takes effect at once (no latency left,
  // not L2). The same quotes with an extra level that is always rejected (size 0: counted under
  // "lot") go through the general path: every order update (ids, prices, sizes, times), fill and
  // metric must be the same but that count.
  const withRejectedLevel = (make: () => Strategy & { quoteCalls: number }): (() => Strategy & { quoteCalls: number }) => () => {
    const inner = make();
    const intent: QuoteIntent = { bids: [{ priceTicks: 0, sizeLots: 0 }, { priceTicks: 1, sizeLots: 0 }], asks: [{ priceTicks: 0, sizeLots: 0 }, { priceTicks: 1, sizeLots: 0 }] };
    const quote = (ctx: StrategyContext): QuoteIntent => {
      const q = inner.quote?.(ctx) as QuoteIntent;
      intent.bids[0].priceTicks = q.bids[0].priceTicks;
      intent.bids[0].sizeLots = q.bids[0].sizeLots;
      intent.asks[0].priceTicks = q.asks[0].priceTicks;
      intent.asks[0].sizeLots = q.asks[0].sizeLots;
      intent.flatten = q.flatten;
      return intent;
    };
    return { name: 'bare+rejected', onEvent: (_e, ctx) => quote(ctx), observe: () => false, quote, quoteCalls: 0 };
  };
  const orderPaths: [string, MarketEvent[], object][] = [
    ['candle (orders replaced in place)', bars, { ...base, fillModel: 'candle', candle: { participationCap: 1 } }],
    ['trade, 1 ms latency (in place once the decision is older than the event)', ticks, { ...base, fillModel: 'trade' }],
    ['trade, 4 ms order latency (cancels pending: cancel + place)', ticks, { ...base, fillModel: 'trade', orderLatencyMs: 4 }],
    ['l2 (queue positions: cancel + place)', ticks, { ...base, fillModel: 'l2' }],
  ];
  it.each(orderPaths)('%s: one-level and general order manager paths place, replace and fill alike', (_label, events, config) => {
    const drive = (strategy: Strategy) => {
      const engine = new MarketMakingEngine(BTC, strategy, config);
      const updates: string[] = [];
      for (const e of events) {
        const step = engine.onEvent(e);
        for (let i = 0; i < step.orderUpdateCount; i++) {
          const u = step.orderUpdates[i];
          updates.push(`${u.kind} ${u.ts} ${u.orderId} ${u.side} ${u.priceTicks} ${u.sizeLots}`);
        }
      }
      const result = engine.finish();
      return { updates, result, open: engine.openOrders().map((o) => `${o.id} ${o.side} ${o.priceTicks} ${o.remainingLots}`) };
    };
    const one = drive(bareQuoter(2));
    const general = drive(withRejectedLevel(() => bareQuoter(2))());
    expect(one.updates.filter((u) => u.startsWith('cancel')).length).toBeGreaterThan(50);
    expect(one.result.metrics.fills).toBeGreaterThan(10);
    expect(general.updates).toEqual(one.updates);
    expect(general.open).toEqual(one.open);
    const { rejectedLevels: r1, ...m1 } = one.result.metrics;
    const { rejectedLevels: r2, ...m2 } = general.result.metrics;
    expect(m2).toEqual(m1);
    expect({ ...r2, lot: 0 }).toEqual({ ...r1, lot: 0 });
    expect(r2.lot).toBeGreaterThan(r1.lot);
    expect(stableStringify(general.result.fills)).toBe(stableStringify(one.result.fills));
    expect(stableStringify(general.result.equityCurve)).toBe(stableStringify(one.result.equityCurve));
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
