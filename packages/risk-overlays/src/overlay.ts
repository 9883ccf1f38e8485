import type { QuoteIntent } from '@mml/core';
import type { RiskState } from './risk-state';

/** What one overlay returns: the transformed intent, its next state, and one reason per change. */
export interface OverlayResult<S> {
  intent: QuoteIntent;
  state: S;
  /** Human-readable, one per change (e.g. "vol-widen: sigma 2.1x target, spread x1.6"). Empty = no change. */
  reasons: string[];
}

/**
 * A risk overlay: a small pure transform of a quote intent given the risk state observed up to
 * now and the overlay's own state. `apply` must not mutate its arguments, must never cross
 * quotes, never make a quote more aggressive, never increase a size, and must give a reason for
 * every change. Overlays do not append to `intent.reasons` themselves: `composeOverlays` does,
 * in the recorded order.
 */
export interface RiskOverlay<S> {
  readonly name: string;
  initialState(): S;
  apply(intent: QuoteIntent, risk: RiskState, state: S): OverlayResult<S>;
}

/** A fixed, recorded sequence of overlays, applied left to right. Itself a RiskOverlay. */
export interface OverlayStack extends RiskOverlay<unknown[]> {
  /** Names in order of application, for artifacts and logs. */
  readonly order: readonly string[];
}

/**
 * Composes overlays into one, applied in the given order. Each overlay's reasons are appended
 * to `intent.reasons` as it runs, so the intent leaving the stack explains every change.
 * Throws if an overlay changed the quotes without giving a reason (a programming error).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function composeOverlays(overlays: readonly RiskOverlay<any>[]): OverlayStack {
  const names = overlays.map((overlay) => overlay.name);
  const duplicate = names.find((name, i) => names.indexOf(name) !== i);
  if (duplicate !== undefined) throw new Error(`composeOverlays: overlay "${duplicate}" appears twice`);
  return {
    name: names.length > 0 ? names.join(' > ') : 'no-overlays',
    order: names,
    initialState: () => overlays.map((overlay) => overlay.initialState()),
    apply(intent, risk, states) {
      if (states.length !== overlays.length) throw new Error(`composeOverlays: expected ${overlays.length} states, got ${states.length}`);
      let current = intent;
      const nextStates: unknown[] = [];
      const reasons: string[] = [];
      overlays.forEach((overlay, i) => {
        const result = overlay.apply(current, risk, states[i]);
        if (result.reasons.length === 0 && quotesDiffer(current, result.intent)) {
          throw new Error(`overlay "${overlay.name}" changed the quotes without a reason`);
        }
        current = result.reasons.length > 0 ? { ...result.intent, reasons: [...current.reasons, ...result.reasons] } : result.intent;
        nextStates.push(result.state);
        reasons.push(...result.reasons);
      });
      return { intent: current, state: nextStates, reasons };
    },
  };
}

/** True when the resting quotes (or the flatten request) of two intents differ. */
export function quotesDiffer(a: QuoteIntent, b: QuoteIntent): boolean {
  if (Boolean(a.flatten) !== Boolean(b.flatten)) return true;
  return levelsDiffer(a.bids, b.bids) || levelsDiffer(a.asks, b.asks);
}

function levelsDiffer(a: QuoteIntent['bids'], b: QuoteIntent['bids']): boolean {
  if (a.length !== b.length) return true;
  return a.some((level, i) => level.priceTicks !== b[i].priceTicks || level.sizeLots !== b[i].sizeLots);
}
