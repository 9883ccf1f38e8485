import { intentDiagnostics, type QuoteIntent, type Strategy } from '@mml/core';
import { createStabilityOverlays } from './default-overlays';
import { composeOverlays } from './overlay';
import { RiskStateTracker } from './risk-state-tracker';
import { withOverlays } from './with-overlays';
import { candle, context, symmetricIntent, type TestIntent } from './risk-fixtures.test-helpers';

const MIN = 60_000;

/** A model that quotes once and then always says "leave quotes as they are". */
function quoteOnceModel(intent: TestIntent): Strategy & { fills: number } {
  let quoted = false;
  return {
    name: 'once',
    fills: 0,
    onEvent() {
      if (quoted) return undefined;
      quoted = true;
      return intent as QuoteIntent;
    },
    onFill() {
      this.fills += 1;
    },
  };
}

describe('withOverlays', () => {
  it('passes a calm model intent through, then stays silent while nothing changes', () => {
    const strategy = withOverlays(quoteOnceModel(symmetricIntent()), createStabilityOverlays(), new RiskStateTracker());
    const first = strategy.onEvent(candle(MIN, 30_000), context({ now: MIN, mid: 30_000 }));
    expect(first?.bids).toEqual(symmetricIntent().bids);
    expect(strategy.onEvent(candle(2 * MIN, 30_001), context({ now: 2 * MIN, mid: 30_001 }))).toBeUndefined();
  });

  it('emits a new intent when a breaker trips although the model returned undefined, and flattens once', () => {
    const strategy = withOverlays(quoteOnceModel(symmetricIntent()), createStabilityOverlays({ drawdownBreaker: { hardThreshold: 0.2, softThreshold: 0.1 } }));
    strategy.onEvent(candle(MIN, 30_000), context({ now: MIN, mid: 30_000 }));
    const tripped = strategy.onEvent(candle(2 * MIN, 30_000), context({ now: 2 * MIN, mid: 30_000, equity: 7_500 }));
    expect(tripped).toBeDefined();
    expect(tripped?.flatten).toBe(true);
    expect(tripped?.bids).toEqual([]);
    expect(intentDiagnostics(tripped!).breakerTrip).toBe(1);
    expect(strategy.onEvent(candle(3 * MIN, 30_000), context({ now: 3 * MIN, mid: 30_000, equity: 7_500 }))).toBeUndefined();
  });

  it('passes fills to the model and does not repeat the model flatten request', () => {
    const model = quoteOnceModel({ ...symmetricIntent(), flatten: true });
    const strategy = withOverlays(model, composeOverlays([]));
    expect(strategy.onEvent(candle(MIN, 30_000), context({ now: MIN, mid: 30_000 }))?.flatten).toBe(true);
    expect(strategy.onEvent(candle(2 * MIN, 30_000), context({ now: 2 * MIN, mid: 30_000 }))).toBeUndefined();
    strategy.onFill?.({ ts: 0, orderId: 1, side: 'buy', priceTicks: 1, sizeLots: 1, liquidity: 'maker', fee: 0, reason: 'quote' }, context());
    expect(model.fills).toBe(1);
  });
});
