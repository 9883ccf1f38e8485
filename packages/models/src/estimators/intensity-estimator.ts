import { parseConfig, type ConfigOf, type ConfigSchema, type Side } from '@mml/core';
import { fitExponentialIntensity } from './exponential-intensity-fit';
import { fitExponentialIntensityMle } from './exponential-intensity-mle';

export const intensityEstimatorConfigSchema = {
  method: {
    type: 'string', default: 'mle', oneOf: ['mle', 'ols-bins'] as const,
    doc: 'mle: maximum likelihood of the exponential depth law above minDepthBps (k = n / sum(depth - minDepth)). ols-bins: the older log-linear OLS over binCount bins (kept for comparison).',
  },
  countBy: {
    type: 'string', default: 'order', oneOf: ['order', 'print'] as const,
    doc: 'order: consecutive prints with the same taker side and millisecond are ONE aggressive order (its depth = the deepest print), so a sweep through several levels counts once. print: every print counts (the old, biased behaviour: a sweep inflates A).',
  },
  minDepthBps: {
    type: 'number', default: 0.05, min: 0, unit: 'bps of mid',
    doc: 'MLE threshold: only orders at least this deep enter the fit, and A is extrapolated to depth 0 (A = rate(depth >= minDepth) x e^(k minDepth)). Default 0.05 bps sits above the one-tick half spread of BTC/USDT and ETH/USDT, so the mass of orders that stop at the touch (queue, not depth) does not masquerade as a huge k.',
  },
  binCount: { type: 'number', default: 10, min: 3, integer: true, unit: 'bins', doc: 'ols-bins: number of depth bins delta_i = i x binWidthBps, i = 0..binCount-1.' },
  binWidthBps: { type: 'number', default: 1, min: 0, exclusiveMin: true, unit: 'bps of mid', doc: 'ols-bins: spacing of the depth bins.' },
  windowMs: { type: 'number', default: 1_800_000, min: 1000, unit: 'ms', doc: 'Orders older than this are forgotten.' },
  recalibrationIntervalMs: { type: 'number', default: 60_000, min: 0, unit: 'ms', doc: 'How often the fit is recomputed (between refits the last fit is kept).' },
  referenceIntervalMs: {
    type: 'number', default: 0, min: 0, unit: 'ms',
    doc: '0 (default) = depth vs the instantaneous mid (the latest bbo/book mid before the order; on a trades-only stream the previous trade price). > 0 = vs a mid latched every so many ms: this folds price diffusion into k (60 s gave k = 1,406 instead of ~20,000 on BTC spot) and is kept only to reproduce the old figures.',
  },
  minOrders: { type: 'number', default: 50, min: 1, integer: true, unit: 'orders', doc: 'Orders (or prints, countBy = print) in the fit needed before an estimate is reported.' },
  minBins: { type: 'number', default: 3, min: 2, integer: true, unit: 'bins', doc: 'ols-bins: non-empty bins needed for a fit.' },
  fallbackA: { type: 'number', default: 1, min: 0, exclusiveMin: true, unit: '1/s', doc: 'A used while not ready.' },
  fallbackK: { type: 'number', default: 1500, min: 0, exclusiveMin: true, unit: '1/(relative depth)', doc: 'k used while not ready.' },
} as const satisfies ConfigSchema;
export type IntensityEstimatorConfig = ConfigOf<typeof intensityEstimatorConfigSchema>;

/** lambda(delta) = A exp(-k delta): the arrival rate of aggressive orders reaching depth delta. */
export interface IntensityEstimate {
  /** Per-side arrival rate of aggressive orders reaching depth 0, per second. */
  A: number;
  /** Decay per unit of relative depth (depth / mid). Absolute k = kRelative / mid. */
  kRelative: number;
  /** Standard error of kRelative (MLE: k / sqrt(n)); 0 while not ready. */
  kStdErr: number;
  /** False while the fallback values are in use. */
  ready: boolean;
  /** Orders (or prints) in the window. */
  orders: number;
}

