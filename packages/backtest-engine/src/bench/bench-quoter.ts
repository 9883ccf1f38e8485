import type { MarketEvent, QuoteIntent, Strategy, StrategyContext } from '@mml/core';

/**
 * The bench quoter of `make bench` (engine bench and format bench alike): mid +- a fixed
 * half-spread, a fixed size, one reused intent (no allocation per event). It uses the split
 * contract (observe + quote): its quote depends on the mid only, so the engine asks for it only
 * when the mid (or the account) changed. It is the yardstick the real formats are measured
 * against, so it does the least a quoting strategy can do and nothing else.
 */
export class BenchQuoter implements Strategy {
  readonly name = 'bench-fixed-spread';
  private readonly intent: QuoteIntent = { bids: [{ priceTicks: 0, sizeLots: 0 }], asks: [{ priceTicks: 0, sizeLots: 0 }] };
  private readonly down: number;
  private readonly up: number;
  /** Order size in lots; resolved from `orderSize` with the run's instrument on the first quote. */
  private lots = -1;

  /**
   * @param halfSpreadBps distance of each side from the mid, in bps
   * @param orderSize size of each side in base units (e.g. BTC), floored to the instrument's lots
   */
  constructor(
    halfSpreadBps: number,
    private readonly orderSize = 0.01,
  ) {
    this.down = 1 - halfSpreadBps / 10_000;
    this.up = 1 + halfSpreadBps / 10_000;
  }

  onEvent(_event: MarketEvent, ctx: StrategyContext): QuoteIntent | undefined {
    return this.quote(ctx);
  }

  observe(): boolean {
    return false;
  }

  quote(ctx: StrategyContext): QuoteIntent | undefined {
    // No mid yet (e.g. an empty book at the start of a tick capture): leave the quotes as they are.
    if (!(ctx.mid > 0)) return undefined;
    const inst = ctx.instrument;
    if (this.lots < 0) this.lots = inst.floorLots(this.orderSize);
    this.intent.bids[0].priceTicks = inst.floorTicks(ctx.mid * this.down);
    this.intent.bids[0].sizeLots = this.lots;
    this.intent.asks[0].priceTicks = inst.ceilTicks(ctx.mid * this.up);
    this.intent.asks[0].sizeLots = this.lots;
    return this.intent;
  }
}
