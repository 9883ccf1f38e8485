import fc from 'fast-check';
import { BINANCE_BTCUSDT_SPOT, FEE_RATE_SCALE, Instrument, type MarketEvent } from '@mml/core';
import { MarketMakingEngine } from './engine';
import { runBacktest } from './run-backtest';
import { NO_FEES, ScriptedStrategy, bbo, candle, fixedSpread, intent, trade } from './testing.test-helpers';

const SCALE = BigInt(FEE_RATE_SCALE);

/** A random event stream: candles, or ticks (bbo + trades, some trades before the first bbo). */
function eventsFrom(kind: 'candle' | 'tick', steps: { d: number; w: number; v: number; a: boolean }[]): MarketEvent[] {
  let cents = 3_000_000;
  const out: MarketEvent[] = [];
  steps.forEach((s, i) => {
    cents = Math.max(10_000, cents + s.d);
    const price = cents / 100;
    if (kind === 'candle') {
      const high = (cents + s.w) / 100;
      const low = Math.max(1, cents - s.w - 3) / 100;
      out.push(candle(i * 60_000, price, high, low, price, s.v));
    } else if (i % 3 === 0 && i > 1) {
      // Spreads of one or several ticks: the mid is often on a half tick.
      out.push(bbo(i * 700, price, s.v, (cents + 1 + (s.w % 4)) / 100, s.v));
    } else {
      out.push(trade(i * 700, (cents + (s.a ? s.w % 30 : -(s.w % 30))) / 100, s.v / 10, s.a ? 'buy' : 'sell', i));
    }
  });
  return out;
}

/** The engine's mark as the test computes it, in half ticks (independent of the tracker). */
function markHalfTicks(events: MarketEvent[]): { first: number; last: number } {
  let touch = false;
  let mark = NaN;
  let first = NaN;
  for (const e of events) {
    if (e.kind === 'candle') mark = 2 * Math.round(e.close * 100);
    else if (e.kind === 'bbo') {
      touch = true;
      mark = Math.round(e.bidPrice * 100) + Math.round(e.askPrice * 100);
    } else if (e.kind === 'trade' && !touch) mark = 2 * Math.round(e.price * 100);
    if (Number.isNaN(first) && !Number.isNaN(mark)) first = mark;
  }
  return { first, last: mark };
}

const step = fc.record({
  d: fc.integer({ min: -4000, max: 4000 }),
  w: fc.integer({ min: 0, max: 4000 }),
  v: fc.integer({ min: 1, max: 500 }).map((x) => x / 10),
  a: fc.boolean(),
});
const fees = fc.constantFrom(['0', '0'], ['0.001', '0.001'], ['-0.0001', '0.0005'], ['0.0002', '0.0004'], ['-0.00005', '0']);

