import { MarketMakingEngine } from './engine';
import { NO_FEES, ScriptedStrategy, bbo, intent, trade } from './testing.test-helpers';

const base = { initialInventory: 1, risk: { minEdgeBps: -10_000 } };

/** Quotes once (bid at `bid` ticks, ask at `ask` ticks, 0.1 BTC each) and then leaves the orders alone. */
function quoteOnce(bid: number, ask: number) {
  let done = false;
  return new ScriptedStrategy(() => {
    if (done) return undefined;
    done = true;
    return intent([[bid, 10_000]], [[ask, 10_000]]);
  });
}

describe('trade fill model', () => {
  it('fills when a trade prints through our price, but not on the other aggressor side', () => {
    const strategy = quoteOnce(9_999, 10_001);
    const engine = new MarketMakingEngine(NO_FEES, strategy, { ...base, fillModel: 'trade' });
    engine.onEvent(bbo(1, 99.99, 1, 100.01, 1));
    engine.onEvent(trade(2, 99.98, 5, 'buy')); // a buyer cannot hit our bid
    expect(strategy.fills).toHaveLength(0);
    engine.onEvent(trade(3, 99.98, 5, 'sell')); // a seller sweeping below our bid
    expect(strategy.fills.map((f) => [f.side, f.priceTicks, f.sizeLots])).toEqual([["buy", 9_999, 10_000]]);
  });

  it('at our price, fills only after the queue ahead (visible touch size when we joined) has traded: partial fills', () => {
    const strategy = quoteOnce(9_999, 10_001);
    const engine = new MarketMakingEngine(NO_FEES, strategy, { ...base, fillModel: 'trade' });
    engine.onEvent(bbo(1, 99.99, 0.3, 100.01, 1)); // we join a bid of 0.3 BTC
    engine.onEvent(trade(2, 99.99, 0.2, 'sell'));
    expect(strategy.fills).toHaveLength(0);
    engine.onEvent(trade(3, 99.99, 0.15, 'sell')); // 0.1 ahead left, 0.05 reaches us
    expect(strategy.fills.map((f) => f.sizeLots)).toEqual([5_000]);
    engine.onEvent(trade(4, 99.99, 1, 'sell'));
    expect(strategy.fills.map((f) => f.sizeLots)).toEqual([5_000, 5_000]);
    expect(engine.openOrders().filter((o) => o.side === 'buy')).toHaveLength(0);
  });

  it('improving the touch means nobody is ahead of us', () => {
    const strategy = quoteOnce(10_000, 10_001);
    const engine = new MarketMakingEngine(NO_FEES, strategy, { ...base, fillModel: 'trade' });
    engine.onEvent(bbo(1, 99.99, 5, 100.02, 5));
    engine.onEvent(trade(2, 100.0, 0.04, 'sell'));
    expect(strategy.fills.map((f) => f.sizeLots)).toEqual([4_000]);
  });

  it('risk-averse ignores cancels; probabilistic moves us up by the share of cancels ahead of us', () => {
    const run = (queueModel: 'risk-averse' | 'probabilistic') => {
      const strategy = quoteOnce(9_999, 10_001);
      const engine = new MarketMakingEngine(NO_FEES, strategy, { ...base, fillModel: 'trade', trade: { queueModel } });
      engine.onEvent(bbo(1, 99.99, 1, 100.01, 1)); // join behind 1 BTC
      engine.onEvent(bbo(2, 99.99, 0.5, 100.01, 1)); // 0.5 BTC cancelled, no trade
      engine.onEvent(trade(3, 99.99, 0.3, 'sell'));
      return strategy.fills.reduce((sum, f) => sum + f.sizeLots, 0);
    };
    // Risk-averse: queue ahead = min(1, visible 0.5) = 0.5 > 0.3 traded -> nothing.
    expect(run('risk-averse')).toBe(0);
    // Probabilistic: ahead 1 - 0.5 x (1/1) = 0.5 -> also nothing; make the cancel partial to see a difference.
    const partial = (queueModel: 'risk-averse' | 'probabilistic') => {
      const strategy = quoteOnce(9_999, 10_001);
      const engine = new MarketMakingEngine(NO_FEES, strategy, { ...base, fillModel: 'trade', trade: { queueModel } });
      engine.onEvent(bbo(1, 99.99, 1, 100.01, 1));
      engine.onEvent(trade(2, 99.99, 0.5, 'sell')); // ahead 0.5, level 0.5
      engine.onEvent(bbo(3, 99.99, 0.9, 100.01, 1)); // others joined behind: level grows to 0.9
      engine.onEvent(bbo(4, 99.99, 0.45, 100.01, 1)); // 0.45 cancelled: half the level
      engine.onEvent(trade(5, 99.99, 0.3, 'sell'));
      return strategy.fills.reduce((sum, f) => sum + f.sizeLots, 0);
    };
    // Risk-averse: ahead stays 0.45 (capped by the visible size) -> 0.3 traded reaches nobody.
    expect(partial('risk-averse')).toBe(0);
    // Probabilistic: ahead 0.5 - 0.45 x 0.5/0.9 = 0.25 -> 0.05 BTC reaches us.
    expect(partial('probabilistic')).toBe(5_000);
  });

  it('unknown queue (no book seen) fills only on trade-through', () => {
    const strategy = quoteOnce(9_999, 10_001);
    const engine = new MarketMakingEngine(NO_FEES, strategy, { ...base, fillModel: 'trade' });
    engine.onEvent(trade(1, 100, 0.01, 'buy'));
    engine.onEvent(trade(2, 99.99, 100, 'sell'));
    expect(strategy.fills).toHaveLength(0);
    engine.onEvent(trade(3, 99.98, 0.02, 'sell'));
    expect(strategy.fills.map((f) => f.sizeLots)).toEqual([2_000]);
  });
});
