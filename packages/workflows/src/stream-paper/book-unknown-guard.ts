import { DiagnosticsSchema, QuoteDiagnostics, type Fill, type MarketEvent, type QuoteIntent, type Strategy, type StrategyContext } from '@mml/core';

/** The reason an intent carries while the guard withdraws the quotes. */
export const BOOK_UNKNOWN_REASON = 'book-unknown';

const BOOK_UNKNOWN_SCHEMA = new DiagnosticsSchema([], [BOOK_UNKNOWN_REASON]);

/**
 * Wraps a strategy for a live stream: while the order book is unknown (a depth sequence gap until
 * the resync snapshot), every event gets an empty intent, so the engine cancels our quotes and
 * nothing can rest (or fill) on a book the session cannot see. The wrapped strategy is not called
 * then: it never sees the synthetic event the session feeds to act on the withdrawal. Fills still
 * reach it (a fill from before the gap can be reported during it).
 */
export class BookUnknownGuard implements Strategy {
  /** True from a gap until the book is synchronised again. */
  unknown = false;
  readonly name: string;

  /** The one intent returned while the book is unknown: no levels, reason `book-unknown` (allocated once). */
  private readonly withdrawn: QuoteIntent = { bids: [], asks: [], diagnostics: new QuoteDiagnostics(BOOK_UNKNOWN_SCHEMA) };

  constructor(readonly inner: Strategy) {
    this.name = inner.name;
    this.withdrawn.diagnostics?.addReason(BOOK_UNKNOWN_SCHEMA.reason(BOOK_UNKNOWN_REASON));
  }

  onEvent(event: MarketEvent, ctx: StrategyContext): QuoteIntent | undefined {
    if (this.unknown) return this.withdrawn;
    return this.inner.onEvent(event, ctx);
  }

  onFill(fill: Fill, ctx: StrategyContext): void {
    this.inner.onFill?.(fill, ctx);
  }
}
