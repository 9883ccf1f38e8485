import { MarketMakingEngine } from './engine';
import { BTC, ScriptedStrategy, candle, intent } from './testing.test-helpers';

describe('liquidation', () => {
  it('flattens with a taker fill at the bar low minus slippage, pays the taker fee, records it and halts', () => {
    const strategy = new ScriptedStrategy(() => intent([[9_000, 1_000]], []));
    // Equity 100 + 1 BTC x 100 = 200; limit 0.8 -> liquidate below 160, i.e. a bar low below 60.
    const engine = new MarketMakingEngine(BTC, strategy, { quoteBudget: 100, initialInventory: 1, risk: { liquidationEquityFraction: 0.8, liquidationSlippageBps: 100 } });
    engine.onEvent(candle(0, 100, 100, 100, 100));
    engine.onEvent(candle(60_000, 100, 100, 70, 90)); // worst 170: fine
    expect(engine.metrics().liquidations).toBe(0);
    const step = engine.onEvent(candle(120_000, 90, 90, 50, 88)); // worst 150 < 160
    expect(step.liquidation).toMatchObject({ reason: 'equity-limit', inventoryLots: 100_000, priceTicks: 4_950 });
    const fill = strategy.fills.find((f) => f.liquidity === 'taker');
    expect(fill).toMatchObject({ side: 'sell', priceTicks: 4_950, sizeLots: 100_000, reason: 'liquidation' });
    expect(fill?.fee).toBeCloseTo(0.0495, 12);
    expect(engine.ledger.inventoryLots).toBe(0);
    expect(engine.ledger.cash).toBeCloseTo(100 + 49.5 - 0.0495, 9);
    expect(engine.openOrders()).toHaveLength(0);
    expect(engine.isHalted).toBe(true);
    const calls = strategy.seen.length;
    engine.onEvent(candle(180_000, 88, 88, 88, 88));
    expect(strategy.seen.length).toBe(calls);
    const metrics = engine.finish().metrics;
    expect(metrics.liquidations).toBe(1);
    expect(metrics.takerFills).toBe(1);
  });

  it('flattens on a strategy intent with flatten: true, and counts breaker trips from diagnostics.breakerTrip', () => {
    let n = 0;
    const strategy = new ScriptedStrategy(() => (++n === 2 ? intent([], [], { flatten: true, diagnostics: { breakerTrip: 1 }, reasons: ['drawdown breaker'] }) : undefined));
    const engine = new MarketMakingEngine(BTC, strategy, { quoteBudget: 100, initialInventory: 0.5 });
    engine.onEvent(candle(0, 100, 100, 100, 100));
    engine.onEvent(candle(60_000, 100, 101, 99, 100));
    const result = engine.finish();
    // Pessimistic price: bar low 99 less 10 bps slippage, floored to the tick grid = 98.90.
    expect(result.liquidations).toEqual([expect.objectContaining({ reason: 'flatten', inventoryLots: 50_000, priceTicks: 9_890 })]);
    expect(result.breakerTrips).toEqual([{ ts: 120_000, reasons: ['drawdown breaker'] }]);
    expect(result.metrics.breakerTrips).toBe(1);
    expect(engine.isHalted).toBe(false);
  });
});
