import type { DiagnosticsSchema, QuoteIntent, QuoteIntentBuffer, QuoteLevel, ReasonSpec } from '@mml/core';
import { QuoteSnapshot } from './quote-snapshot';
import type { RiskField, RiskState } from './risk-state';

/** An overlay at work inside one strategy: its slots and reason codes resolved, its own state. */
export interface ActiveOverlay<S> {
  readonly name: string;
  /** The overlay's state (live: updated in place by apply). */
  readonly state: S;
  /**
   * Transforms the intent in place given the risk state observed up to now: never crosses quotes,
   * never makes a quote more aggressive, never increases a size, writes its diagnostics into its
   * slots and adds a reason code for every change.
   */
  apply(intent: QuoteIntentBuffer, risk: RiskState): void;
  /**
   * The `RiskState` fields `apply` reads (with `settled`, lets `withOverlays` skip re-applying the
   * stack on events where nothing it reads changed). Omitted: the overlay is re-applied on every event.
   */
  readonly reads?: readonly RiskField[];
  /**
   * True when applying again, to the same intent with `reads` bit-identical to the last
   * application's, would give exactly the last result and leave the state as it is: the output
   * depends on neither `risk.now` nor state that moves per application (a cooldown running, a
   * ramp, a trip reported once). Asked after an application, and its answer may change only in
   * `apply` (it is a function of the state apply leaves): `withOverlays` asks once per application
   * and keeps the answer until the next. Omitted: never settled.
   */
  settled?(): boolean;
}

/**
 * A risk overlay: declares the diagnostic slots it writes (and reads) and the reasons it gives,
 * which the strategy registers once in its diagnostics schema; `bind` then resolves them in that
 * schema and returns the running overlay with a fresh state. Nothing is allocated per event.
 */
export interface RiskOverlay<S> {
  readonly name: string;
  readonly slots: readonly string[];
  readonly reasons: readonly ReasonSpec[];
  bind(schema: DiagnosticsSchema): ActiveOverlay<S>;
}

/** A fixed, recorded sequence of overlays, applied left to right. Itself a RiskOverlay. */
export interface OverlayStack extends RiskOverlay<unknown[]> {
  /** Names in order of application, for artifacts and logs. */
  readonly order: readonly string[];
}

/**
 * Composes overlays into one, applied in the given order; the reasons each adds follow each other
 * on the intent, so the intent leaving the stack explains every change. Throws if an overlay
 * changed the quotes without adding a reason (a programming error).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function composeOverlays(overlays: readonly RiskOverlay<any>[]): OverlayStack {
  const names = overlays.map((overlay) => overlay.name);
  const duplicate = names.find((name, i) => names.indexOf(name) !== i);
  if (duplicate !== undefined) throw new Error(`composeOverlays: overlay "${duplicate}" appears twice`);
  return {
    name: names.length > 0 ? names.join(' > ') : 'no-overlays',
    order: names,
    slots: overlays.flatMap((overlay) => overlay.slots),
    reasons: overlays.flatMap((overlay) => overlay.reasons),
    bind(schema) {
      const active = overlays.map((overlay) => overlay.bind(schema));
      // The quotes before each overlay, for the silent-change check (levels per side are <= 20 by config).
      const before = new QuoteSnapshot(64);
      // The stack can be skipped only if every overlay says what it reads and when it is settled.
      const skippable = active.every((overlay) => overlay.reads !== undefined && overlay.settled !== undefined);
      return {
        name: names.join(' > '),
        state: active.map((overlay) => overlay.state),
        reads: skippable ? [...new Set(active.flatMap((overlay) => overlay.reads as readonly RiskField[]))] : undefined,
        settled: skippable
          ? () => {
              for (let i = 0; i < active.length; i++) if (!(active[i].settled as () => boolean)()) return false;
              return true;
            }
          : undefined,
        apply(intent, risk) {
          // `before` holds the quotes as each overlay receives them: taken once, then again only
          // after an overlay that gave a reason (one that gave none must have changed nothing).
          before.take(intent);
          for (let i = 0; i < active.length; i++) {
            const reasonsBefore = intent.diagnostics.reasonCount;
            active[i].apply(intent, risk);
            if (intent.diagnostics.reasonCount !== reasonsBefore) {
              if (i + 1 < active.length) before.take(intent);
            } else if (before.quotesDiffer(intent)) {
              throw new Error(`overlay "${active[i].name}" changed the quotes without a reason`);
            }
          }
        },
      };
    },
  };
}

/** True when the resting quotes (or the flatten request) of two intents differ. */
export function quotesDiffer(a: QuoteIntent, b: QuoteIntent): boolean {
  if ((a.flatten === true) !== (b.flatten === true)) return true;
  return levelsDiffer(a.bids, b.bids) || levelsDiffer(a.asks, b.asks);
}

/** True when the resting quotes of two intents differ (flatten requests ignored). */
export function levelsOfIntentsDiffer(a: QuoteIntent, b: QuoteIntent): boolean {
  return levelsDiffer(a.bids, b.bids) || levelsDiffer(a.asks, b.asks);
}

function levelsDiffer(a: readonly QuoteLevel[], b: readonly QuoteLevel[]): boolean {
  if (a.length !== b.length) return true;
  for (let i = 0; i < a.length; i++) if (a[i].priceTicks !== b[i].priceTicks || a[i].sizeLots !== b[i].sizeLots) return true;
  return false;
}
