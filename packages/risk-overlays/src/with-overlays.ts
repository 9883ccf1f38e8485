import type { Fill, MarketEvent, QuoteIntent, Strategy, StrategyContext } from '@mml/core';
import { emptyQuoteIntent } from '@mml/core';
import { type OverlayStack, quotesDiffer } from './overlay';
import type { RiskState } from './risk-state';
import { RiskStateTracker } from './risk-state-tracker';

/** A model strategy wrapped in an overlay stack. `lastRisk` is exposed for logs and tests. */
export interface OverlaidStrategy extends Strategy {
  readonly model: Strategy;
  readonly overlays: OverlayStack;
  readonly lastRisk: RiskState | undefined;
}

/**
 * Wraps a model `Strategy` with an overlay stack. On every event: the model's onEvent, then the
 * risk tracker, then the overlays on the model's intent. When the model returns undefined
 * ("leave quotes as they are") the overlays still run, on the model's last intent, because their
 * state may have changed (a breaker tripped, a cooldown ended); a new intent is emitted only if
 * the result differs from what was last emitted. Fills pass through to the model.
 * Only depends on core's Strategy contract, so any model can be wrapped.
 */
export function withOverlays(model: Strategy, overlays: OverlayStack, tracker: RiskStateTracker = new RiskStateTracker(), name = `${model.name}+overlays`): OverlaidStrategy {
  let states = overlays.initialState();
  let lastModelIntent: QuoteIntent | undefined;
  let lastEmitted: QuoteIntent | undefined;
  let lastRisk: RiskState | undefined;
  return {
    name,
    model,
    overlays,
    get lastRisk() {
      return lastRisk;
    },
    onEvent(event: MarketEvent, ctx: StrategyContext): QuoteIntent | undefined {
      const fresh = model.onEvent(event, ctx);
      // The model's flatten request is acted on once; re-applications must not repeat it.
      if (fresh !== undefined) lastModelIntent = withoutFlatten(fresh);
      const risk = tracker.update(event, ctx);
      lastRisk = risk;
      const base = fresh ?? lastModelIntent ?? emptyQuoteIntent();
      const result = overlays.apply(base, risk, states);
      states = result.state;
      const out = result.intent;
      // A flatten request is an action, not a resting state: never repeat it on a re-emission.
      if (fresh === undefined && lastEmitted !== undefined && !quotesDiffer(withoutFlatten(lastEmitted), out)) return undefined;
      if (fresh === undefined && lastEmitted === undefined && !quotesDiffer(emptyQuoteIntent(), out)) return undefined;
      lastEmitted = out;
      return out;
    },
    onFill(fill: Fill, ctx: StrategyContext): void {
      model.onFill?.(fill, ctx);
    },
  };
}

function withoutFlatten(intent: QuoteIntent): QuoteIntent {
  return intent.flatten ? { ...intent, flatten: false } : intent;
}
