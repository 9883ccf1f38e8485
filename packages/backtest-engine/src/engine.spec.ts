import fc from 'fast-check';
import { FEE_RATE_SCALE, stableStringify, type MarketEvent } from '@mml/core';
import { MarketMakingEngine } from './engine';
import { runBacktest, runBacktestAsync } from './run-backtest';
import { annualisedSharpe, annualisedSortino } from './run-statistics';
import { BTC, NO_FEES, REBATE, ScriptedStrategy, bbo, candle, fixedSpread, intent, trade } from './testing.test-helpers';

const SCALE = BigInt(FEE_RATE_SCALE);

/** Random-walk candles from a fast-check generated list of moves (cents). */
function candlesFrom(moves: { d: number; up: number; down: number; v: number }[]): MarketEvent[] {
  let price = 30_000;
  return moves.map((m, i) => {
    const open = price;
    const close = Math.max(100, Math.round((price + m.d) * 100) / 100);
    const high = Math.max(open, close) + m.up;
    const low = Math.max(1, Math.min(open, close) - m.down);
    price = close;
    return candle(i * 60_000, open, Math.round(high * 100) / 100, Math.round(low * 100) / 100, close, m.v);
  });
}

/** Random tick stream: bbo updates and trades around a walking price. */
function ticksFrom(moves: { d: number; up: number; down: number; v: number }[]): MarketEvent[] {
  let price = 30_000;
  const out: MarketEvent[] = [];
  moves.forEach((m, i) => {
    price = Math.max(100, Math.round((price + m.d / 10) * 100) / 100);
    if (i % 3 === 0) out.push(bbo(i * 100, price - 0.01, m.v, price + 0.01, m.v / 2));
    else out.push(trade(i * 100, Math.round((price + (m.up > m.down ? 0.01 : -0.01)) * 100) / 100, m.v / 10, m.up > m.down ? 'buy' : 'sell', i));
  });
  return out;
}

const move = fc.record({
  d: fc.integer({ min: -6000, max: 6000 }).map((x) => x / 100),
  up: fc.integer({ min: 0, max: 5000 }).map((x) => x / 100),
  down: fc.integer({ min: 0, max: 5000 }).map((x) => x / 100),
  v: fc.integer({ min: 0, max: 2000 }).map((x) => x / 100),
});

