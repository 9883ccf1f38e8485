import type { DiagnosticsSchema } from './diagnostics-schema';

/** Reasons one intent can carry; more is a programming error (each part adds one or two). */
export const MAX_REASONS_PER_INTENT = 32;

/**
 * The numbers and reasons behind one quote intent, in fixed slots: `values[slot]` (NaN = not
 * written for this intent) named by `schema.slots`, and reason codes `reasonCodes[0, reasonCount)`
 * named by `schema.reasons`, in the order applied. Preallocated once per strategy and rewritten in
 * place on every event; `toObject()` and `reasonTexts()` build plain objects only for the steps
 * that are logged or charted.
 */
export class QuoteDiagnostics {
  readonly values: Float64Array;
  readonly reasonCodes = new Int32Array(MAX_REASONS_PER_INTENT);
  reasonCount = 0;

  constructor(readonly schema: DiagnosticsSchema) {
    this.values = new Float64Array(schema.slots.length).fill(NaN);
  }

  /** Every slot unwritten, no reasons. */
  clear(): void {
    this.values.fill(NaN);
    this.reasonCount = 0;
  }

  /** Appends a reason code (from `schema.reason(name)`, resolved once). */
  addReason(code: number): void {
    if (this.reasonCount >= MAX_REASONS_PER_INTENT) throw new RangeError(`more than ${MAX_REASONS_PER_INTENT} reasons on one intent`);
    this.reasonCodes[this.reasonCount++] = code;
  }

  /** The value of a named diagnostic (NaN when the schema has no such slot or it is unwritten). */
  value(name: string): number {
    const slot = this.schema.indexOf(name);
    return slot < 0 ? NaN : this.values[slot];
  }

  /**
   * Copies another intent's diagnostics into this one: its schema must be a prefix of ours (a model's
   * inside its overlay stack's); our extra slots are cleared.
   */
  copyFrom(other: QuoteDiagnostics): void {
    if (other === this) return;
    const n = other.values.length;
    if (n > this.values.length) throw new RangeError('copyFrom: the source schema is wider than this one');
    this.values.set(other.values);
    if (n < this.values.length) this.values.fill(NaN, n);
    this.reasonCodes.set(other.reasonCodes);
    this.reasonCount = other.reasonCount;
  }

  /** The finite diagnostics as a plain object, in slot order (for logs, reports and tests). */
  toObject(): Record<string, number> {
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
