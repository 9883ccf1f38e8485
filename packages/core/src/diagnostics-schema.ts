/**
 * A reason a strategy or overlay gives for a quote change: a name, and optionally how to spell it
 * out with the numbers behind it. Intents carry only the reason's code (its index in the schema);
 * the text is built when someone reads it (a log line, a report), never per event.
 */
export interface ReasonSpec {
  /** Short stable name, e.g. "vol-widen" or "bid withdrawn at inventory bound". */
  readonly name: string;
  /** The full sentence from the intent's finite diagnostics (default: the name). */
  readonly text?: (diagnostics: Readonly<Record<string, number>>) => string;
}

/** The diagnostic an overlay sets to 1 on the event a breaker engages. */
export const BREAKER_TRIP = 'breakerTrip';

/**
 * The names of a strategy's diagnostic slots and reason codes, registered once when the strategy is
 * built. An intent stores its diagnostics in a Float64Array in this slot order and its reasons as
 * codes into `reasons`, so the hot path writes numbers only. A schema is extended (never changed):
 * an overlay stack appends its slots and reasons to the model's, so the model's slot indices and
 * codes stay valid in the wider schema.
 */
export class DiagnosticsSchema {
  readonly slots: readonly string[];
  readonly reasons: readonly ReasonSpec[];
  /** Slot of `breakerTrip` (1 on the event a breaker engages; the engine counts these), or -1. */
  readonly breakerTripSlot: number;
  private readonly slotIndex = new Map<string, number>();
  private readonly reasonIndex = new Map<string, number>();

  constructor(slots: readonly string[] = [], reasons: readonly (ReasonSpec | string)[] = []) {
    const names: string[] = [];
    for (const name of slots) {
      if (this.slotIndex.has(name)) continue;
      this.slotIndex.set(name, names.length);
      names.push(name);
    }
    const specs: ReasonSpec[] = [];
    for (const reason of reasons) {
      const spec = typeof reason === 'string' ? { name: reason } : reason;
      if (!this.reasonIndex.has(spec.name)) this.reasonIndex.set(spec.name, specs.length);
      specs.push(spec);
    }
    this.slots = Object.freeze(names);
    this.reasons = Object.freeze(specs);
    this.breakerTripSlot = this.indexOf(BREAKER_TRIP);
  }

  /** The slot of a diagnostic; throws for a name the schema does not have (a programming error). */
  slot(name: string): number {
    const index = this.slotIndex.get(name);
    if (index === undefined) throw new RangeError(`diagnostics schema has no slot "${name}" (slots: ${this.slots.join(', ')})`);
    return index;
  }

  /** The slot of a diagnostic, or -1. */
  indexOf(name: string): number {
    return this.slotIndex.get(name) ?? -1;
  }

  /** The code of a reason (its first registration); throws for an unknown name. */
  reason(name: string): number {
    const code = this.reasonIndex.get(name);
    if (code === undefined) throw new RangeError(`diagnostics schema has no reason "${name}"`);
    return code;
  }

  /**
   * A wider schema: these slots (a name already present keeps its slot, so two parts can share one)
   * and these reasons appended. Existing slot indices and reason codes are unchanged.
   */
  extend(slots: readonly string[], reasons: readonly (ReasonSpec | string)[] = []): DiagnosticsSchema {
    return new DiagnosticsSchema([...this.slots, ...slots], [...this.reasons, ...reasons]);
  }

  /** True when every slot and reason of `other` sits at the same index here (other is a prefix). */
  startsWith(other: DiagnosticsSchema): boolean {
    if (other === this) return true;
    if (other.slots.length > this.slots.length || other.reasons.length > this.reasons.length) return false;
    return other.slots.every((name, i) => this.slots[i] === name) && other.reasons.every((spec, i) => this.reasons[i] === spec);
  }
}

/** The schema of intents without diagnostics. */
export const EMPTY_DIAGNOSTICS_SCHEMA = new DiagnosticsSchema();
