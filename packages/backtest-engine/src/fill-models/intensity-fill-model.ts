import { SeededRandom, type Instrument, type MarketEvent } from '@mml/core';
import type { EngineConfig } from '../engine-config';
import type { OrderSide } from '../resting-order';
import type { FillContext, FillModel, FillSink } from './fill-model';

/**
 * Intensity fill model (Avellaneda & Stoikov 2008): market orders reach a quote at distance delta
 * from the mid with Poisson intensity lambda(delta) = A exp(-k delta). On each event every live
 * order fills completely with probability min(1, lambda(delta) dt), where delta is the signed
 * distance on the order's side (mid - bid, ask - mid; negative for a quote through the mid) from
 * the mid known BEFORE this event (the mid the quote was set against) and dt is `dtMs` or the
 * time since the previous event. One uniform draw per live order per event, from a SeededRandom
 * fork, so the same seed and data give the same fills.
 */
export class IntensityFillModel implements FillModel {
  readonly name = 'intensity';
  private readonly random: SeededRandom;
  private readonly A: number;
  private readonly k: number;
  private readonly dtMs: number;

  constructor(
    private readonly instrument: Instrument,
    config: EngineConfig['intensity'],
  ) {
    this.random = new SeededRandom(config.seed).fork('intensity-fills');
    this.A = config.A;
    this.k = config.k;
    this.dtMs = config.dtMs;
  }

  match(event: MarketEvent, bids: OrderSide, asks: OrderSide, context: FillContext, sink: FillSink): void {
    const mid = context.previousMid;
    if (!Number.isFinite(mid)) return;
    const dtMs = this.dtMs > 0 ? this.dtMs : event.ts - context.previousTs;
    if (!(dtMs > 0)) return;
    const scale = this.A * (dtMs / 1000);
    this.side(bids, event.ts, mid, scale, sink);
    this.side(asks, event.ts, mid, scale, sink);
  }

  private side(side: OrderSide, ts: number, mid: number, scale: number, sink: FillSink): void {
    for (let pass = 0; pass < 2; pass++) {
      const list = pass === 0 ? side.working : side.cancelling;
      const count = pass === 0 ? side.workingCount : side.cancellingCount;
      for (let i = 0; i < count; i++) {
        const order = list[i];
        if (order.remainingLots <= 0 || order.liveFromTs > ts || order.cancelAtTs <= ts) continue;
        // Signed: a quote through the mid (a bid above it) is nearer than at the mid, λ·dt >= A·dt.
        const offset = this.instrument.ticksToPrice(order.priceTicks) - mid;
        const delta = side.side === 'buy' ? -offset : offset;
        const probability = scale * Math.exp(-this.k * delta);
        if (this.random.uniform() < probability) sink.fill(order, order.remainingLots, order.priceTicks, 'maker');
      }
    }
  }
}
