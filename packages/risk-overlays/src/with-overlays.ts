import { DiagnosticsSchema, EMPTY_DIAGNOSTICS_SCHEMA, QuoteInputsWatch, QuoteIntentBuffer } from '@mml/core';
import type { Fill, MarketEvent, QuoteIntent, Strategy, StrategyContext } from '@mml/core';
import type { ActiveOverlay, OverlayStack } from './overlay';
import { QuoteSnapshot } from './quote-snapshot';
import type { RiskState } from './risk-state';
import { RiskStateTracker } from './risk-state-tracker';

/** A model strategy wrapped in an overlay stack. `lastRisk` and `overlayState` are exposed for logs and tests. */
export interface OverlaidStrategy extends Strategy {
  readonly model: Strategy;
  readonly overlays: OverlayStack;
  /** The model's diagnostics schema extended with the overlays' slots and reasons. */
  readonly diagnosticsSchema: DiagnosticsSchema;
  readonly lastRisk: RiskState | undefined;
  /** Each overlay's state, in order of application (live objects). */
  readonly overlayState: readonly unknown[];
}

/** Most levels per side an overlaid intent holds (the models' `levels` option is at most 20). */
const MAX_LEVELS = 64;

/**
 * Wraps a model `Strategy` with an overlay stack. On every event: the model's onEvent (or, for a
 * model with core's observe/quote split, its observe, and its quote only when its inputs or the
 * context it quotes from moved; else its last intent as if returned again), then the
 * risk tracker, then the overlays on a copy of the model's intent in one preallocated intent
 * (transformed in place). When the model returns undefined ("leave quotes as they are") the
 * overlays still run, on the model's last intent, because their state may have changed (a breaker
 * tripped, a cooldown ended); a new intent is emitted only if the result differs from what was last
 * emitted. Fills pass through to the model. Only depends on core's Strategy contract, so any model
 * can be wrapped; the model's intents must use its `diagnosticsSchema` (or carry none).
 *
 * The returned intent is the same object on every event: act on it (or copy it) before the next.
 */
export function withOverlays(model: Strategy, overlays: OverlayStack, tracker: RiskStateTracker = new RiskStateTracker(), name = `${model.name}+overlays`): OverlaidStrategy {
  const modelSchema = model.diagnosticsSchema ?? EMPTY_DIAGNOSTICS_SCHEMA;
  const schema = modelSchema.extend(overlays.slots, overlays.reasons);
  const active: ActiveOverlay<unknown[]> = overlays.bind(schema);
  const work = new QuoteIntentBuffer(MAX_LEVELS, schema);
  // The quotes last emitted (levels only: a flatten request is an action, never repeated).
  const emitted = new QuoteSnapshot(MAX_LEVELS);
  let hasEmitted = false;
  let lastModelIntent: QuoteIntent | undefined;
  let checkedSchema: DiagnosticsSchema | undefined;
  let lastRisk: RiskState | undefined;
  // A split model (observe + quote) is asked for a quote only when its inputs moved; otherwise its
  // last intent, unchanged in its buffer, stands as if returned again (core's Strategy contract).
  const watch = new QuoteInputsWatch();
  const { observe, quote } = model;
  const split = observe !== undefined && quote !== undefined;
  const last = { intent: undefined as QuoteIntent | undefined };
  const modelIntent = (event: MarketEvent, ctx: StrategyContext): QuoteIntent | undefined => {
    if (!split) return model.onEvent(event, ctx);
    if (watch.due(ctx, observe.call(model, event, ctx))) last.intent = quote.call(model, ctx);
    return last.intent;
  };
  return {
    name,
    model,
    overlays,
    diagnosticsSchema: schema,
    get lastRisk() {
      return lastRisk;
    },
    get overlayState() {
      return active.state;
    },
    onEvent(event: MarketEvent, ctx: StrategyContext): QuoteIntent | undefined {
      const fresh = modelIntent(event, ctx);
      if (fresh !== undefined) {
        lastModelIntent = fresh;
        const intentSchema = fresh.diagnostics?.schema;
        if (intentSchema !== undefined && intentSchema !== checkedSchema) {
          if (!schema.startsWith(intentSchema)) throw new Error(`model "${model.name}" returned diagnostics outside its diagnosticsSchema`);
          checkedSchema = intentSchema;
        }
      }
      const risk = tracker.update(event, ctx);
      lastRisk = risk;
      if (lastModelIntent !== undefined) work.copyFrom(lastModelIntent);
      else work.clear();
      // The model's flatten request is acted on once; re-applications must not repeat it.
      if (fresh === undefined) work.flatten = false;
      active.apply(work, risk);
      if (fresh === undefined && work.flatten !== true && (hasEmitted ? !emitted.levelsDiffer(work) : work.bids.length === 0 && work.asks.length === 0)) return undefined;
      emitted.take(work);
      hasEmitted = true;
      return work;
    },
    onFill(fill: Fill, ctx: StrategyContext): void {
      watch.fillReported();
      model.onFill?.(fill, ctx);
    },
  };
}
