import type { DiagnosticsSchema } from './diagnostics-schema';

/** Reasons one intent can carry; more is a programming error (each part adds one or two). */
export const MAX_REASONS_PER_INTENT = 32;

/**
 * A diagnostic computed only when read: a number a strategy reports but does not itself use (e.g.
 * an estimate beside the one its model quotes from), so that runs nobody reads the diagnostics of
 * do not pay for it. `value(stamp)` is the number as of the quote that deferred it with `stamp`
 * (e.g. its estimator's version then: a source that has moved on since throws rather than answer
 * for a later state). The intent is only valid until the strategy's next event (Strategy
 * contract); a strategy that hands out an intent for longer settles it first.
 */
export interface DeferredDiagnostic {
  value(stamp: number): number;
}

/**
 * The numbers and reasons behind one quote intent, in fixed slots: `values[slot]` (NaN = not
 * written for this intent) named by `schema.slots`, and reason codes `reasonCodes[0, reasonCount)`
 * named by `schema.reasons`, in the order applied. Preallocated once per strategy and rewritten in
 * place on every event; `toObject()` and `reasonTexts()` build plain objects only for the steps
 * that are logged or charted.
 */
export class QuoteDiagnostics {
  /** The slots' numbers; a deferred slot reads NaN here until settle() (value(), toObject() and reasonTexts() settle first). */
  readonly values: Float64Array;
  readonly reasonCodes = new Int32Array(MAX_REASONS_PER_INTENT);
  reasonCount = 0;
  /**
   * The deferred values not computed yet (see defer), a short list: `deferredCount` entries of slot,
   * source and stamp (a model defers a few reported-only estimates).
   */
  private readonly deferredSlots: Int32Array;
  private readonly deferredSources: Array<DeferredDiagnostic | undefined>;
  private readonly deferredStamps: Float64Array;
  private deferredCount = 0;
  /**
   * Per slot, its entry in the deferred list, or -1: isDeferred is one array read (the quote
   * builder asks it of every slot holding NaN on every quote) instead of a scan of the list.
   */
  private readonly deferredEntry: Int32Array;

  constructor(readonly schema: DiagnosticsSchema) {
    const n = schema.slots.length;
    this.values = new Float64Array(n).fill(NaN);
    this.deferredSlots = new Int32Array(n);
    this.deferredSources = new Array<DeferredDiagnostic | undefined>(n).fill(undefined);
    this.deferredStamps = new Float64Array(n);
    this.deferredEntry = new Int32Array(n).fill(-1);
  }

  /** Every slot unwritten, no reasons. */
  clear(): void {
    this.values.fill(NaN);
    this.reasonCount = 0;
    this.dropDeferred();
  }

  /**
   * The value of `slot` is `source.value(stamp)`, computed only when read (values[slot] is NaN until
   * then). To write the slot later, use set() (or defer again, or clear()), not `values`.
   */
  defer(slot: number, source: DeferredDiagnostic, stamp = 0): void {
    let j = this.deferredEntry[slot];
    if (j < 0) {
      j = this.deferredCount++;
      this.deferredSlots[j] = slot;
      this.deferredEntry[slot] = j;
    }
    this.deferredSources[j] = source;
    this.deferredStamps[j] = stamp;
    this.values[slot] = NaN;
  }

  /** Writes `slot` now (replacing a deferred value it may hold from an earlier quote). */
  set(slot: number, value: number): void {
    if (this.deferredCount > 0) {
      const j = this.deferredEntry[slot];
      if (j >= 0) {
        // The last entry takes its place (itself when it is the last: the slot's own -1 is written after).
        const last = --this.deferredCount;
        const moved = this.deferredSlots[last];
        this.deferredSlots[j] = moved;
        this.deferredSources[j] = this.deferredSources[last];
        this.deferredStamps[j] = this.deferredStamps[last];
        this.deferredEntry[moved] = j;
        this.deferredEntry[slot] = -1;
      }
    }
    this.values[slot] = value;
  }