/**
 * Online fit of lambda(delta) = A exp(-k delta) from public trades: the per-side rate at which
 * aggressive orders reach depth delta beyond the mid. Prints sharing a taker side and a
 * millisecond are grouped into one order (a sweep is one arrival, at its deepest print), and each
 * order's depth is measured from the mid just before its first print (instantaneous mid), so
 * the price's own diffusion is not folded into k (volatility is the sigma estimator's job).
 *
 * Not ready (fallbackA / fallbackK, `ready: false`) until `minOrders` orders qualify; a failed
 * refit keeps the last good fit rather than stalling. Only the past enters: no look-ahead.
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
  /** The time (and mid) of the event being observed, for maybeRelatch and takeMid (see observeClose). */
  private eventTs = NaN;
  private eventMid = NaN;
  private lastFitTs = -Infinity;
  private fit: { A: number; k: number; kStdErr: number } | undefined;
  private openTs = NaN;
  private openSide: Side | undefined;
  private openMid = NaN;
  /** Changes of what estimateInto reports (an order added, one evicted, a refit run). */
  private changes = 0;

  constructor(config: Partial<IntensityEstimatorConfig> = {}) {
    this.config = parseConfig(intensityEstimatorConfigSchema, config, 'intensityEstimator');
  }

  /** A new mid (from bbo, book or candle close). Trades alone also advance the mid (their price). */
  observeMid(ts: number, mid: number): void {
    this.eventTs = ts;
    this.eventMid = mid;
    this.takeMid();
  }

  /**
   * observeMid(candle.ts, candle.close), given the candle. The numbers travel in fields, not as
   * arguments (a number passed to a call V8 does not inline is boxed: a heap number per call, per bar).
   */
  observeClose(candle: { readonly ts: number; readonly close: number }): void {
    this.eventTs = candle.ts;
    this.eventMid = candle.close;
    this.takeMid();
  }

  /** The mid `eventMid` at `eventTs`. */
  private takeMid(): void {
    const mid = this.eventMid;
    if (!(mid > 0) || !Number.isFinite(mid)) return;
    this.latestMid = mid;
    this.midFromQuotes = true;
    this.maybeRelatch();
  }

  observeTrade(ts: number, price: number, aggressor: Side): void {
    if (!(price > 0) || !Number.isFinite(price) || !Number.isFinite(ts)) return;
    if (Number.isNaN(this.latestMid)) this.latestMid = price;
    const continues = this.config.countBy === 'order' && ts === this.openTs && aggressor === this.openSide && this.ts.length > this.start;
    if (continues) {
      // Same taker, same millisecond: the order walked one more level. Keep its deepest print,
      // measured from the mid its first print saw.
      const ref = this.openMid;
      const d = aggressor === 'buy' ? (price - ref) / ref : (ref - price) / ref;
      const last = this.depth.length - 1;
      if (d > this.depth[last]) this.depth[last] = d;
    } else {
      // A new order: the count reported changes. (A print of the open order changes only its
      // depth, which the next refit reads: no change of the estimate until then.)
      this.changes++;
      this.eventTs = ts;
      this.maybeRelatch();
      if (Number.isNaN(this.firstTs)) this.firstTs = ts;
      const ref = this.referenceMid;
      this.ts.push(ts);
      this.depth.push(aggressor === 'buy' ? (price - ref) / ref : (ref - price) / ref);
      this.openTs = ts;
      this.openSide = aggressor;
      this.openMid = ref;
    }
    // On a trades-only stream the last trade price stands in for the mid of the next order.
    if (!this.midFromQuotes) this.latestMid = price;
  }

  /** The current estimate at time `now`, refitting when the recalibration interval has elapsed. */
  estimate(now: number): IntensityEstimate {
    return this.estimateInto({ now }, { A: NaN, kRelative: NaN, kStdErr: NaN, ready: false, orders: 0 });
  }

  /**
   * estimate(at.now) written into `out` (no allocation: the models ask on every quote; the time comes
   * in an object, as a number passed to a call V8 does not inline is boxed).
   */
  estimateInto(at: { readonly now: number }, out: IntensityEstimate): IntensityEstimate {
    const now = at.now;
    this.evict(now);
    if (now - this.lastFitTs >= this.config.recalibrationIntervalMs) {
      this.changes++;
      this.lastFitTs = now;
      // Too few orders for a fit (fitNow's first test; always so on candle data, where the refit is
      // due on every bar): no call.
      const fresh = this.ts.length - this.start < this.config.minOrders ? undefined : this.fitNow(now);
      if (fresh) this.fit = fresh;
    }
    out.orders = this.ts.length - this.start;
    if (!this.fit) {
      out.A = this.config.fallbackA;
      out.kRelative = this.config.fallbackK;
      out.kStdErr = 0;
      out.ready = false;
    } else {
      out.A = this.fit.A;
      out.kRelative = this.fit.k;
      out.kStdErr = this.fit.kStdErr;
      out.ready = true;
    }
    return out;
  }

  /** Moves the reference mid to the latest one when due at `eventTs`. */
  private maybeRelatch(): void {
    const ts = this.eventTs;
    if (Number.isNaN(this.referenceMid) || this.config.referenceIntervalMs === 0 || ts - this.referenceTs >= this.config.referenceIntervalMs) {
      this.referenceMid = this.latestMid;
      this.referenceTs = ts;
    }
  }

  /**
   * Counts the changes of what estimateInto reports: equal counts, with neither a refit nor an
   * eviction due in between, mean the same estimate.
   */
  get version(): number {
    return this.changes;
  }

  /** True when estimateInto(now) would refit (the recalibration interval has elapsed). */
  refitDueAt(now: number): boolean {
    return now - this.lastFitTs >= this.config.recalibrationIntervalMs;
  }

  /**
   * True when estimateInto(now) would forget orders. Without a refit that changes only the orders
   * it reports: a later estimateInto forgets them all the same before it refits or reports.
   */
  evictionDueAt(now: number): boolean {
    return this.start < this.ts.length && this.ts[this.start] < now - this.config.windowMs;
  }

  private evict(now: number): void {
    const cutoff = now - this.config.windowMs;
    if (this.start < this.ts.length && this.ts[this.start] < cutoff) this.changes++;
    while (this.start < this.ts.length && this.ts[this.start] < cutoff) this.start++;
    if (this.start > 4096 && this.start * 2 > this.ts.length) {
      this.ts.splice(0, this.start);
      this.depth.splice(0, this.start);
      this.start = 0;
    }
  }

  private fitNow(now: number): { A: number; k: number; kStdErr: number } | undefined {
    const orders = this.ts.length - this.start;
    if (orders < this.config.minOrders) return undefined;
    const observedSeconds = Math.min(this.config.windowMs, now - this.firstTs) / 1000;
    if (!(observedSeconds > 0)) return undefined;
    if (this.config.method === 'mle') {
      const fit = fitExponentialIntensityMle(this.depth, this.start, this.depth.length, this.config.minDepthBps / 10_000, 2 * observedSeconds);
      return fit && fit.n >= this.config.minOrders ? fit : undefined;
    }
    const width = this.config.binWidthBps / 10_000;
    const counts = new Array<number>(this.config.binCount).fill(0);
    for (let i = this.start; i < this.ts.length; i++) {
      const d = this.depth[i];
      if (d < 0) continue;
      // An order at depth d counts for every bin delta_j <= d (it would have hit a quote there).
      const last = Math.min(this.config.binCount - 1, Math.floor(d / width + 1e-9));
      for (let j = 0; j <= last; j++) counts[j]++;
    }
    const depths = counts.map((_, j) => j * width);
    const intensities = counts.map((c) => c / 2 / observedSeconds);
    if (counts.filter((c) => c > 0).length < this.config.minBins) return undefined;
    const fit = fitExponentialIntensity(depths, intensities, this.config.minBins);
    return fit ? { A: fit.A, k: fit.k, kStdErr: fit.kStdErr } : undefined;
  }
}
