import { MarketMakingEngine } from './engine';
import { AUTO_ORDER_LATENCY_MS, parseEngineConfig } from './engine-config';
import { NO_FEES, ScriptedStrategy, intent, trade } from './testing.test-helpers';

/** Issue 11 item 2: no reaction inside one exchange event. */
describe('decisions at most once per exchange timestamp', () => {
  /** Bids 0.02 under the last trade (the mid on trade-only data), 0.1 BTC. */
  const follower = () => new ScriptedStrategy((_e, ctx) => intent([[ctx.instrument.floorTicks(ctx.mid) - 2, 10_000]], []));

  it('applies every event of one timestamp before acting: a sweep fills the bid resting before it, not a requote made between its prints', () => {
    const strategy = follower();
    const engine = new MarketMakingEngine(NO_FEES, strategy, { fillModel: 'trade', orderLatencyMs: 0, risk: { minEdgeBps: -10_000 } });
    engine.onEvent(trade(0, 100, 1, 'buy')); // wants a bid at 99.98
    // One aggressive sell printing twice at ts 1000: 99.99, then 99.95 (through 99.98).
    engine.onEvent(trade(1_000, 99.99, 1, 'sell'));
    engine.onEvent(trade(1_000, 99.95, 1, 'sell'));
    // The strategy saw both prints (its estimators see every event) ...
    expect(strategy.seen.map((s) => s.now)).toEqual([0, 1_000, 1_000]);
    // ... but its requote after the first print (a bid at 99.97) was not acted upon inside the sweep.
    expect(strategy.fills.map((f) => f.priceTicks)).toEqual([9_998]);
    expect(engine.openOrders()).toHaveLength(0);
    // The last intent at 1000 (bid 99.93) is placed once the timestamp is complete.
    const step = engine.onEvent(trade(1_001, 99.95, 0.001, 'buy'));
    expect(step.orderUpdates.slice(0, step.orderUpdateCount).map((u) => [u.kind, u.ts, u.priceTicks])).toEqual([['place', 1_000, 9_993]]);
  });

  it('flush() acts on the pending decision without a later event (paper polls); the step holds its order updates', () => {
    const engine = new MarketMakingEngine(NO_FEES, follower(), { fillModel: 'trade', risk: { minEdgeBps: -10_000 } });
    const first = engine.onEvent(trade(0, 100, 1, 'buy'));
    expect(first.orderUpdateCount).toBe(0);
    expect(engine.openOrders()).toHaveLength(0);
    const step = engine.flush();
    expect(step.orderUpdates.slice(0, step.orderUpdateCount).map((u) => [u.kind, u.priceTicks])).toEqual([['place', 9_998]]);
    expect(engine.flush().orderUpdateCount).toBe(0); // nothing pending any more
  });

  it('defaults the order latency to 1 ms on tick data and 0 on candles and intensity; an explicit value wins', () => {
    expect(AUTO_ORDER_LATENCY_MS).toEqual({ candle: 0, trade: 1, intensity: 0, l2: 1 });
    expect(parseEngineConfig({ fillModel: 'trade' }).orderLatencyMs).toBe(1);
    expect(parseEngineConfig({ fillModel: 'l2' }).orderLatencyMs).toBe(1);
    expect(parseEngineConfig({}).orderLatencyMs).toBe(0);
    expect(parseEngineConfig({ fillModel: 'trade', orderLatencyMs: 0 }).orderLatencyMs).toBe(0);
    expect(() => parseEngineConfig({ orderLatencyMs: -2 })).toThrow(/orderLatencyMs/);
    // The default on tick data: an order decided at 0 is live from 1 ms, not at 0.
    const engine = new MarketMakingEngine(NO_FEES, follower(), { fillModel: 'trade', risk: { minEdgeBps: -10_000 } });
    engine.onEvent(trade(0, 100, 1, 'buy'));
    engine.flush();
    expect(engine.openOrders()[0]).toMatchObject({ decidedTs: 0, liveFromTs: 1 });
  });
});
