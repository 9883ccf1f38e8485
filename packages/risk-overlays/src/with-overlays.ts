import { DiagnosticsSchema, EMPTY_DIAGNOSTICS_SCHEMA, QuoteInputsWatch, QuoteIntentBuffer } from '@mml/core';
import type { Fill, MarketEvent, QuoteIntent, Strategy, StrategyContext } from '@mml/core';
import type { ActiveOverlay, OverlayStack } from './overlay';
import { QuoteSnapshot } from './quote-snapshot';
import { RiskReadsSnapshot } from './risk-reads-snapshot';
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
  /** Core's split, whatever the model: observe does the event's work, quote hands out its intent (see withOverlays). */
  observe(event: MarketEvent, ctx: StrategyContext): boolean;
  quote(ctx: StrategyContext): QuoteIntent | undefined;
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
 * emitted. Unless the stack would provably give its last result again: when the model did not
 * quote (onEvent returned undefined, or a split model was not due), every overlay is settled (its
 * output depends on nothing but the risk fields it reads) and those fields are bit-identical to the
 * last application's, the stack is not re-applied (on tick data most events) and the answer is the
 * re-application's: undefined, or the intent in `work` (untouched since) when the split model's
 * last intent stands as if returned again. Fills pass through to the model. Only depends on core's Strategy contract, so any model
 * can be wrapped; the model's intents must use its `diagnosticsSchema` (or carry none).
 *
 * The wrapper has core's observe/quote split itself, whatever the model, so an engine asks it
 * for a quote only when something moved (and takes its fused replay loops): `observe` does all of
 * the above and keeps the answer; it returns false only when the stack was skipped and its answer
 * is the intent (or undefined) that `quote` last handed out, untouched since, which is what the
 * engine then takes again; `quote`, asked right after `observe` of the same event, hands the
 * answer out. So the engine sees, event by event, the same intents (objects and contents) as
 * through onEvent (`workflows/test/format-call-contract.spec.ts` runs every overlaid format both ways).
 *
 * The returned intent is the same object on every event: act on it (or copy it) before the next.
 */
export function withOverlays(model: Strategy, overlays: OverlayStack, tracker: RiskStateTracker = new RiskStateTracker(), name = `${model.name}+overlays`): OverlaidStrategy {
  return new OverlaidModel(model, overlays, tracker, name);
}

/**
 * withOverlays' strategy: a class, so the engine's calls on it find its methods on one stable
 * shape (an object literal with accessors is a dictionary-mode object, looked up on every call).
 */
class OverlaidModel implements OverlaidStrategy {
  readonly diagnosticsSchema: DiagnosticsSchema;
  private readonly active: ActiveOverlay<unknown[]>;
  private readonly work: QuoteIntentBuffer;
  // The quotes last emitted (levels only: a flatten request is an action, never repeated).
  private readonly emitted = new QuoteSnapshot(MAX_LEVELS);
  private hasEmitted = false;
  private lastModelIntent: QuoteIntent | undefined;
  private checkedSchema: DiagnosticsSchema | undefined;
  private risk: RiskState | undefined;
  // A split model (observe + quote) is asked for a quote only when its inputs moved; otherwise its
  // last intent, unchanged in its buffer, stands as if returned again (core's Strategy contract).
  private readonly watch = new QuoteInputsWatch();
  private readonly split: boolean;
  private lastSplitIntent: QuoteIntent | undefined;
  /** Whether the model quoted on this event (a fresh onEvent intent, or a split model that was due). */
  private quoted = false;
  /**
   * A split model with quoteInto, none of whose diagnostic slots an overlay shares, quotes straight
   * into `work`: the overlays change only its levels, reasons (appended), flatten flag and their own
   * slots, so restoring those (below) gives what copying the model's intent would, without copying
   * its slots on every event.
   */
  private readonly intoWork: boolean;
  private readonly modelSlots: number;
  /** The levels, reason count and flatten flag of the model's intent in `work`, as it quoted them. */
  private readonly modelQuotes = new QuoteSnapshot(MAX_LEVELS);
  private modelReasons = 0;
  private modelFlatten = false;
  /** The model quoted into `work` on this event (its intent there is as it wrote it). */
  private quotedIntoWork = false;
  /**
   * The risk fields the overlays read (undefined: some overlay does not say, so the stack is
   * re-applied on every event) and their values at the last application.
   */
  private readonly appliedReads: RiskReadsSnapshot | undefined;
  /** There was an application, the stack can be skipped and it was settled after it (valid once settledAsked). */
  private appliedSettled = false;
  /** appliedSettled holds the answer for the last application (true before any: none, so false). */
  private settledAsked = true;
  /** The last event's step applied the stack (false: skipped, its answer that of the last application). */
  private applied = false;
  /** The answer of the event last observed, for quote. */
  private answer: QuoteIntent | undefined;
  /** What quote last handed out. */
  private lastHandedOut: QuoteIntent | undefined;
  /** An answer differs, or may differ in content, from what quote last handed out (true before the first). */
  private unasked = true;

