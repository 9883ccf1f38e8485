import { parseConfig, type ConfigOf, type ConfigSchema, type Side } from '@mml/core';
import { fitExponentialIntensity, type IntensityFit } from './exponential-intensity-fit';

export const intensityEstimatorConfigSchema = {
  binCount: { type: 'number', default: 10, min: 3, integer: true, unit: 'bins', doc: 'Number of depth bins delta_i = i x binWidthBps, i = 0..binCount-1.' },
  binWidthBps: { type: 'number', default: 1, min: 0, exclusiveMin: true, unit: 'bps of mid', doc: 'Spacing of the depth bins.' },
  windowMs: { type: 'number', default: 1_800_000, min: 1000, unit: 'ms', doc: 'Trades older than this are forgotten.' },
  recalibrationIntervalMs: { type: 'number', default: 60_000, min: 0, unit: 'ms', doc: 'How often the fit is recomputed (between refits the last fit is kept).' },
  referenceIntervalMs: {
    type: 'number', default: 60_000, min: 0, unit: 'ms',
    doc: 'Depth is measured from the mid latched at the start of each interval of this length: the depth a quote placed then would have needed to be hit during its life. 0 = the latest mid (depth of each trade vs the touch).',
  },
  minTrades: { type: 'number', default: 50, min: 1, integer: true, unit: 'trades', doc: 'Trades in the window needed before a fit is attempted.' },
  minBins: { type: 'number', default: 3, min: 2, integer: true, unit: 'bins', doc: 'Non-empty bins needed for a fit.' },
  fallbackA: { type: 'number', default: 1, min: 0, exclusiveMin: true, unit: '1/s', doc: 'A used while not ready.' },
  fallbackK: { type: 'number', default: 1500, min: 0, exclusiveMin: true, unit: '1/(relative depth)', doc: 'k used while not ready (1500 = e-fold per 6.7 bps).' },
} as const satisfies ConfigSchema;
export type IntensityEstimatorConfig = ConfigOf<typeof intensityEstimatorConfigSchema>;

export interface IntensityEstimate {
  /** Per-side arrival rate of market orders reaching depth 0, per second. */
  A: number;
  /** Decay per unit of relative depth (depth / mid). Absolute k = kRelative / mid. */
  kRelative: number;
  /** False while the fallback values are in use. */
  ready: boolean;
  r2: number;
  trades: number;
}

/**
 * Online fit of lambda(delta) = A exp(-k delta) from public trades. Each trade's depth is how far
 * beyond the reference mid it printed on its aggressor's side (buys above, sells below), in
 * relative units. lambda(delta_i) is the per-side rate of trades with depth >= delta_i in the
 * window (buys and sells pooled, divided by 2), and ln lambda is regressed on delta (OLS).
 *
 * Not ready (fallbackA / fallbackK, `ready: false`) until `minTrades` trades and `minBins`
 * non-empty bins are available and the slope is negative; a failed refit keeps the last good fit
 * rather than stalling. Only trades up to the current call are used: no look-ahead.
 */
export class IntensityEstimator {
  readonly config: IntensityEstimatorConfig;
  private readonly ts: number[] = [];
  private readonly depth: number[] = [];
  private start = 0;
  private firstTs = NaN;
  private latestMid = NaN;
  private midFromQuotes = false;
  private referenceMid = NaN;
  private referenceTs = -Infinity;
  private lastFitTs = -Infinity;
  private fit: IntensityFit | undefined;

  constructor(config: Partial<IntensityEstimatorConfig> = {}) {
    this.config = parseConfig(intensityEstimatorConfigSchema, config, 'intensityEstimator');
  }

  /** A new mid (from bbo, book or candle close). Trades alone also advance the mid (their price). */
  observeMid(ts: number, mid: number): void {
    if (!(mid > 0) || !Number.isFinite(mid)) return;
    this.latestMid = mid;
    this.midFromQuotes = true;
    this.maybeRelatch(ts);
  }

  observeTrade(ts: number, price: number, aggressor: Side): void {
    if (!(price > 0) || !Number.isFinite(price) || !Number.isFinite(ts)) return;
    if (Number.isNaN(this.latestMid)) this.latestMid = price;
    this.maybeRelatch(ts);
    if (Number.isNaN(this.firstTs)) this.firstTs = ts;
    const ref = this.referenceMid;
    const depth = aggressor === 'buy' ? (price - ref) / ref : (ref - price) / ref;
    this.ts.push(ts);
    this.depth.push(depth);
    // On a trades-only stream the last trade price stands in for the mid of the next reference.
    if (!this.midFromQuotes) this.latestMid = price;
  }

  /** The current estimate at time `now`, refitting when the recalibration interval has elapsed. */
  estimate(now: number): IntensityEstimate {
    this.evict(now);
    if (now - this.lastFitTs >= this.config.recalibrationIntervalMs) {
      this.lastFitTs = now;
      const fresh = this.fitNow(now);
      if (fresh) this.fit = fresh;
    }
    const trades = this.ts.length - this.start;
    if (!this.fit) return { A: this.config.fallbackA, kRelative: this.config.fallbackK, ready: false, r2: 0, trades };
    return { A: this.fit.A, kRelative: this.fit.k, ready: true, r2: this.fit.r2, trades };
  }

  private maybeRelatch(ts: number): void {
    if (Number.isNaN(this.referenceMid) || this.config.referenceIntervalMs === 0 || ts - this.referenceTs >= this.config.referenceIntervalMs) {
      this.referenceMid = this.latestMid;
      this.referenceTs = ts;
    }
  }

  private evict(now: number): void {
    const cutoff = now - this.config.windowMs;
    while (this.start < this.ts.length && this.ts[this.start] < cutoff) this.start++;
    if (this.start > 4096 && this.start * 2 > this.ts.length) {
      this.ts.splice(0, this.start);
      this.depth.splice(0, this.start);
      this.start = 0;
    }
  }

  private fitNow(now: number): IntensityFit | undefined {
    const trades = this.ts.length - this.start;
    if (trades < this.config.minTrades) return undefined;
    const observedSeconds = Math.min(this.config.windowMs, now - this.firstTs) / 1000;
    if (!(observedSeconds > 0)) return undefined;
    const width = this.config.binWidthBps / 10_000;
    const counts = new Array<number>(this.config.binCount).fill(0);
    for (let i = this.start; i < this.ts.length; i++) {
      const d = this.depth[i];
      if (d < 0) continue;
      // A trade at depth d counts for every bin delta_j <= d (it would have hit a quote there).
      const last = Math.min(this.config.binCount - 1, Math.floor(d / width + 1e-9));
      for (let j = 0; j <= last; j++) counts[j]++;
    }
    const depths = counts.map((_, j) => j * width);
    const intensities = counts.map((c) => c / 2 / observedSeconds);
    if (counts.filter((c) => c > 0).length < this.config.minBins) return undefined;
    return fitExponentialIntensity(depths, intensities, this.config.minBins);
  }
}