describe('MarketMakingEngine metrics', () => {
  it('reports a closed-form round trip: pnl, fills, volume, notional, turnover, equity curve', () => {
    const events = [candle(0, 100, 100, 100, 100), candle(60_000, 100, 100, 98, 100), candle(120_000, 100, 102, 100, 100)];
    const result = runBacktest({ events, instrument: NO_FEES, strategy: fixedSpread(100, 0.1), config: { risk: { minEdgeBps: 0 } } });
    const m = result.metrics;
    expect(result.fills.map((f) => [f.side, f.priceTicks, f.sizeLots])).toEqual([['buy', 9_900, 10_000], ['sell', 10_100, 10_000]]);
    expect(m.pnl).toBeCloseTo(0.2, 9);
    expect(m.totalReturn).toBeCloseTo(0.2 / 10_000, 12);
    // Quotes: bid (ask rejected: no inventory on spot), then bid + ask after the buy; the bid is unchanged after the sell.
    expect([m.fills, m.makerFills, m.takerFills, m.quotes]).toEqual([2, 2, 0, 3]);
    expect(m.fillRatio).toBeCloseTo(2 / 3, 12);
    expect(m.volume).toBeCloseTo(0.2, 12);
    expect(m.notional).toBeCloseTo(20, 9);
    expect(m.turnover).toBeCloseTo(20 / 10_000, 12);
    expect(m.fees).toBe(0);
    expect(m.maxAbsInventory).toBeCloseTo(0.1, 12);
    // Inventory 0.1 BTC held for one of the two minutes.
    expect(m.avgAbsInventory).toBeCloseTo(0.05, 12);
    expect(result.equityCurve.map((r) => [r.ts, Math.round(r.equity * 1e6) / 1e6, r.inventory])).toEqual([
      [60_000, 10_000, 0],
      [120_000, 10_000.1, 0.1],
      [180_000, 10_000.2, 0],
    ]);
    expect(m.samplingIntervalMs).toBe(60_000);
    expect(m.startTs).toBe(60_000);
    expect(m.endTs).toBe(180_000);
  });

  it('measures drawdown as a fraction of the initial budget and of peak equity', () => {
    const prices = [100, 50, 75, 300, 150];
    const events = prices.map((p, i) => candle(i * 60_000, p, p, p, p));
    const idle = new ScriptedStrategy(() => undefined);
    const m = runBacktest({ events, instrument: NO_FEES, strategy: idle, config: { quoteBudget: 100, initialInventory: 1, risk: { liquidationEquityFraction: 0 } } }).metrics;
    // Equity 200, 150, 175, 400, 250.
    expect(m.maxDrawdown).toBeCloseTo(150 / 200, 12);
    expect(m.maxDrawdownOfPeak).toBeCloseTo(150 / 400, 12);
    expect(m.pnl).toBeCloseTo(50, 9);
    const years = (4 * 60_000) / (365 * 86_400_000);
    expect(m.calmar).toBeCloseTo(0.25 / years / 0.375, 3);
  });

  it('annualises Sharpe and Sortino with 365-day years from the sampling interval', () => {
    const ppy = 365 * 24 * 60;
    expect(annualisedSharpe([0.01, 0.03], ppy)).toBeCloseTo(Math.SQRT2 * Math.sqrt(ppy), 9);
    expect(annualisedSortino([0.02, -0.01], ppy)).toBeCloseTo((0.005 / Math.sqrt(0.0001 / 2)) * Math.sqrt(ppy), 9);
    expect(annualisedSharpe([0.01], ppy)).toBe(0);
  });

  it('same data and seed give byte-identical metrics JSON; another seed changes intensity fills', () => {
    const events = candlesFrom(Array.from({ length: 400 }, (_, i) => ({ d: ((i * 37) % 23) - 11, up: (i * 7) % 13, down: (i * 11) % 17, v: 5 })));
    const run = (seed: number) =>
      runBacktest({ events, instrument: REBATE, strategy: fixedSpread(8, 0.05), config: { fillModel: 'intensity', initialInventory: 0.3, intensity: { A: 0.05, k: 0.2, seed } } });
    const a = stableStringify(run(7).metrics);
    expect(stableStringify(run(7).metrics)).toBe(a);
    expect(stableStringify(run(8).metrics)).not.toBe(a);
    expect(JSON.parse(a).fills).toBeGreaterThan(0);
  });

  it('the async driver gives the same result as the sync one', async () => {
    const events = candlesFrom(Array.from({ length: 50 }, (_, i) => ({ d: (i % 5) - 2, up: 3, down: 3, v: 5 })));
    const sync = runBacktest({ events, instrument: BTC, strategy: fixedSpread(20, 0.01) });
    async function* stream() {
      for (const e of events) yield e;
    }
    const asyncResult = await runBacktestAsync({ events: stream(), instrument: BTC, strategy: fixedSpread(20, 0.01) });
    expect(stableStringify(asyncResult.metrics)).toBe(stableStringify(sync.metrics));
  });

  it('rejects events that go back in time, naming the row and field', () => {
    const engine = new MarketMakingEngine(BTC, fixedSpread(20, 0.01));
    engine.onEvent(candle(60_000, 100, 100, 100, 100));
    expect(() => engine.onEvent(candle(0, 100, 100, 100, 100))).toThrow(/row 2, field "ts"/);
  });
});

describe('intensity fill model', () => {
  it('fills with probability A exp(-k delta) dt per event', () => {
    const events: MarketEvent[] = Array.from({ length: 3000 }, (_, i) => trade(i * 100, 100, 1, i % 2 ? 'buy' : 'sell', i));
    // delta = 1 quote unit, A = 10/s, k = 1, dt = 0.1 s -> p = exp(-1) = 0.3679 per side per event.
    const strategy = new ScriptedStrategy(() => intent([[9_900, 10_000]], [[10_100, 10_000]]));
    const result = runBacktest({
      events, instrument: NO_FEES, strategy,
      config: { fillModel: 'intensity', initialInventory: 10, intensity: { A: 10, k: 1, seed: 3 }, risk: { minEdgeBps: -10_000, hardInventoryLimit: 10 } },
    });
    const perSide = result.metrics.fills / 2 / (events.length - 1);
    expect(Math.abs(perSide - Math.exp(-1))).toBeLessThan(4 * Math.sqrt((0.368 * 0.632) / 6000));
  });
});

