import { DiagnosticsSchema, QuoteIntentBuffer, type QuoteIntent, type Strategy, type StrategyContext } from '@mml/core';

/** A split model (observe + quote + quoteInto): levels around the mid, wider when holding inventory (with a reason). */
export class SplitModel implements Strategy {
  readonly name = 'split';
  readonly diagnosticsSchema = new DiagnosticsSchema(['mid', 'halfTicks'], ['wide']);
  private readonly own = new QuoteIntentBuffer(1, this.diagnosticsSchema);
  intoCalls = 0;

  onEvent(_event: unknown, ctx: StrategyContext): QuoteIntent {
    return this.quote(ctx);
  }

  observe(): boolean {
    return false;
  }

  quote(ctx: StrategyContext): QuoteIntent {
    return this.write(ctx, this.own);
  }

  quoteInto(ctx: StrategyContext, into: QuoteIntentBuffer): QuoteIntent {
    this.intoCalls++;
    return this.write(ctx, into);
  }

  private write(ctx: StrategyContext, into: QuoteIntentBuffer): QuoteIntent {
    const wide = ctx.inventoryLots !== 0;
    const half = wide ? 300 : 100;
    const midTicks = Math.round(ctx.mid * 100);
    into.bidLevel(0).priceTicks = midTicks - half;
    into.bidLevel(0).sizeLots = 2000;
    into.askLevel(0).priceTicks = midTicks + half;
    into.askLevel(0).sizeLots = 2000;
    into.setBidCount(1);
    into.setAskCount(1);
    into.flatten = false;
    const d = into.diagnostics;
    d.reasonCount = 0;
    d.values[0] = ctx.mid;
    d.values[1] = half;
    if (wide) d.addReason(0);
    return into;
  }
}
