import { MarketMakingEngine } from './engine';
import { NO_FEES, ScriptedStrategy, candle, intent } from './testing.test-helpers';

// Bid 99.00 and ask 101.00, 0.1 BTC each (10 000 lots), re-sent on every bar.
const quoter = () => new ScriptedStrategy(() => intent([[9_900, 10_000]], [[10_100, 10_000]]));
const config = { fillModel: 'candle', initialInventory: 1, risk: { minEdgeBps: -10_000 } };

describe('candle fill model', () => {
  it('does not fill on a touch: the low must trade strictly below the bid', () => {
    const strategy = quoter();
    const engine = new MarketMakingEngine(NO_FEES, strategy, config);
    engine.onEvent(candle(0, 100, 100, 100, 100));
    engine.onEvent(candle(60_000, 100, 101, 99, 100)); // touches both quotes exactly
    expect(strategy.fills).toHaveLength(0);
    engine.onEvent(candle(120_000, 100, 101.01, 98.99, 100)); // trades through both
    expect(strategy.fills.map((f) => [f.side, f.priceTicks, f.sizeLots, f.liquidity])).toEqual([
      ['buy', 9_900, 10_000, 'maker'],
      ['sell', 10_100, 10_000, 'maker'],
    ]);
  });

  it('never fills a quote on the bar it was placed on (live from the next bar)', () => {
    let quoted = false;
    const strategy = new ScriptedStrategy(() => {
      if (quoted) return undefined;
      quoted = true;
      return intent([[9_900, 10_000]], []);
    });
    const engine = new MarketMakingEngine(NO_FEES, strategy, config);
    // The quote is placed when bar 1 is known; bar 1 itself went far below but must not fill it.
    engine.onEvent(candle(0, 100, 100, 50, 100));
    expect(strategy.fills).toHaveLength(0);
    engine.onEvent(candle(60_000, 100, 100, 98, 100));
    expect(strategy.fills).toHaveLength(1);
  });

  it('with order latency, a quote is not live for the whole next bar and cannot fill on it', () => {
    const strategy = quoter();
    const engine = new MarketMakingEngine(NO_FEES, strategy, { ...config, orderLatencyMs: 1 });
    engine.onEvent(candle(0, 100, 100, 100, 100));
    engine.onEvent(candle(60_000, 100, 100, 98, 100));
    expect(strategy.fills).toHaveLength(0);
  });

  it('caps fills at participationCap x (1 - queueHaircut) of the bar volume, halved when both sides trade through', () => {
    const strategy = quoter();
    const engine = new MarketMakingEngine(NO_FEES, strategy, { ...config, candle: { queueHaircut: 0.5, participationCap: 0.1 } });
    engine.onEvent(candle(0, 100, 100, 100, 100));
    // Volume 1 BTC -> usable 0.05 BTC = 5000 lots on the bid side only.
    engine.onEvent(candle(60_000, 100, 100, 98, 100, 1));
    expect(strategy.fills.map((f) => f.sizeLots)).toEqual([5_000]);
    // Both sides through: 2500 lots each. The bid was re-quoted at 10 000 lots (new order).
    engine.onEvent(candle(120_000, 100, 102, 98, 100, 1));
    expect(strategy.fills.slice(1).map((f) => [f.side, f.sizeLots])).toEqual([
      ['buy', 2_500],
      ['sell', 2_500],
    ]);
  });

  it('ignores non-candle events for fills', () => {
    const strategy = quoter();
    const engine = new MarketMakingEngine(NO_FEES, strategy, config);
    engine.onEvent(candle(0, 100, 100, 100, 100));
    engine.onEvent({ kind: 'trade', ts: 61_000, price: 90, qty: 5, aggressor: 'sell', id: 1 });
    expect(strategy.fills).toHaveLength(0);
  });
});