describe('ledger invariants over random event sequences (property)', () => {
  it.each(['candle', 'trade', 'intensity', 'l2'] as const)('%s model: cash = initial + fill flows exactly; spot balances never negative', (fillModel) => {
    fc.assert(
      fc.property(fc.array(move, { minLength: 5, maxLength: 120 }), fc.integer({ min: 1, max: 60 }), (moves, spreadBps) => {
        const events = fillModel === 'trade' || fillModel === 'l2' ? ticksFrom(moves) : candlesFrom(moves);
        const engine = new MarketMakingEngine(REBATE, fixedSpread(spreadBps, 0.02), {
          // l2: fills reach the strategy 3 ms late (its balances lag the ledger meanwhile).
          fillModel, quoteBudget: 5_000, ...(fillModel === 'l2' ? { latency: { responseMs: 3 } } : {}), initialInventory: 0.1, candle: { queueHaircut: 0, participationCap: 1 },
          intensity: { A: 0.5, k: 0.01 }, risk: { minEdgeBps: -10_000, liquidationEquityFraction: 0 },
        });
        for (const event of events) {
          engine.onEvent(event);
          expect(engine.ledger.cashUnits >= 0n).toBe(true);
          expect(engine.ledger.inventoryLots).toBeGreaterThanOrEqual(0);
          const ctx = engine.context;
          expect(Math.abs(ctx.equity - (ctx.cash + ctx.inventory * ctx.mid))).toBeLessThan(1e-6);
        }
        const result = engine.finish();
        let cash = engine.ledger.initialCashUnits;
        let inventory = engine.ledger.initialInventoryLots;
        for (const f of result.fills) {
          const notional = BigInt(f.priceTicks * f.sizeLots);
          const fee = notional * BigInt(f.liquidity === 'maker' ? REBATE.makerFeeParts : REBATE.takerFeeParts);
          cash += f.side === 'buy' ? -(notional * SCALE) - fee : notional * SCALE - fee;
          inventory += f.side === 'buy' ? f.sizeLots : -f.sizeLots;
        }
        expect(engine.ledger.cashUnits).toBe(cash);
        expect(engine.ledger.inventoryLots).toBe(inventory);
        const fees = result.fills.reduce((sum, f) => sum + f.fee, 0);
        expect(result.metrics.fees).toBeCloseTo(fees, 6);
      }),
      { numRuns: 40, seed: 11 },
    );
  });
});

describe('no look-ahead', () => {
  it.each(['candle', 'trade', 'intensity', 'l2'] as const)('%s model: changing data after t never changes a decision or fill before t', (fillModel) => {
    fc.assert(
      fc.property(fc.array(move, { minLength: 10, maxLength: 80 }), fc.array(move, { minLength: 1, maxLength: 40 }), fc.nat(), (moves, other, cut) => {
        const make = fillModel === 'trade' || fillModel === 'l2' ? ticksFrom : candlesFrom;
        const original = make(moves);
        const t = cut % original.length;
        // Same events up to index t, then different data with the same timestamps onwards.
        const altered = make([...moves.slice(0, t + 1), ...other, ...moves.slice(t + 1 + other.length)]).slice(0, original.length);
        for (let i = 0; i <= t; i++) expect(altered[i]).toEqual(original[i]);
        const run = (events: MarketEvent[]) => {
          const strategy = fixedSpread(15, 0.03);
          const engine = new MarketMakingEngine(BTC, strategy, { fillModel, initialInventory: 0.2, intensity: { A: 0.5, k: 0.05 }, candle: { queueHaircut: 0, participationCap: 1 } });
          const steps: string[] = [];
          for (const e of events) {
            const step = engine.onEvent(e);
            steps.push(stableStringify({ fills: step.fills, updates: step.orderUpdates.slice(0, step.orderUpdateCount), intent: step.intent ?? null }));
          }
          return { steps, seen: strategy.seen };
        };
        const a = run(original);
        const b = run(altered);
        expect(b.steps.slice(0, t + 1)).toEqual(a.steps.slice(0, t + 1));
        expect(b.seen.slice(0, t + 1)).toEqual(a.seen.slice(0, t + 1));
      }),
      { numRuns: 40, seed: 5 },
    );
  });
});
