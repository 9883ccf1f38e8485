import { BINANCE_BTCUSDT_SPOT, Instrument } from './instrument';
import { QuoteInputsWatch } from './quote-inputs-watch';
import type { StrategyContext } from './strategy';

describe('QuoteInputsWatch', () => {
  const ctx = (over: Partial<StrategyContext> = {}): StrategyContext => ({
    instrument: new Instrument(BINANCE_BTCUSDT_SPOT), now: 0, inventoryLots: 0, inventory: 0, cash: 1000, equity: 1000, initialEquity: 1000,
    peakEquity: 1000, bestBid: NaN, bestAsk: NaN, mid: 100, quoteBudget: 1000, ...over,
  });

  it('asks for a quote first, then only when the model, the quoted context fields or a fill moved', () => {
    const watch = new QuoteInputsWatch();
    expect(watch.due(ctx(), false)).toBe(true); // never quoted
    expect(watch.due(ctx({ now: 5, equity: 999 }), false)).toBe(false); // time and equity are not quote inputs
    expect(watch.due(ctx({ now: 6 }), true)).toBe(true); // the model's observe said so
    for (const moved of [{ mid: 101 }, { bestBid: 99 }, { bestAsk: 101 }, { inventoryLots: 1 }, { cash: 990 }, { peakEquity: 1010 }]) {
      expect(watch.due(ctx(moved), false)).toBe(true);
      expect(watch.due(ctx(moved), false)).toBe(false); // recorded: NaN touch equals NaN
      watch.due(ctx(), true);
    }
    watch.fillReported();
    expect(watch.due(ctx(), false)).toBe(true);
    expect(watch.due(ctx(), false)).toBe(false);
  });
});
