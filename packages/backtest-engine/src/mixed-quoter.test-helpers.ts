import { BREAKER_TRIP, DiagnosticsSchema, QuoteDiagnostics, stableStringify, type Fill, type MarketEvent, type QuoteIntent, type QuoteLevel, type Strategy, type StrategyContext } from '@mml/core';
import { MarketMakingEngine } from './engine';
import { BTC } from './testing.test-helpers';

export interface MixedOptions {
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

export type Mixed = Strategy & { quoteCalls: number; fills: Fill[] };

/**
 * A split quoter (observe + quote) for the fused replay loops' tests: one level a side around the
 * mid, skewed by the inventory bought or sold since the start, whose intents visit the shapes the
 * fused loops hand to the general path (see the options), and which can hear of fills.
 */
export function mixedQuoter(o: MixedOptions): Mixed {
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
    // Moves now and then: a big bar, or a big trade.
    observe: (event) => (event.kind === 'candle' && event.volume > 60) || (event.kind === 'trade' && event.qty > 0.2),
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


/** Everything a run reports, as one string (the exact attribution parts included). */
function report(engine: MarketMakingEngine, r: ReturnType<MarketMakingEngine['finish']>): string {
  return stableStringify({
    metrics: r.metrics, fills: r.fills, attribution: r.attribution, equity: r.equityCurve, liquidations: r.liquidations,
    breakerTrips: r.breakerTrips, breakEven: r.breakEvenMakerFeeBps,
    exact: Object.fromEntries(Object.entries(engine.attribution.exact()).map(([k, v]) => [k, String(v)])),
  });
}

/**
 * The same stream and quoter through the onEvent adapter and through run() (the replay loops):
 * both reports, the quote calls and fills heard by each quoter, and how many events run() handed
 * to onEvent (the general path).
 */
export function runBothWays(events: MarketEvent[], options: MixedOptions, config: object) {
  const a = mixedQuoter(options);
  const adapter = new MarketMakingEngine(BTC, a, config);
  for (const e of events) adapter.onEvent(e);
  const viaSteps = adapter.finish();
  const b = mixedQuoter(options);
  const engine = new MarketMakingEngine(BTC, b, config);
  const general = jest.spyOn(engine, 'onEvent');
  const viaRun = engine.run(events);
  return {
    viaRun, steps: report(adapter, viaSteps), run: report(engine, viaRun), quoteCalls: [a.quoteCalls, b.quoteCalls], fillsHeard: [stableStringify(a.fills), stableStringify(b.fills)],
    generalCalls: general.mock.calls.length, halted: engine.isHalted,
  };
}

/** The run() path gave exactly what the onEvent adapter gave: results, quote calls, fills heard. */
export function expectSameAsAdapter(r: ReturnType<typeof runBothWays>): void {
  expect(r.viaRun.metrics.fills).toBeGreaterThan(2);
  expect(r.run).toBe(r.steps);
  expect(r.quoteCalls[1]).toBe(r.quoteCalls[0]);
  expect(r.fillsHeard[1]).toBe(r.fillsHeard[0]);
}
