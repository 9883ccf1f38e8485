import { SeededRandom, type Instrument, type MarketEvent } from '@mml/core';
import type { EngineConfig } from '../engine-config';
import type { OrderSide } from '../resting-order';
import type { FillContext, FillModel, FillSink } from './fill-model';

/**
 * Intensity fill model (Avellaneda & Stoikov 2008): market orders reach a quote at distance delta
 * from the mid with Poisson intensity lambda(delta) = A exp(-k delta). On each event every live
 * order fills completely with probability min(1, lambda(delta) dt), where delta is measured from
 * the mid known BEFORE this event (the mid the quote was set against) and dt is the part of the
 * step (the time since the previous event, or `dtMs` per event scaled by the same share) during
 * which the order was live: from max(previous event, liveFromTs) to min(this event, cancelAtTs). One uniform draw per live order per event, from a SeededRandom
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
    const stepMs = event.ts - context.previousTs;
    if (!(stepMs > 0)) return;
    // Fill probability per ms of live time.
    const ratePerMs = (this.A / 1000) * (this.dtMs > 0 ? this.dtMs / stepMs : 1);
    this.side(bids, context.previousTs, event.ts, mid, ratePerMs, sink);
    this.side(asks, context.previousTs, event.ts, mid, ratePerMs, sink);
  }

  private side(side: OrderSide, fromTs: number, ts: number, mid: number, ratePerMs: number, sink: FillSink): void {
    for (let pass = 0; pass < 2; pass++) {
      const list = pass === 0 ? side.working : side.cancelling;
      const count = pass === 0 ? side.workingCount : side.cancellingCount;
      for (let i = 0; i < count; i++) {
        const order = list[i];
        if (order.remainingLots <= 0) continue;
        const liveMs = Math.min(ts, order.cancelAtTs) - Math.max(fromTs, order.liveFromTs);
        if (!(liveMs > 0)) continue;
        const delta = Math.abs(this.instrument.ticksToPrice(order.priceTicks) - mid);
        const probability = ratePerMs * liveMs * Math.exp(-this.k * delta);
        if (this.random.uniform() < probability) sink.fill(order, order.remainingLots, order.priceTicks, 'maker');
      }
    }
  }
}
