import type { MarketEvent } from '@mml/core';
import { MarketMakingEngine } from './engine';
import type { EngineStep } from './types';
import { BTC, NO_FEES, ScriptedStrategy, bbo, candle, intent, trade } from './testing.test-helpers';

const loose = { risk: { minEdgeBps: -10_000 } };

/** Feeds one event and acts on the decision at once (as the next, later event would). Returns the step with the decision's updates. */
function decideOn(engine: MarketMakingEngine, event: MarketEvent): EngineStep {
  engine.onEvent(event);
  return engine.flush();
}

describe('order manager', () => {
  it('keeps an order (same id, same queue place) while the wanted price stays within the refresh tolerance', () => {
    let bid = 9_900;
    const strategy = new ScriptedStrategy(() => intent([[bid, 10_000]], []));
    const engine = new MarketMakingEngine(NO_FEES, strategy, { ...loose, orders: { refreshToleranceTicks: 2 } });
    decideOn(engine, candle(0, 100, 100, 100, 100));
    const firstId = engine.openOrders()[0].id;
    bid = 9_902;
    decideOn(engine, candle(60_000, 100, 100, 100, 100));
    expect(engine.openOrders().map((o) => [o.id, o.priceTicks])).toEqual([[firstId, 9_900]]);
    bid = 9_903;
    const step = decideOn(engine, candle(120_000, 100, 100, 100, 100));
    // Replaced (the cancel takes effect at once on candles: the order object is reused, as a new order).
    expect(step.orderUpdates.slice(0, step.orderUpdateCount).map((u) => [u.kind, u.orderId, u.priceTicks, u.sizeLots, u.ts])).toEqual([
      ['cancel', firstId, 9_900, 10_000, 180_000],
      ['place', firstId + 1, 9_903, 10_000, 180_000],
    ]);
    expect(engine.openOrders().map((o) => [o.id, o.priceTicks, o.remainingLots])).toEqual([[firstId + 1, 9_903, 10_000]]);
    expect(engine.metrics().quotes).toBe(2);
  });

  it('replaces an order older than maxOrderAgeMs', () => {
    const strategy = new ScriptedStrategy(() => intent([[9_900, 10_000]], []));
    const engine = new MarketMakingEngine(NO_FEES, strategy, { ...loose, orders: { maxOrderAgeMs: 120_000 } });
    const ids: number[] = [];
    for (let i = 0; i < 4; i++) {
      decideOn(engine, candle(i * 60_000, 100, 100, 100, 100));
      ids.push(engine.openOrders()[0].id);
    }
    expect(ids).toEqual([1, 1, 2, 2]);
  });

  it('places nothing on a side during the cooldown after a fill on it', () => {
    const strategy = new ScriptedStrategy(() => intent([[9_900, 10_000]], []));
    const engine = new MarketMakingEngine(NO_FEES, strategy, { ...loose, orders: { cooldownAfterFillMs: 120_000 } });
    decideOn(engine, candle(0, 100, 100, 100, 100));
    decideOn(engine, candle(60_000, 100, 100, 98, 100, 100)); // fills at ts 120 000
    expect(strategy.fills).toHaveLength(1);
    expect(engine.openOrders()).toHaveLength(0);
    decideOn(engine, candle(120_000, 100, 100, 100, 100)); // ts 180 000 < 240 000
    expect(engine.openOrders()).toHaveLength(0);
    decideOn(engine, candle(180_000, 100, 100, 100, 100)); // ts 240 000: cooldown over
    expect(engine.openOrders()).toHaveLength(1);
  });

  it('drops levels below min notional and never sells inventory it does not hold (spot)', () => {
    // 0.0004 BTC at 99 = 3.96 USDT < 5 min notional; asks with zero inventory are impossible on spot.
    const strategy = new ScriptedStrategy(() => intent([[9_900, 40], [9_800, 10_000]], [[10_100, 10_000]]));
    const engine = new MarketMakingEngine(NO_FEES, strategy, loose);
    const step = decideOn(engine, candle(0, 100, 100, 100, 100));
    expect(step.rejectedLevels).toEqual({ edge: 0, inventory: 0, balance: 1, postOnly: 0, minNotional: 1, lot: 0 });
    expect(engine.openOrders().map((o) => [o.side, o.priceTicks])).toEqual([['buy', 9_800]]);
  });

  it('clips bids to the cash on hand (fee included) and to the hard inventory limit', () => {
    // 1000 USDT budget, bid 10 BTC at 100 with 0.1% fee: at most floor(1000 / 100.1 / 1e-5) lots.
    const strategy = new ScriptedStrategy(() => intent([[10_000, 1_000_000]], []));
    const engine = new MarketMakingEngine(BTC, strategy, { quoteBudget: 1000, risk: { minEdgeBps: -10_000, hardInventoryLimit: 2 } });
    decideOn(engine, candle(0, 101, 101, 101, 101));
    expect(engine.openOrders()[0].requestedLots).toBe(999_000);
    const limited = new MarketMakingEngine(BTC, strategy, { quoteBudget: 1000, risk: { minEdgeBps: -10_000, softInventoryLimit: 0.2, hardInventoryLimit: 0.5 } });
    decideOn(limited, candle(0, 101, 101, 101, 101));
    // hard limit: 0.5 x 1000 / 101 BTC = 4.9504... BTC -> 495 049 lots.
    expect(limited.openOrders()[0].requestedLots).toBe(495_049);
  });

  it('shrinks the position-increasing side linearly between the soft and the hard limit', () => {
    const strategy = new ScriptedStrategy(() => intent([[9_900, 100_000]], [[10_100, 100_000]]));
    // Equity 1000 + 5 x 100 = 1500; inventory 500/1500 = 1/3, soft 0.2, hard 0.6 -> factor (0.6-1/3)/0.4 = 2/3.
    const engine = new MarketMakingEngine(NO_FEES, strategy, { quoteBudget: 1000, initialInventory: 5, risk: { minEdgeBps: -10_000, softInventoryLimit: 0.2, hardInventoryLimit: 0.6 } });
    decideOn(engine, candle(0, 100, 100, 100, 100));
    const sizes = Object.fromEntries(engine.openOrders().map((o) => [o.side, o.requestedLots]));
    expect(sizes).toEqual({ buy: 66_666, sell: 100_000 });
  });

  it('fee-aware edge filter: no quote closer to mid than the maker fee plus minEdgeBps', () => {
    // Maker fee 10 bps; minEdgeBps 0: a bid 5 bps under mid is dropped, one 10 bps under is kept.
    const strategy = new ScriptedStrategy(() => intent([[9_995, 10_000], [9_990, 10_000]], []));
    const engine = new MarketMakingEngine(BTC, strategy, {});
    const step = decideOn(engine, candle(0, 100, 100, 100, 100));
    expect(step.rejectedLevels.edge).toBe(1);
    expect(engine.openOrders().map((o) => o.priceTicks)).toEqual([9_990]);
  });

  it('post-only: a bid at or through the best ask is rejected', () => {
    const strategy = new ScriptedStrategy(() => intent([[10_001, 10_000]], []));
    const engine = new MarketMakingEngine(NO_FEES, strategy, { ...loose, fillModel: 'trade' });
    const step = decideOn(engine, bbo(1, 99.99, 1, 100.01, 1));
    expect(step.rejectedLevels.postOnly).toBe(1);
    decideOn(engine, trade(2, 100.01, 1, 'buy'));
    expect(engine.openOrders()).toHaveLength(0);
  });

  it('a cancelled order can still fill until the cancel takes effect (order latency)', () => {
    let bid = 9_999;
    const strategy = new ScriptedStrategy(() => intent([[bid, 10_000]], []));
    const engine = new MarketMakingEngine(NO_FEES, strategy, { ...loose, fillModel: 'trade', orderLatencyMs: 10 });
    decideOn(engine, bbo(0, 99.99, 0, 100.01, 1)); // placed, live from 10
    bid = 9_990;
    decideOn(engine, bbo(20, 99.99, 0, 100.01, 1)); // replace: old cancel effective at 30
    decideOn(engine, trade(25, 99.98, 1, 'sell'));
    expect(strategy.fills.map((f) => f.priceTicks)).toEqual([9_999]);
  });

  it('feed latency delays the decision and order latency the order: live from ts + feed + order latency', () => {
    const strategy = new ScriptedStrategy(() => intent([[9_999, 10_000]], []));
    const engine = new MarketMakingEngine(NO_FEES, strategy, { ...loose, fillModel: 'trade', feedLatencyMs: 5, orderLatencyMs: 10 });
    decideOn(engine, bbo(100, 99.99, 0, 100.01, 1));
    expect(strategy.seen[0].now).toBe(105);
    expect(engine.openOrders()[0]).toMatchObject({ decidedTs: 105, liveFromTs: 115 });
    decideOn(engine, trade(114, 99.98, 1, 'sell'));
    expect(strategy.fills).toHaveLength(0);
    decideOn(engine, trade(115, 99.98, 1, 'sell'));
    expect(strategy.fills).toHaveLength(1);
  });

  it('allowShort lets asks take the inventory below zero, down to the hard limit', () => {
    const strategy = new ScriptedStrategy(() => intent([], [[10_100, 10_000]]));
    const spot = new MarketMakingEngine(NO_FEES, strategy, loose);
    decideOn(spot, candle(0, 100, 100, 100, 100));
    expect(spot.openOrders()).toHaveLength(0);
    const margin = new MarketMakingEngine(NO_FEES, strategy, { ...loose, allowShort: true });
    decideOn(margin, candle(0, 100, 100, 100, 100));
    decideOn(margin, candle(60_000, 100, 102, 100, 100));
    expect(margin.ledger.inventoryLots).toBe(-10_000);
    expect(margin.ledger.cash).toBeCloseTo(10_010.1, 9);
  });
});
