import { MarketMakingEngine } from './engine';
import { runBacktest } from './run-backtest';
import { BTC, NO_FEES, ScriptedStrategy, bbo, candle, intent, trade } from './testing.test-helpers';

/** Issue 11 item 3: fills the engine used to miss or fake. */
describe('book crossing a resting order', () => {
  it('fills a bid at 100.01 when the best ask falls to 99.95 (at our price, as maker)', () => {
    const strategy = new ScriptedStrategy(() => intent([[10_001, 10_000]], []));
    const engine = new MarketMakingEngine(NO_FEES, strategy, { fillModel: 'trade', risk: { minEdgeBps: -10_000 } });
    engine.onEvent(bbo(0, 100.0, 1, 100.02, 1));
    engine.onEvent(bbo(10, 100.0, 1, 100.02, 1)); // bid 100.01 placed (decided at 0), live from 1
    expect(strategy.fills).toHaveLength(0);
    engine.onEvent(bbo(20, 99.9, 1, 99.95, 1));
    expect(strategy.fills.map((f) => [f.side, f.priceTicks, f.sizeLots, f.liquidity])).toEqual([['buy', 10_001, 10_000, 'maker']]);
  });

  it('fills an ask when the best bid rises to it (at, not only through)', () => {
    const strategy = new ScriptedStrategy(() => intent([], [[10_002, 10_000]]));
    const engine = new MarketMakingEngine(NO_FEES, strategy, { fillModel: 'trade', initialInventory: 1, risk: { minEdgeBps: -10_000 } });
    engine.onEvent(bbo(0, 100.0, 1, 100.03, 1));
    engine.onEvent(bbo(10, 100.0, 1, 100.03, 1));
    engine.onEvent(bbo(20, 100.02, 1, 100.04, 1));
    expect(strategy.fills.map((f) => [f.side, f.priceTicks])).toEqual([['sell', 10_002]]);
  });
});

describe('post-only on arrival', () => {
  // A bid at 100.00 decided while the ask is 100.02; order latency 10 ms; the ask drops to 99.99 before it arrives.
  const run = (postOnly: boolean) => {
    const strategy = new ScriptedStrategy((_e, ctx) => (ctx.now === 0 ? intent([[10_000, 10_000]], []) : undefined));
    const engine = new MarketMakingEngine(NO_FEES, strategy, { fillModel: 'trade', orderLatencyMs: 10, orders: { postOnly }, risk: { minEdgeBps: -10_000 } });
    engine.onEvent(bbo(0, 99.98, 1, 100.02, 1));
    engine.onEvent(bbo(5, 99.97, 1, 99.99, 1)); // decided at 0, arrives at 10
    engine.onEvent(trade(12, 99.99, 0.001, 'buy'));
    return { engine, strategy };
  };

  it('rejects a post-only order that is marketable when it arrives', () => {
    const { engine, strategy } = run(true);
    expect(strategy.fills).toHaveLength(0);
    expect(engine.openOrders()).toHaveLength(0);
    expect(engine.metrics().rejectedLevels.postOnly).toBe(1);
  });

  it('fills a plain limit order marketable on arrival as taker at the touch', () => {
    const { engine, strategy } = run(false);
    expect(strategy.fills.map((f) => [f.side, f.priceTicks, f.sizeLots, f.liquidity])).toEqual([['buy', 9_999, 10_000, 'taker']]);
    expect(engine.metrics().rejectedLevels.postOnly).toBe(0);
  });
});

describe('intensity model: dt is the time the order was live in the step', () => {
  it('an order live for 100 ms of a 1000 ms step with A = 0.5/s fills with probability 0.05, not 0.5', () => {
    let fills = 0;
    const runs = 600;
    for (let seed = 1; seed <= runs; seed++) {
      const strategy = new ScriptedStrategy((_e, ctx) => (ctx.now === 0 ? intent([[10_000, 10_000]], []) : undefined));
      const result = runBacktest({
        events: [trade(0, 100, 1, 'buy'), trade(1_000, 100, 1, 'buy')],
        instrument: NO_FEES,
        strategy,
        // Decided at 0, live from 900: 100 ms of the step [0, 1000). k = 0: p = A x live time.
        config: { fillModel: 'intensity', orderLatencyMs: 900, intensity: { A: 0.5, k: 0, seed }, risk: { minEdgeBps: -10_000 } },
      });
      fills += result.metrics.fills;
    }
    const rate = fills / runs;
    expect(Math.abs(rate - 0.05)).toBeLessThan(4 * Math.sqrt((0.05 * 0.95) / runs));
  });
});

describe('pessimistic marks', () => {
  it('the drawdown gate sees a -60% wick that recovers by the close (same mark as the liquidation check)', () => {
    const idle = new ScriptedStrategy(() => undefined);
    // 100 USDT + 1 BTC at 100 = 200; a bar with low 40 closing at 100: worst equity 140.
    const m = runBacktest({
      events: [candle(0, 100, 100, 100, 100), candle(60_000, 100, 100, 40, 100), candle(120_000, 100, 100, 100, 100)],
      instrument: BTC,
      strategy: idle,
      config: { quoteBudget: 100, initialInventory: 1, risk: { liquidationEquityFraction: 0 } },
    }).metrics;
    expect(m.maxDrawdown).toBeCloseTo(60 / 200, 12);
    expect(m.maxDrawdownOfPeak).toBeCloseTo(60 / 200, 12);
  });

  it('on tick data a long is marked at the bid for drawdown', () => {
    const idle = new ScriptedStrategy(() => undefined);
    const m = runBacktest({
      events: [bbo(0, 99.5, 1, 100.5, 1), bbo(1_000, 99.5, 1, 100.5, 1)],
      instrument: NO_FEES,
      strategy: idle,
      config: { fillModel: 'trade', quoteBudget: 100, initialInventory: 1 },
    }).metrics;
    // Equity at mid 200; at the bid 199.5.
    expect(m.maxDrawdown).toBeCloseTo(0.5 / 200, 12);
  });
});
