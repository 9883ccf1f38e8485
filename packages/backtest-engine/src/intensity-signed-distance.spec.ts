import type { MarketEvent } from '@mml/core';
import { runBacktest } from './run-backtest';
import { bbo, intent, NO_FEES, ScriptedStrategy } from './testing.test-helpers';

describe('intensity fill model: distance is signed on the order side', () => {
  it('a bid through the mid fills at A exp(+k |delta|) dt, an ask beyond it at A exp(-k delta) dt', () => {
    // Mid 100 inside a wide touch (90 / 110), so quotes through the mid are allowed to rest.
    const events: MarketEvent[] = Array.from({ length: 4000 }, (_, i) => bbo(i * 100, 90, 1, 110, 1));
    // Bid at 100.50 (0.5 through the mid), ask at 101.00 (1 beyond it); A = 1/s, k = 1, dt = 0.1 s.
    const strategy = new ScriptedStrategy(() => intent([[10_050, 10_000]], [[10_100, 10_000]]));
    const result = runBacktest({
      events, instrument: NO_FEES, strategy,
      config: { fillModel: 'intensity', allowShort: true, quoteBudget: 1e6, intensity: { A: 1, k: 1, seed: 5 }, risk: { minEdgeBps: -10_000, liquidationEquityFraction: 0 } },
    });
    const draws = events.length - 1;
    const bidRate = result.fills.filter((f) => f.side === 'buy').length / draws;
    const askRate = result.fills.filter((f) => f.side === 'sell').length / draws;
    const pBid = 0.1 * Math.exp(0.5); // 0.165 (with |delta| it would be 0.061)
    const pAsk = 0.1 * Math.exp(-1);
    expect(Math.abs(bidRate - pBid)).toBeLessThan(4 * Math.sqrt((pBid * (1 - pBid)) / draws));
    expect(Math.abs(askRate - pAsk)).toBeLessThan(4 * Math.sqrt((pAsk * (1 - pAsk)) / draws));
  });
});
