import { DiagnosticsSchema, QuoteIntentBuffer } from '@mml/core';
import { MarketMakingEngine } from './engine';
import { BTC, ScriptedStrategy, bbo, candle, intent } from './testing.test-helpers';

describe('liquidation', () => {
  it('sends the flattening order on the breach and fills it at the touch after its arrival (next bar open minus slippage), pays the taker fee, records it and halts', () => {
    const strategy = new ScriptedStrategy(() => intent([[9_000, 1_000]], []));
    // Equity 100 + 1 BTC x 100 = 200; limit 0.8 -> liquidate below 160, i.e. a bar low below 60.
    const engine = new MarketMakingEngine(BTC, strategy, { quoteBudget: 100, initialInventory: 1, risk: { liquidationEquityFraction: 0.8, liquidationSlippageBps: 100 } });
    engine.onEvent(candle(0, 100, 100, 100, 100));
    engine.onEvent(candle(60_000, 100, 100, 70, 90)); // worst 170: fine
    expect(engine.metrics().liquidations).toBe(0);
    const breach = engine.onEvent(candle(120_000, 90, 90, 50, 88)); // worst 150 < 160
    // The order is sent at the bar close; nothing fills at the triggering bar's low.
    expect(breach.liquidation).toBeUndefined();
    expect(engine.ledger.inventoryLots).toBe(100_000);
    expect(engine.isHalted).toBe(true);
    expect(engine.openOrders().filter((o) => o.cancelAtTs === Infinity)).toHaveLength(0);
    const calls = strategy.seen.length;
    // Arrived by the next bar's open (latency 0): sold at that open, 86, less 1% = 85.14.
    const step = engine.onEvent(candle(180_000, 86, 88, 80, 88));
    expect(step.liquidation).toMatchObject({ reason: 'equity-limit', inventoryLots: 100_000, priceTicks: 8_514 });
    const fill = strategy.fills.find((f) => f.liquidity === 'taker');
    expect(fill).toMatchObject({ side: 'sell', priceTicks: 8_514, sizeLots: 100_000, reason: 'liquidation' });
    expect(fill?.fee).toBeCloseTo(0.08514, 12);
    expect(engine.ledger.inventoryLots).toBe(0);
    expect(engine.ledger.cash).toBeCloseTo(100 + 85.14 - 0.08514, 9);
    expect(strategy.seen.length).toBe(calls);
    const metrics = engine.finish().metrics;
    expect(metrics.liquidations).toBe(1);
    expect(metrics.takerFills).toBe(1);
  });

  it('with order latency inside the next bar, the flattening order fills at that bar\'s low (its open came before the order)', () => {
    const strategy = new ScriptedStrategy(() => undefined);
    const engine = new MarketMakingEngine(BTC, strategy, { quoteBudget: 100, initialInventory: 1, orderLatencyMs: 30_000, risk: { liquidationEquityFraction: 0.8, liquidationSlippageBps: 100 } });
    engine.onEvent(candle(0, 100, 100, 100, 100));
    engine.onEvent(candle(60_000, 90, 90, 50, 88)); // breach at 120 000: order arrives at 150 000
    engine.onEvent(candle(120_000, 86, 88, 80, 88));
    const [liquidation] = engine.finish().liquidations;
    expect(liquidation).toMatchObject({ ts: 180_000, priceTicks: 7_920 }); // 80 less 1%
  });

  it('on tick data marks a long at the bid, waits for the order latency and fills at the worse touch around the arrival', () => {
    const strategy = new ScriptedStrategy(() => undefined);
    const engine = new MarketMakingEngine(BTC, strategy, { fillModel: 'trade', quoteBudget: 100, initialInventory: 1, orderLatencyMs: 5, risk: { liquidationEquityFraction: 0.8, liquidationSlippageBps: 100 } });
    engine.onEvent(bbo(0, 99.99, 1, 100.01, 1));
    // Mid 60.05 -> equity 160.05 >= 160, but the bid 59.90 -> 159.90 < 160: breach (a mid mark would miss it).
    engine.onEvent(bbo(10, 59.9, 1, 60.2, 1));
    expect(engine.isHalted).toBe(true);
    expect(engine.onEvent(bbo(12, 50, 1, 50.02, 1)).liquidation).toBeUndefined(); // still in flight (arrives at 15)
    const step = engine.onEvent(bbo(20, 58, 1, 58.02, 1));
    // Arrived between the bid at 50 (before) and 58 (after): the worse, 50, less 1% = 49.50.
    expect(step.liquidation).toMatchObject({ ts: 20, priceTicks: 4_950, inventoryLots: 100_000 });
  });

  it('flattens on a strategy intent with flatten: true (after the order latency, at the next touch), and counts breaker trips from diagnostics.breakerTrip', () => {
    let n = 0;
    // A breaker's intent: no levels, flatten, diagnostic breakerTrip = 1 and one reason code.
    const tripped = new QuoteIntentBuffer(0, new DiagnosticsSchema(['breakerTrip'], ['drawdown breaker']));
    tripped.flatten = true;
    tripped.diagnostics.values[0] = 1;
    tripped.diagnostics.addReason(0);
    const strategy = new ScriptedStrategy(() => (++n === 2 ? tripped : undefined));
    const engine = new MarketMakingEngine(BTC, strategy, { quoteBudget: 100, initialInventory: 0.5 });
    engine.onEvent(candle(0, 100, 100, 100, 100));
    engine.onEvent(candle(60_000, 100, 101, 99, 100));
    engine.onEvent(candle(120_000, 100.5, 101, 99, 100));
    const result = engine.finish();
    // Sent at 120 000, arrived by the next bar's open 100.50: less 10 bps slippage, floored to the grid = 100.39.
    expect(result.liquidations).toEqual([expect.objectContaining({ ts: 180_000, reason: 'flatten', inventoryLots: 50_000, priceTicks: 10_039 })]);
    expect(result.breakerTrips).toEqual([{ ts: 120_000, reasons: ['drawdown breaker'] }]);
    expect(result.metrics.breakerTrips).toBe(1);
    expect(engine.isHalted).toBe(false);
  });
});