describe('PnL attribution is exact to the ledger (property)', () => {
  it.each(['candle', 'trade', 'intensity'] as const)(
    '%s model: spreadCapture + inventoryPnl - fees - liquidationCost = pnl exactly',
    (fillModel) => {
      let withQuoteFills = 0;
      let withForcedFills = 0;
      let withHalfTickMid = 0;
      fc.assert(
        fc.property(
          fc.array(step, { minLength: 5, maxLength: 100 }),
          fees,
          fc.integer({ min: -5, max: 40 }),
          fc.integer({ min: 0, max: 30 }),
          fc.boolean(),
          fc.integer({ min: 0, max: 25 }),
          fc.constantFrom(0, 0.2, 0.9),
          fc.constantFrom(0, 0, 0.5),
          (steps, [maker, taker], offsetBps, initialCents, allowShort, flattenEvery, liquidation, startBaseFraction) => {
            const instrument = new Instrument({ ...BINANCE_BTCUSDT_SPOT, makerFee: maker, takerFee: taker });
            const events = eventsFrom(fillModel === 'candle' ? 'candle' : 'tick', steps);
            let n = 0;
            // Random-ish asymmetric quotes, sometimes a flatten (a forced taker fill).
            const strategy = new ScriptedStrategy((_e, ctx) => {
              n++;
              if (flattenEvery > 0 && n % flattenEvery === 0) return intent([], [], { flatten: true });
              const bid = ctx.instrument.floorTicks(ctx.mid * (1 - (offsetBps + (n % 7)) / 10_000));
              const ask = ctx.instrument.ceilTicks(ctx.mid * (1 + (offsetBps + (n % 5)) / 10_000));
              return intent([[bid, 300 + (n % 11) * 97]], [[ask, 250 + (n % 13) * 89]]);
            });
            const engine = new MarketMakingEngine(instrument, strategy, {
              fillModel, quoteBudget: 2_000, initialInventory: initialCents / 100, allowShort, startBaseFraction,
              candle: { queueHaircut: 0, participationCap: 1 }, intensity: { A: 2, k: 0.05 },
              risk: { minEdgeBps: -10_000, liquidationEquityFraction: liquidation },
            });
            // The inventory PnL summed here, mark by mark (the tracker derives it at the end): the
            // inventory held when an event's mark is taken (after its quote fills, before a
            // liquidation or flatten it executes) times the mark's change, in half ticks.
            let inventoryPnl = 0n;
            let previousMark = NaN;
            let touch = false;
            let markNow = NaN;
            for (const e of events) {
              const before = engine.ledger.inventoryLots;
              const record = engine.onEvent(e);
              let atMark = before;
              for (const f of record.fills) if (f.reason === 'quote') atMark += f.side === 'buy' ? f.sizeLots : -f.sizeLots;
              if (e.kind === 'candle') markNow = 2 * Math.round(e.close * 100);
              else if (e.kind === 'bbo') {
                touch = true;
                markNow = Math.round(e.bidPrice * 100) + Math.round(e.askPrice * 100);
              } else if (e.kind === 'trade' && !touch) markNow = 2 * Math.round(e.price * 100);
              if (Number.isNaN(markNow)) continue;
              if (!Number.isNaN(previousMark)) inventoryPnl += BigInt(atMark) * BigInt(markNow - previousMark) * SCALE;
              previousMark = markNow;
            }
            const result = engine.finish();
            const exact = engine.attribution.exact();
            expect(exact.inventoryPnl).toBe(inventoryPnl);
            // PnL computed from the ledger and the test's own marks, not from the tracker.
            const mark = markHalfTicks(events);
            const ledger = engine.ledger;
            const pnl =
              2n * ledger.cashUnits + BigInt(ledger.inventoryLots) * BigInt(mark.last) * SCALE -
              (2n * ledger.initialCashUnits + BigInt(ledger.initialInventoryLots) * BigInt(mark.first) * SCALE);
            expect(exact.pnl).toBe(pnl);
            expect(exact.spreadCapture + exact.inventoryPnl - exact.fees - exact.liquidationCost).toBe(pnl);
            expect(exact.fees).toBe(2n * ledger.feesUnits);
            // The float views add up to the reported PnL (on-grid data: same marks).
            const a = result.attribution;
            expect(a.spreadCapture + a.inventoryPnl - a.fees - a.liquidationCost).toBeCloseTo(result.metrics.pnl, 6);
            expect(a.fees).toBeCloseTo(result.metrics.fees, 9);
            if (result.liquidations.length === 0) expect(exact.liquidationCost).toBe(0n);
            if (result.fills.some((f) => f.reason === 'quote')) withQuoteFills++;
            if (result.fills.some((f) => f.reason !== 'quote')) withForcedFills++;
            if (mark.last % 2 !== 0) withHalfTickMid++;
            const held = (ledger.initialInventoryLots * (mark.last - mark.first) * 0.01 * 0.00001) / 2;
            expect(a.hedgedPnl).toBeCloseTo(result.metrics.pnl - held, 6);
          },
        ),
        { numRuns: 30, seed: 12 },
      );
      // The sequences exercise what the identity is about: quote fills, forced fills, half-tick mids.
      expect(withQuoteFills).toBeGreaterThan(10);
      expect(withForcedFills).toBeGreaterThan(3);
      if (fillModel !== 'candle') expect(withHalfTickMid).toBeGreaterThan(3);
    },
  );
});

