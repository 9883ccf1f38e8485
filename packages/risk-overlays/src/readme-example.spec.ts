// The README's "Wrapping a model" example, verbatim, so it can never rot.
import { BINANCE_BTCUSDT_SPOT, Instrument, gridQuote, type Strategy } from '@mml/core';
import { RiskStateTracker, createStabilityOverlays, withOverlays } from './index';
import { candle, context } from './risk-fixtures.test-helpers';

describe('README example', () => {
  it('wraps a toy model with a configured stack', () => {
    // --- README start
    const instrument = new Instrument(BINANCE_BTCUSDT_SPOT);
    const model: Strategy = {
      name: 'toy',
      onEvent: (_event, ctx) => {
        const { bid, ask } = gridQuote(instrument, { bidPrice: ctx.mid * 0.999, askPrice: ctx.mid * 1.001, bidSize: 0.01, askSize: 0.01 });
        return { bids: [bid], asks: [ask] };
      },
    };
    const overlays = createStabilityOverlays({ drawdownBreaker: { hardThreshold: 0.2 }, riskOffScaling: { enabled: false } });
    const strategy = withOverlays(model, overlays, new RiskStateTracker({ sigmaTarget: 0.0008 }));
    // --- README end
    expect(overlays.order).toEqual(['vol-widen', 'adverse-move', 'drawdown-breaker']);
    const intent = strategy.onEvent(candle(60_000, 30_000), context({ now: 60_000, mid: 30_000 }));
    expect(intent?.bids).toEqual([{ priceTicks: 2_997_000, sizeLots: 1000 }]);
    expect(intent?.asks).toEqual([{ priceTicks: 3_003_000, sizeLots: 1000 }]);
    // A 25% drawdown trips the (raised) hard breaker: quotes cancelled, flatten requested.
    const tripped = strategy.onEvent(candle(120_000, 30_000), context({ now: 120_000, mid: 30_000, equity: 7_500 }));
    expect(tripped?.flatten).toBe(true);
    expect(tripped?.bids).toEqual([]);
  });
});
