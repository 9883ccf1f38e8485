import { SeededRandom, stableStringify, type MarketEvent, type QuoteIntent, type Strategy, type StrategyContext } from '@mml/core';
import { MarketMakingEngine } from './engine';
import { BTC, bbo, candle, trade } from './testing.test-helpers';

/**
 * Issue 15 item 2: a strategy with observe + quote is asked for quotes only when its inputs
 * changed; in between the engine acts as if it returned its last intent again. Nothing a run
 * reports may differ from calling it on every event.
 */

/** Trades and touch updates of a random walk, several prints per ms now and then (sweeps). */
function tickEvents(n: number, seed: number): MarketEvent[] {
  const rng = new SeededRandom(seed);
  const out: MarketEvent[] = [];
  let mid = 3_000_000; // ticks (30 000.00)
  let ts = 1_700_000_000_000;
  for (let i = 0; i < n; i++) {
    ts += rng.int(3) * 7;
    const u = rng.uniform();
    if (u < 0.25) {
      mid += rng.bernoulli(0.5) ? 1 : -1;
      if (rng.bernoulli(0.05)) mid += rng.bernoulli(0.5) ? 600 : -600;
      out.push(bbo(ts, (mid - 1) / 100, 1 + rng.int(5), (mid + 1) / 100, 1 + rng.int(5)));
    } else {
      const sell = rng.bernoulli(0.5);
      const reach = rng.bernoulli(0.03) ? 900 : 1 + rng.int(3);
      out.push(trade(ts, (sell ? mid - reach : mid + reach) / 100, Math.max(0.00001, Math.round(rng.exponential(1 / 0.05) * 1e5) / 1e5), sell ? 'sell' : 'buy'));
    }
  }
  return out;
}

function candleEvents(n: number, seed: number): MarketEvent[] {
  const rng = new SeededRandom(seed);
  const out: MarketEvent[] = [];
  let price = 30_000;
  for (let i = 0; i < n; i++) {
    const open = price;
    // Every 7th bar closes where it opened: the mid does not move.
    const close = i % 7 === 3 ? open : Math.round(open * (1 + 0.0001 * rng.normal()) * 100) / 100;
    const high = Math.round(Math.max(open, close) * (1 + 0.00001 * rng.exponential(1)) * 100) / 100;
    const low = Math.round(Math.min(open, close) * (1 - 0.00001 * rng.exponential(1)) * 100) / 100;
    out.push(candle(1_700_000_000_000 + i * 60_000, open, high, low, close, rng.exponential(1 / 20)));
    price = close;
  }
  return out;
}

/**
 * A quoter with what real formats have: an estimator fed by every trade that moves the quote only
 * now and then (a trade-price EWMA rounded to 5 ticks), inventory skew, a second level inside the
 * fee (rejected by the edge filter while it does not reduce inventory), asks beyond the base held
 * (balance rejections), a breaker flag, and fill bookkeeping. `split` exposes observe + quote;
 * otherwise the same logic runs in onEvent on every event.
 */
function quoter(split: boolean): Strategy & { quoteCalls: number; fills: number } {
  let ewma = NaN;
  let offsetTicks = 0;
  let fills = 0;
  const intent: QuoteIntent = { bids: [], asks: [], diagnostics: {}, reasons: [] };
  const observe = (event: MarketEvent): boolean => {
    if (event.kind !== 'trade') return false;
    const price = event.price;
    ewma = Number.isNaN(ewma) ? price : 0.9 * ewma + 0.1 * price;
    const next = Math.round((ewma * 100) / 5) * 5 - Math.round((price * 100) / 5) * 5;
    if (next === offsetTicks) return false;
    offsetTicks = next;
    return true;
  };
  const quote = (ctx: StrategyContext): QuoteIntent => {
    self.quoteCalls++;
    const inst = ctx.instrument;
    const mid = inst.priceToTicks(ctx.mid);
    const skew = Math.round(ctx.inventoryLots / 2_000);
    const outer = 40 + (fills % 3);
    intent.bids = [
      { priceTicks: mid + offsetTicks - outer - skew, sizeLots: 3_000 },
      { priceTicks: mid - 2, sizeLots: 1_000 },
    ];
    intent.asks = [
      { priceTicks: mid + offsetTicks + outer - skew, sizeLots: 3_000 },
      { priceTicks: mid + 2, sizeLots: 1_000 },
      { priceTicks: mid + 200, sizeLots: 10_000_000 },
    ];
    intent.diagnostics = { breakerTrip: Math.abs(ctx.inventoryLots) > 20_000 ? 1 : 0 };
    intent.reasons = intent.diagnostics.breakerTrip === 1 ? ['inventory'] : [];
    return intent;
  };
  const self = {
    name: split ? 'split' : 'every-event',
    quoteCalls: 0,
    get fills() {
      return fills;
    },
    onFill: () => {
      fills++;
    },
    onEvent: (event: MarketEvent, ctx: StrategyContext) => {
      observe(event);
      return quote(ctx);
    },
    ...(split ? { observe, quote } : {}),
  };
  return self;
}

function run(events: MarketEvent[], config: object, split: boolean) {
  const strategy = quoter(split);
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
  const ticks = tickEvents(6_000, 11);
  const bars = candleEvents(3_000, 12);
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
      const intent: QuoteIntent = { bids: [{ priceTicks: 0, sizeLots: 3_000 }], asks: [], diagnostics: {}, reasons: [] };
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