describe('PnL attribution on hand-made sequences', () => {
  it('splits a candle round trip into spread capture, inventory and fees, with bar markouts', () => {
    // Mid 100; bid 99 / ask 101 (100 bps), 0.1 BTC. Bar 2 trades through the bid (fills at 99 with
    // the mid known then = 100), closes at 99.5; bar 3 trades through the ask (sell at 101, mid 99.5), closes 100.
    const instrument = new Instrument({ ...BINANCE_BTCUSDT_SPOT, makerFee: '0.0001', takerFee: '0.001' });
    const events = [candle(0, 100, 100, 100, 100), candle(60_000, 100, 100, 98, 99.5), candle(120_000, 99.5, 102, 99.5, 100), candle(180_000, 100, 100, 100, 100)];
    const strategy = new ScriptedStrategy(() => intent([[9_900, 10_000]], [[10_100, 10_000]]));
    const result = runBacktest({ events, instrument, strategy, config: { risk: { minEdgeBps: -10_000 } } });
    expect(result.fills.map((f) => [f.side, f.priceTicks])).toEqual([['buy', 9_900], ['sell', 10_100]]);
    const a = result.attribution;
    // Buy 0.1 at 99 vs mid 100: +0.1; sell 0.1 at 101 vs mid 99.5: +0.15.
    expect(a.spreadCapture).toBeCloseTo(0.25, 12);
    // Held 0.1 while the mid went 100 -> 99.5: -0.05.
    expect(a.inventoryPnl).toBeCloseTo(-0.05, 12);
    // 1 bp on 9.9 + 10.1 notional.
    expect(a.fees).toBeCloseTo(0.002, 12);
    expect(a.liquidationCost).toBe(0);
    expect(result.metrics.pnl).toBeCloseTo(0.198, 12);
    expect(a.hedgedPnl).toBeCloseTo(0.198, 12); // no starting inventory: nothing to hedge
    // Markouts: buy at 99: close of its bar 99.5 -> +50.505 bps; sell at 101: its bar closes at 100 -> +99.01 bps.
    const buy0 = ((99.5 - 99) / 99) * 1e4;
    const sell0 = ((101 - 100) / 101) * 1e4;
    expect(a.markoutsBps['0bar'].n).toBe(2);
    expect(a.markoutsBps['0bar'].mean).toBeCloseTo((buy0 + sell0) / 2, 9);
    expect(a.markoutsBps['0bar'].stderr).toBeCloseTo(Math.abs(buy0 - sell0) / 2, 9);
    // One bar later (mid 100 for both): buy +101.01 bps, sell +99.01 bps; 5 and 15 bars: past the data, censored.
    const buy1 = ((100 - 99) / 99) * 1e4;
    const sell1 = ((101 - 100) / 101) * 1e4;
    expect(a.markoutsBps['1bar'].n).toBe(2);
    expect(a.markoutsBps['1bar'].mean).toBeCloseTo((buy1 + sell1) / 2, 9);
    expect(a.markoutsBps['5bar'].n).toBe(0);
    expect(a.markoutsBps['15bar'].n).toBe(0);
    // Break-even maker fee: PnL 0.198 + maker fees 0.002 = 0.2 gross on 20 notional -> 100 bps.
    expect(result.breakEvenMakerFeeBps).toBeCloseTo(100, 9);
  });

  it('puts a buy-and-hold drift into hedgedPnl and flattening into liquidationCost', () => {
    // Start with 1 BTC at mid 100 (spread 100.00/100.02 on bbo: mid on a half... whole tick 100.01).
    const events = [bbo(0, 100, 5, 100.02, 5), bbo(1_000, 110, 5, 110.02, 5), bbo(2_000, 110, 5, 110.02, 5)];
    let n = 0;
    const strategy = new ScriptedStrategy(() => (++n === 2 ? intent([], [], { flatten: true }) : undefined));
    const instrument = new Instrument({ ...BINANCE_BTCUSDT_SPOT, makerFee: '0', takerFee: '0.001' });
    const result = runBacktest({ events, instrument, strategy, config: { fillModel: 'trade', quoteBudget: 1_000, initialInventory: 1, risk: { liquidationSlippageBps: 10 } } });
    const a = result.attribution;
    // Flatten at event 2: bid 110 moved 10 bps down = 109.89 (floor); mid 110.01 -> cost 0.12.
    expect(result.fills.map((f) => [f.side, f.priceTicks, f.reason])).toEqual([['sell', 10_989, 'flatten']]);
    expect(a.inventoryPnl).toBeCloseTo(10, 9);
    expect(a.liquidationCost).toBeCloseTo(0.12, 9);
    expect(a.fees).toBeCloseTo(0.10989, 9);
    expect(a.spreadCapture).toBe(0);
    expect(result.metrics.pnl).toBeCloseTo(10 - 0.12 - 0.10989, 9);
    // Holding 1 BTC would have made +10: the run did worse than that.
    expect(a.hedgedPnl).toBeCloseTo(-0.12 - 0.10989, 9);
    expect(result.breakEvenMakerFeeBps).toBeNull(); // no maker fill
  });

  it('resolves time markouts with the mid known at fill time + horizon (tick data)', () => {
    // Trade model: our bid at 100 fills on a sell trade through it at t=1000 (mid then 100.01).
    const events: MarketEvent[] = [bbo(0, 100.0, 1, 100.02, 1), trade(1_000, 99.99, 5, 'sell'), bbo(1_500, 99.9, 1, 99.92, 1), bbo(2_000, 99.8, 1, 99.82, 1), bbo(12_000, 99.0, 1, 99.02, 1)];
    let n = 0;
    const strategy = new ScriptedStrategy(() => (n++ === 0 ? intent([[10_000, 10_000]], []) : undefined));
    const result = runBacktest({ events, instrument: NO_FEES, strategy, config: { fillModel: 'trade', risk: { minEdgeBps: -10_000 } } });
    expect(result.fills).toHaveLength(1);
    const m = result.attribution.markoutsBps;
    // 1 s after t=1000 is t=2000: the bbo at exactly 2000 counts (mid 99.81).
    expect(m['1s'].mean).toBeCloseTo(((99.81 - 100) / 100) * 1e4, 9);
    // 10 s: t=11000, mid still 99.81 (the next change is at 12000).
    expect(m['10s'].mean).toBeCloseTo(((99.81 - 100) / 100) * 1e4, 9);
    expect(m['60s'].n).toBe(0); // beyond the data: censored
    // Spread capture: bought at 100 with the mid 100.01 known at fill time.
    expect(result.attribution.spreadCapture).toBeCloseTo(0.01 * 0.1, 12);
  });

  it('gives the same fills at every maker fee when the strategy ignores the fee and the edge filter is off', () => {
    const events = eventsFrom('candle', Array.from({ length: 200 }, (_, i) => ({ d: ((i * 7919) % 3001) - 1500, w: (i * 131) % 2000, v: 5, a: i % 2 === 0 })));
    const runAt = (maker: string) => {
      const instrument = new Instrument({ ...BINANCE_BTCUSDT_SPOT, makerFee: maker });
      return runBacktest({ events, instrument, strategy: fixedSpread(2, 0.01), config: { initialInventory: 0.05, risk: { minEdgeBps: -10_000 } } });
    };
    const low = runAt('-0.00005');
    const high = runAt('0.001');
    expect(low.fills.length).toBeGreaterThan(10);
    expect(high.fills.map((f) => [f.ts, f.side, f.priceTicks, f.sizeLots])).toEqual(low.fills.map((f) => [f.ts, f.side, f.priceTicks, f.sizeLots]));
    // And the break-even fee predicts the PnL at another fee: pnl(f) = maker notional x (f* - f).
    const notional = low.fills.reduce((s, f) => s + f.priceTicks * 0.01 * f.sizeLots * 0.00001, 0);
    expect(high.metrics.pnl).toBeCloseTo((notional * ((low.breakEvenMakerFeeBps as number) - 10)) / 1e4, 6);
    expect(high.breakEvenMakerFeeBps).toBeCloseTo(low.breakEvenMakerFeeBps as number, 6);
  });
});