  constructor(
    readonly model: Strategy,
    readonly overlays: OverlayStack,
    private readonly tracker: RiskStateTracker,
    readonly name: string,
  ) {
    const modelSchema = model.diagnosticsSchema ?? EMPTY_DIAGNOSTICS_SCHEMA;
    this.diagnosticsSchema = modelSchema.extend(overlays.slots, overlays.reasons);
    this.active = overlays.bind(this.diagnosticsSchema);
    this.work = new QuoteIntentBuffer(MAX_LEVELS, this.diagnosticsSchema);
    this.split = model.observe !== undefined && model.quote !== undefined;
    this.modelSlots = modelSchema.slots.length;
    this.intoWork = this.split && model.quoteInto !== undefined && overlays.slots.every((slot) => modelSchema.indexOf(slot) < 0);
    const reads = this.active.reads;
    this.appliedReads = reads !== undefined && this.active.settled !== undefined ? new RiskReadsSnapshot(reads) : undefined;
  }

  get lastRisk(): RiskState | undefined {
    return this.risk;
  }

  get overlayState(): readonly unknown[] {
    return this.active.state;
  }

  private modelIntent(event: MarketEvent, ctx: StrategyContext): QuoteIntent | undefined {
    const model = this.model;
    if (!this.split) {
      const intent = model.onEvent(event, ctx);
      this.quoted = intent !== undefined;
      return intent;
    }
    const moved = (model.observe as NonNullable<Strategy['observe']>)(event, ctx);
    this.quoted = this.watch.due(ctx, moved);
    if (this.quoted) {
      if (this.intoWork) {
        const work = this.work;
        const intent = (model.quoteInto as NonNullable<Strategy['quoteInto']>)(ctx, work);
        if (intent === work) {
          this.modelQuotes.take(work);
          this.modelReasons = work.diagnostics.reasonCount;
          this.modelFlatten = work.flatten === true;
          this.quotedIntoWork = true;
        }
        this.lastSplitIntent = intent;
      } else {
        this.lastSplitIntent = (model.quote as NonNullable<Strategy['quote']>)(ctx);
      }
    }
    return this.lastSplitIntent;
  }

  /** `work` back to the model's intent as it quoted it into `work` (what copying it would give). */
  private restoreModelIntent(): void {
    const work = this.work;
    this.modelQuotes.restoreInto(work);
    work.flatten = this.modelFlatten;
    work.diagnostics.reasonCount = this.modelReasons;
    this.clearOverlaySlots();
  }

  /** The overlays' slots of `work` back to NaN (not written), the model's left as they are. */
  private clearOverlaySlots(): void {
    const values = this.work.diagnostics.values;
    for (let i = this.modelSlots; i < values.length; i++) values[i] = NaN;
  }

  onEvent(event: MarketEvent, ctx: StrategyContext): QuoteIntent | undefined {
    return this.step(event, ctx);
  }

