import type { StrategyContext } from './strategy';

/**
 * What a split strategy's quote may read from its context, as last quoted: the mid, the touch,
 * inventory, cash and peak equity (core's Strategy.quote contract). A wrapper that drives a split
 * model itself (an overlay stack, an agent) asks the model for a new quote only when these moved,
 * a fill was reported, or the model's observe said its own inputs moved; otherwise the model's
 * last intent stands, exactly as the engine does for a split strategy.
 */
export class QuoteInputsWatch {
  private quoted = false;
  private fill = false;
  private mid = NaN;
  private bid = NaN;
  private ask = NaN;
  private inventoryLots = NaN;
  private cash = NaN;
  private peakEquity = NaN;

  /** A fill was reported (onFill): the next quote must be asked for. */
  fillReported(): void {
    this.fill = true;
  }

  /** True when a quote must be asked for now (then the context is recorded as quoted). */
  due(ctx: StrategyContext, modelMoved: boolean): boolean {
    if (
      !modelMoved && this.quoted && !this.fill &&
      same(ctx.mid, this.mid) && same(ctx.bestBid, this.bid) && same(ctx.bestAsk, this.ask) &&
      ctx.inventoryLots === this.inventoryLots && same(ctx.cash, this.cash) && same(ctx.peakEquity, this.peakEquity)
    ) {
      return false;
    }
    this.quoted = true;
    this.fill = false;
    this.mid = ctx.mid;
    this.bid = ctx.bestBid;
    this.ask = ctx.bestAsk;
    this.inventoryLots = ctx.inventoryLots;
    this.cash = ctx.cash;
    this.peakEquity = ctx.peakEquity;
    return true;
  }
}

/** Equal, or both NaN. */
function same(a: number, b: number): boolean {
  return a === b || (a !== a && b !== b);
}
