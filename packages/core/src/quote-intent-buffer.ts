import type { DiagnosticsSchema } from './diagnostics-schema';
import { QuoteDiagnostics } from './quote-diagnostics';
import type { QuoteIntent, QuoteLevel } from './quote-intent';

/**
 * A quote intent preallocated once per strategy and rewritten in place on every event: level objects
 * are pooled, and `bids` / `asks` point at one of `capacity + 1` prebuilt views (arrays of the first
 * n pooled levels), so changing the number of levels allocates nothing. Whoever receives it (the
 * engine) must act on it before the strategy's next event, which the engine's contract guarantees.
 */
export class QuoteIntentBuffer implements QuoteIntent {
  bids: QuoteLevel[];
  asks: QuoteLevel[];
  flatten = false;
  readonly diagnostics: QuoteDiagnostics;
  private readonly bidViews: QuoteLevel[][];
  private readonly askViews: QuoteLevel[][];

  constructor(readonly capacity: number, schema: DiagnosticsSchema) {
    if (!Number.isInteger(capacity) || capacity < 0) throw new RangeError(`capacity must be a non-negative integer, got ${capacity}`);
    this.bidViews = levelViews(capacity);
    this.askViews = levelViews(capacity);
    this.bids = this.bidViews[0];
    this.asks = this.askViews[0];
    this.diagnostics = new QuoteDiagnostics(schema);
  }

  get schema(): DiagnosticsSchema {
    return this.diagnostics.schema;
  }

  /** The pooled level object at bid index i (valid up to capacity; set the count to publish it). */
  bidLevel(i: number): QuoteLevel {
    return this.bidViews[this.capacity][i];
  }

  askLevel(i: number): QuoteLevel {
    return this.askViews[this.capacity][i];
  }

  setBidCount(n: number): void {
    this.bids = this.bidViews[n];
  }

  setAskCount(n: number): void {
    this.asks = this.askViews[n];
  }

  /** No levels, no flatten, no diagnostics, no reasons. */
  clear(): void {
    this.bids = this.bidViews[0];
    this.asks = this.askViews[0];
    this.flatten = false;
    this.diagnostics.clear();
  }

  /** Copies another intent's levels, flatten flag and diagnostics (whose schema must be a prefix of ours). */
  copyFrom(intent: QuoteIntent): void {
    if (intent === this) return;
    this.setBidCount(copyLevels(intent.bids, this.bidViews[this.capacity]));
    this.setAskCount(copyLevels(intent.asks, this.askViews[this.capacity]));
    this.flatten = intent.flatten === true;
    if (intent.diagnostics !== undefined) this.diagnostics.copyFrom(intent.diagnostics);
    else this.diagnostics.clear();
  }
}

function levelViews(capacity: number): QuoteLevel[][] {
  const pool: QuoteLevel[] = [];
  for (let i = 0; i < capacity; i++) pool.push({ priceTicks: 0, sizeLots: 0 });
  const views: QuoteLevel[][] = [];
  for (let n = 0; n <= capacity; n++) views.push(pool.slice(0, n));
  return views;
}

function copyLevels(from: readonly QuoteLevel[], to: QuoteLevel[]): number {
  if (from.length > to.length) throw new RangeError(`intent has ${from.length} levels on a side, the buffer holds ${to.length}`);
  for (let i = 0; i < from.length; i++) {
    to[i].priceTicks = from[i].priceTicks;
    to[i].sizeLots = from[i].sizeLots;
  }
  return from.length;
}
