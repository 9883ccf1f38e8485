import { intentDiagnostics, intentRecord, type QuoteIntent, type Strategy } from '@mml/core';
import { createStabilityOverlays } from './default-overlays';
import { composeOverlays, type RiskOverlay } from './overlay';
import { RiskStateTracker } from './risk-state-tracker';
import { withOverlays } from './with-overlays';
import { candle, context, symmetricIntent, type TestIntent } from './risk-fixtures.test-helpers';
import { SplitModel } from './split-model.test-helpers';

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

  it('a split model that quotes straight into the overlay buffer gives every intent a copied one gives (and not when an overlay shares its slots)', () => {
    const sharing: RiskOverlay<null> = {
      name: 'mid-stamp',
      slots: ['mid'],
      reasons: [],
      bind(schema) {
        const slot = schema.slot('mid');
        return { name: 'mid-stamp', state: null, apply: (intent) => void (intent.diagnostics.values[slot] = -1) };
      },
    };
    for (const [overlays, into] of [[createStabilityOverlays({ drawdownBreaker: { softThreshold: 0.02, hardThreshold: 0.04, cooldownMs: 5 * MIN, reentryRampMs: 5 * MIN } }), true], [composeOverlays([sharing]), false]] as const) {
      const direct = new SplitModel();
      const copied = new SplitModel();
      const a = withOverlays(direct, overlays);
      const b = withOverlays(hideQuoteInto(copied), overlays);
      let mid = 30_000;
      for (let i = 1; i <= 400; i++) {
        // The mid stands still on every third bar (the model is not asked: its last intent is re-applied).
        if (i % 3 !== 0) mid += ((i * 7919) % 13) - 6;
        const inventoryLots = ((i >> 4) % 3) - 1;
        const equity = 10_000 - 60 * Math.abs(Math.sin(i / 40)) * 10;
        const ctx = context({ now: i * MIN, mid, inventoryLots, inventory: inventoryLots * 0.00001, equity, peakEquity: 10_000 });
        const x = a.onEvent(candle(i * MIN, mid), ctx);
        const y = b.onEvent(candle(i * MIN, mid), ctx);
        expect(x === undefined ? undefined : intentRecord(x)).toEqual(y === undefined ? undefined : intentRecord(y));
      }
      expect(direct.intoCalls > 0).toBe(into);
      expect(copied.intoCalls).toBe(0);
    }
  });
});

/** The same model without quoteInto (its intents are copied into the overlay buffer). */
function hideQuoteInto(model: SplitModel): Strategy {
  return {
    name: model.name,
    diagnosticsSchema: model.diagnosticsSchema,
    onEvent: (event, ctx) => model.onEvent(event, ctx),
    observe: () => model.observe(),
    quote: (ctx) => model.quote(ctx),
  };
}