  /** True while `slot` holds a deferred value not computed yet. */
  isDeferred(slot: number): boolean {
    return this.deferredEntry[slot] >= 0;
  }

  /** Computes every deferred slot into `values` (for readers of `values`, and before keeping an intent past the next event). */
  settle(): void {
    const count = this.deferredCount;
    if (count === 0) return;
    this.dropDeferred();
    for (let j = 0; j < count; j++) this.values[this.deferredSlots[j]] = (this.deferredSources[j] as DeferredDiagnostic).value(this.deferredStamps[j]);
  }

  /** Empties the deferred list (its entries stay in the arrays, unread, until overwritten). */
  private dropDeferred(): void {
    for (let j = 0; j < this.deferredCount; j++) this.deferredEntry[this.deferredSlots[j]] = -1;
    this.deferredCount = 0;
  }

  /** Appends a reason code (from `schema.reason(name)`, resolved once). */
  addReason(code: number): void {
    if (this.reasonCount >= MAX_REASONS_PER_INTENT) throw new RangeError(`more than ${MAX_REASONS_PER_INTENT} reasons on one intent`);
    this.reasonCodes[this.reasonCount++] = code;
  }

  /** The value of a named diagnostic (NaN when the schema has no such slot or it is unwritten). */
  value(name: string): number {
    this.settle();
    const slot = this.schema.indexOf(name);
    return slot < 0 ? NaN : this.values[slot];
  }

  /**
   * Copies another intent's diagnostics into this one: its schema must be a prefix of ours (a model's
   * inside its overlay stack's); our extra slots are cleared.
   */
  copyFrom(other: QuoteDiagnostics): void {
    if (other === this) return;
    const from = other.values;
    const to = this.values;
    const n = from.length;
    if (n > to.length) throw new RangeError('copyFrom: the source schema is wider than this one');
    // Plain loops: these arrays hold tens of entries, below what the builtin set/fill calls pay off for.
    for (let i = 0; i < n; i++) to[i] = from[i];
    for (let i = n; i < to.length; i++) to[i] = NaN;
    const count = other.reasonCount;
    for (let i = 0; i < count; i++) this.reasonCodes[i] = other.reasonCodes[i];
    this.reasonCount = count;
    // Deferred values travel with the copy (still valid only until the strategy's next event).
    this.dropDeferred();
    const deferred = other.deferredCount;
    for (let j = 0; j < deferred; j++) {
      const slot = other.deferredSlots[j];
      this.deferredSlots[j] = slot;
      this.deferredSources[j] = other.deferredSources[j];
      this.deferredStamps[j] = other.deferredStamps[j];
      this.deferredEntry[slot] = j;
    }
    this.deferredCount = deferred;
  }

  /** The finite diagnostics as a plain object, in slot order (for logs, reports and tests). */
  toObject(): Record<string, number> {
    this.settle();
    const out: Record<string, number> = {};
    const slots = this.schema.slots;
    for (let i = 0; i < slots.length; i++) if (Number.isFinite(this.values[i])) out[slots[i]] = this.values[i];
    return out;
  }

  /** The reasons, spelled out with the numbers behind them, in order applied. */
  reasonTexts(): string[] {
    const out: string[] = [];
    let values: Record<string, number> | undefined;
    for (let i = 0; i < this.reasonCount; i++) {
      const spec = this.schema.reasons[this.reasonCodes[i]];
      if (spec.text === undefined) out.push(spec.name);
      else out.push(spec.text((values ??= this.toObject())));
    }
    return out;
  }

  /** The reason names (without numbers), in order applied. */
  reasonNames(): string[] {
    const out: string[] = [];
    for (let i = 0; i < this.reasonCount; i++) out.push(this.schema.reasons[this.reasonCodes[i]].name);
    return out;
  }
}