  /**
   * Core's observe half: the whole event's work (the model, the tracker, the stack: `step`, what
   * onEvent does), its answer kept for `quote`. False only when the stack was skipped, its answer
   * is the one `quote` last handed out (the same object, or undefined) and nothing has touched
   * that intent since: then the engine's "its last intent stands" is exactly what onEvent would
   * return. An application may change the intent in place, so after one the answer is true until
   * `quote` has handed it out again.
   */
  observe(event: MarketEvent, ctx: StrategyContext): boolean {
    const answer = this.step(event, ctx);
    this.answer = answer;
    if (this.applied || answer !== this.lastHandedOut) this.unasked = true;
    return this.unasked;
  }

  /** Core's quote half: the answer of the event just observed (see observe). */
  quote(_ctx: StrategyContext): QuoteIntent | undefined {
    const answer = this.answer;
    this.lastHandedOut = answer;
    this.unasked = false;
    return answer;
  }

  /** One event's work (onEvent's answer); `applied` says whether the stack ran on it. */
  private step(event: MarketEvent, ctx: StrategyContext): QuoteIntent | undefined {
    this.applied = false;
    this.quotedIntoWork = false;
    const fresh = this.modelIntent(event, ctx);
    if (fresh !== undefined) {
      this.lastModelIntent = fresh;
      const intentSchema = fresh.diagnostics?.schema;
      if (intentSchema !== undefined && intentSchema !== this.checkedSchema) {
        if (!this.diagnosticsSchema.startsWith(intentSchema)) throw new Error(`model "${this.model.name}" returned diagnostics outside its diagnosticsSchema`);
        this.checkedSchema = intentSchema;
      }
    }
    // The tracker accumulates (bars, volatility): it sees every event, skipped or not.
    const risk = this.tracker.update(event, ctx);
    this.risk = risk;
    const work = this.work;
    // The model did not quote, so its intent is the one of the last application (a split model's,
    // unchanged in its buffer) or none; with the same reads and settled overlays, re-applying would
    // give `work` exactly as the last application left it (nothing has touched it since). The answer
    // is then the re-application's: with no fresh intent, undefined (the levels in `work` are those
    // last emitted, or it is empty and nothing was); with a split model's intent standing as if
    // returned again, `work` again (the engine dates its decision by it).
    if (!this.quoted && this.stackSettled() && this.sameReads(risk)) return fresh === undefined ? undefined : work;
    this.applied = true;
    // The model's intent in `work`: just quoted there on this event, its levels, reasons and flatten
    // flag are as it wrote them (modelQuotes was taken from them), so only the overlays' slots are
    // left to clear; else it is restored.
    if (this.lastModelIntent === work) {
      if (this.quotedIntoWork) this.clearOverlaySlots();
      else this.restoreModelIntent();
    }
    else if (this.lastModelIntent !== undefined) work.copyFrom(this.lastModelIntent);
    else work.clear();
    // The model's flatten request is acted on once; re-applications must not repeat it.
    if (fresh === undefined) work.flatten = false;
    this.active.apply(work, risk);
    this.recordReads(risk);
    if (fresh === undefined && work.flatten !== true && (this.hasEmitted ? !this.emitted.levelsDiffer(work) : work.bids.length === 0 && work.asks.length === 0)) return undefined;
    this.emitted.take(work);
    this.hasEmitted = true;
    return work;
  }

  /** True when the stack can be skipped and every risk field it reads is as at the last application. */
  private sameReads(risk: RiskState): boolean {
    return this.appliedReads !== undefined && this.appliedReads.same(risk);
  }

  /**
   * Whether the stack was settled after its last application. That changes only in apply
   * (ActiveOverlay.settled), so it is asked at most once per application, and only when an event
   * might skip the stack (never while the model quotes on every event, as on candles).
   */
  private stackSettled(): boolean {
    if (!this.settledAsked) {
      this.settledAsked = true;
      this.appliedSettled = this.appliedReads !== undefined && (this.active.settled as () => boolean)();
    }
    return this.appliedSettled;
  }

  private recordReads(risk: RiskState): void {
    this.settledAsked = false;
    this.appliedReads?.take(risk);
  }

  onFill(fill: Fill, ctx: StrategyContext): void {
    this.watch.fillReported();
    this.model.onFill?.(fill, ctx);
  }
}
