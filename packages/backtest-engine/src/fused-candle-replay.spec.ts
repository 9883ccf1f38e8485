import { BREAKER_TRIP, DiagnosticsSchema, QuoteDiagnostics, stableStringify, type Fill, type MarketEvent, type QuoteIntent, type QuoteLevel, type Strategy, type StrategyContext } from '@mml/core';
import { MarketMakingEngine } from './engine';
import { BTC, bbo, randomCandles } from './testing.test-helpers';

/**
 * The fused candle loop (candle-replay.ts) against the onEvent adapter, on streams that enter and
 * leave every state it hands to the general path: multi-level and one-sided quotes, flattens,
 * equity-limit liquidations (with and without halt), bbo events (a known touch), events with a
 * receive time (a decision clock ahead of the bar), repeated timestamps, data gaps, a strategy
 * with onFill, and every order-manager rejection (lot, inventory, balance, edge, post-only, min
 * notional). Identical fills, quotes, metrics, equity rows, attribution (exact parts), breaker
 * trips, and the same quote calls; and the fused loop must have processed most events itself.
 */

interface MixedOptions {
  /** Every n-th quote (0 = never): two bid levels (the general order manager). */
  twoLevelsEvery?: number;
  /** Every n-th quote: no ask level. */
  oneSidedEvery?: number;
  /** Every n-th quote: flatten. */
  flattenEvery?: number;
  /** Every n-th quote: a breaker trip. */
  breakerEvery?: number;
  /** Every n-th quote: a level of 0 lots / a huge size / inside the fee / through the last price / below min notional. */
  oddEvery?: number;
  /** Hear of fills (onFill). */
  onFill?: boolean;
  halfSpreadTicks?: number;
  sizeLots?: number;
}

type Mixed = Strategy & { quoteCalls: number; fills: Fill[] };

/** A split quoter (observe + quote) whose intents visit the rare shapes now and then. */
function mixedQuoter(o: MixedOptions): Mixed {
  const schema = new DiagnosticsSchema([BREAKER_TRIP], ['test']);
  const slot = schema.slot(BREAKER_TRIP);
  const one: QuoteIntent = { bids: [{ priceTicks: 0, sizeLots: 0 }], asks: [{ priceTicks: 0, sizeLots: 0 }], diagnostics: new QuoteDiagnostics(schema) };
  const two: QuoteIntent = { bids: [{ priceTicks: 0, sizeLots: 0 }, { priceTicks: 0, sizeLots: 0 }], asks: [{ priceTicks: 0, sizeLots: 0 }] };
  const bidOnly: QuoteIntent = { bids: [{ priceTicks: 0, sizeLots: 0 }], asks: [] };
  const every = (n: number | undefined, k: number) => n !== undefined && n > 0 && k % n === 0;
  const half = o.halfSpreadTicks ?? 40;
  const size = o.sizeLots ?? 2_000;
  const set = (level: QuoteLevel, priceTicks: number, sizeLots: number) => {
    level.priceTicks = priceTicks;
    level.sizeLots = sizeLots;
  };
  let startLots = 0;
  const self: Mixed = {
    name: 'mixed',
    quoteCalls: 0,
    fills: [],
    onEvent: (_e, ctx) => (self.quote as NonNullable<Strategy['quote']>)(ctx),
    observe: (event) => event.kind === 'candle' && event.volume > 60,
    quote: (ctx: StrategyContext): QuoteIntent | undefined => {
      const k = ++self.quoteCalls;
      if (k === 1) startLots = ctx.inventoryLots;
      // Skewed by the inventory bought or sold since the start (so fills change the quote).
      const mid = ctx.instrument.priceToTicks(ctx.mid) - Math.round((ctx.inventoryLots - startLots) / 20_000);
      let intent = one;
      if (every(o.twoLevelsEvery, k)) intent = two;
      else if (every(o.oneSidedEvery, k)) intent = bidOnly;
      set(intent.bids[0], mid - half, size);
      if (intent.bids.length > 1) set(intent.bids[1], mid - half - 3, size);
      if (intent.asks.length > 0) set(intent.asks[0], mid + half, size);
      if (every(o.oddEvery, k)) {
        const odd = (k / (o.oddEvery as number)) % 6;
        const level = intent.asks.length > 0 && odd % 2 === 1 ? intent.asks[0] : intent.bids[0];
        if (odd === 0) level.sizeLots = 0; // lot
        else if (odd === 1) level.sizeLots = 1e12; // inventory / balance
        else if (odd === 2) level.priceTicks = mid - 1; // inside the fee (edge; moved out when reducing)
        else if (odd === 3) level.priceTicks = mid - 400; // an ask through the last price (post-only)
        else if (odd === 4) level.sizeLots = 1; // below min notional
        else level.priceTicks = 0; // lot
      }
      intent.flatten = every(o.flattenEvery, k);
      if (intent.diagnostics !== undefined) {
        const d = intent.diagnostics as QuoteDiagnostics;
        d.clear();
        d.values[slot] = every(o.breakerEvery, k) ? 1 : 0;
      }
      return intent;
    },
    ...(o.onFill ? { onFill: (fill: Fill) => void self.fills.push({ ...fill }) } : {}),
  };
  return self;
}

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

const report = (engine: MarketMakingEngine, r: ReturnType<MarketMakingEngine['finish']>) =>
  stableStringify({
    metrics: r.metrics, fills: r.fills, attribution: r.attribution, equity: r.equityCurve, liquidations: r.liquidations,
    breakerTrips: r.breakerTrips, breakEven: r.breakEvenMakerFeeBps,
    exact: Object.fromEntries(Object.entries(engine.attribution.exact()).map(([k, v]) => [k, String(v)])),
  });

describe('fused candle loop vs the onEvent adapter', () => {
  it.each(runs)('%s: identical results, quote calls and fills heard', (_label, events, options, config) => {
    const a = mixedQuoter(options);
    const adapter = new MarketMakingEngine(BTC, a, config);
    for (const e of events) adapter.onEvent(e);
    const viaSteps = adapter.finish();

    const b = mixedQuoter(options);
    const engine = new MarketMakingEngine(BTC, b, config);
    const general = jest.spyOn(engine, 'onEvent');
    const viaRun = engine.run(events);

    expect(viaRun.metrics.fills).toBeGreaterThan(2);
    expect(report(engine, viaRun)).toBe(report(adapter, viaSteps));
    expect(b.quoteCalls).toBe(a.quoteCalls);
    expect(stableStringify(b.fills)).toBe(stableStringify(a.fills));
    // The fused loop took most bars itself (the general path: the first bar, and the rare states;
    // once halted, every bar).
    if (!engine.isHalted) expect(general.mock.calls.length).toBeLessThan(events.length / 2);
    expect(general.mock.calls.length).toBeGreaterThan(0);
  });

  it('the rare states do reach the general path (so the comparisons above cover the hand-overs)', () => {
    const count = (events: MarketEvent[], options: MixedOptions, config: object) => {
      const engine = new MarketMakingEngine(BTC, mixedQuoter(options), config);
      const general = jest.spyOn(engine, 'onEvent');
      const result = engine.run(events);
      return { general: general.mock.calls.length, result };
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
