import { parseConfig, type CandleEvent, type ConfigOf, type ConfigSchema } from '@mml/core';
import { fitLogLinearInto } from './exponential-intensity-fit';

export const candleExcursionProxyConfigSchema = {
  windowCandles: { type: 'number', default: 240, min: 10, integer: true, unit: 'candles', doc: 'Candles in the rolling window.' },
  minCandles: { type: 'number', default: 30, min: 5, integer: true, unit: 'candles', doc: 'Candles needed before the proxy is ready.' },
  binCount: { type: 'number', default: 8, min: 3, integer: true, unit: 'bins', doc: 'Depth bins delta_i = i x binWidthBps, i = 1..binCount.' },
  binWidthBps: { type: 'number', default: 2, min: 0, exclusiveMin: true, unit: 'bps of open', doc: 'Spacing of the depth bins.' },
} as const satisfies ConfigSchema;
export type CandleExcursionProxyConfig = ConfigOf<typeof candleExcursionProxyConfigSchema>;

/**
 * What the candle proxy measures: NOT an order-arrival rate. `reachRate` is the rate at which the
 * bar's high/low reach a depth from the open, extrapolated to depth 0 (a per-bar excursion
 * probability turned into a rate: 0.003-0.014 /s on BTC 1m, ~30x below the ~10 /s at which
 * aggressive orders arrive), and `kRelative` the decay of that excursion probability with depth
 * (a property of the price's diffusion). Models must not feed `reachRate` to GLFT as A; it is
 * reported in diagnostics, and A-S may opt in to its k (intensity.source = 'candle-proxy').
 */
export interface CandleExcursionEstimate {
  readonly kind: 'candle-excursion-proxy';
  /** Excursion-reach rate at depth 0, per second and side (not an arrival rate). */
  reachRate: number;
  /** Decay of the reach rate per unit of relative depth. */
  kRelative: number;
  ready: boolean;
  candles: number;
}

/**
 * How many of the increasing `thresholds` (i x width, i = 1..n) are at or below `excursion`: the
 * count of `excursion >= thresholds[i]`, exactly. Started from excursion x inverseWidth and
 * corrected by comparing with the thresholds themselves, so the guess (which rounding can put one
 * off) only saves comparisons.
 */
export function excursionBins(excursion: number, thresholds: Float64Array, inverseWidth: number): number {
  const count = thresholds.length;
  const guess = excursion * inverseWidth;
  let bins = guess >= count ? count : guess >= 1 ? Math.floor(guess) : 0;
  while (bins < count && excursion >= thresholds[bins]) bins++;
  while (bins > 0 && excursion < thresholds[bins - 1]) bins--;
  return bins;
}

/**
 * PROXY (an excursion statistic, not an arrival-rate fit) when only OHLC candles exist. A quote resting at
 * depth delta above the bar's open is counted as reached when high >= open (1 + delta) (likewise
 * below with the low). With Poisson arrivals, P(reached in a bar of h seconds) = 1 - exp(-lambda h),
 * so lambda(delta_i) = -ln(1 - p_i) / h per side, then the same log-linear fit as from trades.
 *
 * Caveats (why this is only a proxy): touching a price is not being filled there (queue position,
 * trade-through), the bar's extremes of a Brownian path are half-normal rather than exponential in
 * delta, and bars with p = 1 carry no information. Use IntensityEstimator whenever trades exist.
 */
export class CandleExcursionProxy {
  readonly config: CandleExcursionProxyConfig;
  /**
   * The window's excursions as the number of depth bins each reaches (delta_i <= excursion for
   * i = 1..bins), a ring of [up, down] pairs: `pairs` valid, the oldest at `oldest`.
   */
  private readonly binsReached: Int32Array;
  private oldest = 0;
  private pairs = 0;
  /** delta_i = i x binWidth, i = 1..binCount (relative depths). */
  private readonly thresholds: Float64Array;
  /** 1 / bin width: where excursionBins starts looking. */
  private readonly inverseWidth: number;
  /**
   * reached[i] = excursions in the window >= delta_(i+1), kept as candles are counted: an entering
   * excursion of b bins adds one in bins 1..b, a leaving one takes one away (exact integer steps, so
   * the counts a recount of the window gives).
   */
  private readonly reached: Int32Array;
  private accepted = 0;
  private durationSeconds = 60;
  private fresh = false;
  /**
   * The reached counts moved since the last estimate (a candle entered whose pair of bin counts
   * differs from the one that left; always while the window fills). Clean, the fit's inputs are the
   * last fit's, so estimate() skips refitting.
   */
  private countsMoved = false;
  /**
   * Candles taken but not counted yet (see observeCandle): open, high and low of up to
   * windowCandles of them, a ring of `waiting` entries from `waitingFirst`.
   */
  private readonly waitingPrices: Float64Array;
  private waitingFirst = 0;
  private waiting = 0;
  // Preallocated: the proxy refits on every candle.
  private readonly depths: Float64Array;
  private readonly logIntensities: Float64Array;
  /**
   * ln(-ln(1 - r / n) / duration) by reached count r, for the `tableExcursions` = n and
   * `tableDuration` it was filled for (NaN = not computed yet): the counts take few values, so each
   * log is computed once, not on every refit (same value, so the same fit).
   */
  private readonly logRateByCount: Float64Array;
  private tableExcursions = -1;
  private tableDuration = NaN;
  /** The inputs of the last fit (n, duration; its counts are `reached`): a refit from the same inputs is skipped. */
  private fittedExcursions = -1;
  private fittedDuration = NaN;
  private readonly fit = { A: NaN, k: NaN, r2: NaN, kStdErr: NaN, points: 0 };
  /** The run of bins (first bin, points) of the last fitRun, and its depths' mean, sxx and x - mean. */
  private runFirst = -1;
  private runPoints = 0;
  private runMeanX = NaN;
  private runSxx = NaN;
  private readonly centredDepths: Float64Array;
  /** The sum of the logs of the fit in progress, for fitRun. */
  private fitSumY = NaN;
  private readonly current: { kind: 'candle-excursion-proxy'; reachRate: number; kRelative: number; ready: boolean; candles: number } = {
    kind: 'candle-excursion-proxy', reachRate: 0, kRelative: 0, ready: false, candles: 0,
  };

  constructor(config: Partial<CandleExcursionProxyConfig> = {}) {
    this.config = parseConfig(candleExcursionProxyConfigSchema, config, 'candleExcursionProxy');
    this.reached = new Int32Array(this.config.binCount);
    this.binsReached = new Int32Array(2 * this.config.windowCandles);
    this.thresholds = new Float64Array(this.config.binCount);
    const width = this.config.binWidthBps / 10_000;
    for (let i = 1; i <= this.config.binCount; i++) this.thresholds[i - 1] = i * width;
    this.inverseWidth = 1 / width;
    this.depths = new Float64Array(this.config.binCount);
    this.logIntensities = new Float64Array(this.config.binCount);
    this.centredDepths = new Float64Array(this.config.binCount);
    this.logRateByCount = new Float64Array(2 * this.config.windowCandles + 1);
    this.waitingPrices = new Float64Array(3 * this.config.windowCandles);
  }

  /**
   * Takes a candle into the window. Its excursions are counted when the proxy is next read
   * (estimate, candles), in the order the candles came: a model that only reports the proxy, and
   * whose report nobody reads, pays three stores per candle. Only the last windowCandles of the
   * candles waiting count then (the older ones would have entered and left the window).
   */
  observeCandle(candle: CandleEvent): void {
    if (!(candle.open > 0) || !(candle.high >= candle.low) || !(candle.durationMs > 0)) return;
    this.accepted++;
    this.durationSeconds = candle.durationMs / 1000;
    const window = this.config.windowCandles;
    let slot = this.waitingFirst + this.waiting;
    if (slot >= window) slot -= window;
    this.waitingPrices[3 * slot] = candle.open;
    this.waitingPrices[3 * slot + 1] = candle.high;
    this.waitingPrices[3 * slot + 2] = candle.low;
    // A full window waiting: this candle pushes the oldest waiting one out (counted, it would have
    // left the window again before the newest entered).
    if (this.waiting < window) this.waiting++;
    else this.waitingFirst = this.waitingFirst + 1 === window ? 0 : this.waitingFirst + 1;
    this.fresh = false;
  }

  /** Counts the waiting candles into the window, oldest first (see observeCandle). */
  private countWaiting(): void {
    if (this.waiting === 0) return;
    const window = this.config.windowCandles;
    const prices = this.waitingPrices;
    let slot = this.waitingFirst;
    for (let n = this.waiting; n > 0; n--) {
      this.countCandle(prices, 3 * slot);
      slot = slot + 1 === window ? 0 : slot + 1;
    }
    this.waiting = 0;
    this.waitingFirst = 0;
  }

  /**
   * One candle's excursions into the window (a full window drops its oldest pair): its open, high
   * and low at prices[at..at + 2] (an index, not the three numbers: a number passed to a call V8
   * does not inline is boxed, a heap number each per bar).
   */
  private countCandle(prices: Float64Array, at: number): void {
    const open = prices[at];
    const high = prices[at + 1];
    const low = prices[at + 2];
    const thresholds = this.thresholds;
    const up = excursionBins(Math.max(0, high / open - 1), thresholds, this.inverseWidth);
    const down = excursionBins(Math.max(0, 1 - low / open), thresholds, this.inverseWidth);
    const reached = this.reached;
    const ring = this.binsReached;
    const window = this.config.windowCandles;
    if (this.pairs === window) {
      // The window is full: the oldest candle leaves as this one enters its slot. Only the bins
      // between an entering and a leaving excursion's counts change.
      const oldest = this.oldest;
      const oldUp = ring[2 * oldest];
      const oldDown = ring[2 * oldest + 1];
      // The same pair of counts (in either order) leaves the reached counts as they were.
      if (!((up === oldUp && down === oldDown) || (up === oldDown && down === oldUp))) {
        this.countsMoved = true;
        for (let i = oldUp; i < up; i++) reached[i]++;
        for (let i = up; i < oldUp; i++) reached[i]--;
        for (let i = oldDown; i < down; i++) reached[i]++;
        for (let i = down; i < oldDown; i++) reached[i]--;
      }
      ring[2 * oldest] = up;
      ring[2 * oldest + 1] = down;
      this.oldest = oldest + 1 === window ? 0 : oldest + 1;
    } else {
      for (let i = 0; i < up; i++) reached[i]++;
      for (let i = 0; i < down; i++) reached[i]++;
      const slot = this.oldest + this.pairs < window ? this.oldest + this.pairs : this.oldest + this.pairs - window;
      this.binsReached[2 * slot] = up;
      this.binsReached[2 * slot + 1] = down;
      this.pairs++;
      this.countsMoved = true;
    }
  }

  /** Candles accepted so far (each may change the estimate). */
  get version(): number {
    return this.accepted;
  }

  get candles(): number {
    this.countWaiting();
    return this.pairs;
  }

  /** The estimate now. The same object every call (updated in place): copy what you keep. */
  estimate(): CandleExcursionEstimate {
    const out = this.current;
    if (this.fresh) return out;
    this.fresh = true;
    this.countWaiting();
    const candles = this.pairs;
    const n = 2 * candles;
    out.candles = candles;
    // The same counts, n and bar duration as the last fit give the same fit, which is then kept.
    if (!this.countsMoved && n === this.fittedExcursions && this.durationSeconds === this.fittedDuration) return out;
    // reached[i - 1] = excursions reaching at least i bins (exact integer counts, kept by countCandle).
    // (Arrays and counts in locals throughout: loads V8 would otherwise repeat after each store.)
    const binCount = this.config.binCount;
    const reachedCounts = this.reached;
    this.countsMoved = false;
    out.reachRate = 0;
    out.kRelative = 0;
    out.ready = false;
    this.fittedExcursions = -1;
    if (candles < this.config.minCandles) return out;
    const duration = this.durationSeconds;
    if (n !== this.tableExcursions || duration !== this.tableDuration) {
      this.logRateByCount.fill(NaN);
      this.tableExcursions = n;
      this.tableDuration = duration;
    }
    const table = this.logRateByCount;
    const logIntensities = this.logIntensities;
    let points = 0;
    let first = 0;
    let contiguous = true;
    // fitRun's sum of the logs, taken here in the same (point) order.
    let sumY = 0;
    for (let i = 1; i <= binCount; i++) {
      const reached = reachedCounts[i - 1];
      // p = reached / n in (0, 1), for integer counts 0 <= reached <= n.
      if (reached <= 0 || reached >= n) continue;
      let logRate = table[reached];
      if (Number.isNaN(logRate)) {
        // lambda = -ln(1 - p) / h > 0 and finite for p in (0, 1): always a usable fit point.
        logRate = Math.log(-Math.log(1 - reached / n) / duration);
        table[reached] = logRate;
      }
      if (points === 0) first = i;
      else if (i !== first + points) contiguous = false;
      logIntensities[points] = logRate;
      sumY += logRate;
      points++;
    }
    this.fittedExcursions = n;
    this.fittedDuration = duration;
    // The reached counts fall with depth, so the usable bins are one run (first, points): its depth
    // side of the fit is kept between refits (see fitRun). Any other set takes the general fit,
    // over the depths of the usable bins.
    let fitted: boolean;
    this.fitSumY = sumY;
    if (contiguous && points >= 3) fitted = this.fitRun(first, points);
    else {
      let j = 0;
      for (let i = 1; i <= binCount; i++) if (reachedCounts[i - 1] > 0 && reachedCounts[i - 1] < n) this.depths[j++] = this.thresholds[i - 1];
      fitted = fitLogLinearInto(this.depths, logIntensities, points, 3, this.fit, false);
    }
    if (fitted) {
      out.reachRate = this.fit.A;
      out.kRelative = this.fit.k;
      out.ready = true;
    }
    return out;
  }

  /**
   * fitLogLinearInto(depths, logIntensities, points, 3, fit, false) for points at the bins
   * first..first + points - 1, the same operations in the same order on the same numbers, so the
   * same A and k bit for bit: only the sums over the depths (their mean, sxx and each x - mean),
   * which depend on the run alone, are kept from the last fit of the same run instead of recomputed,
   * and the sum of the logs (`fitSumY`) comes from the caller, which adds them up in point order as it
   * collects them (in a field: a number passed to a call V8 does not inline is boxed).
   */
  private fitRun(first: number, points: number): boolean {
    const sumY = this.fitSumY;
    // The run's depths are thresholds[first - 1 ..], in order.
    const depths = this.thresholds;
    const offset = first - 1;
    const centred = this.centredDepths;
    if (first !== this.runFirst || points !== this.runPoints) {
      this.runFirst = first;
      this.runPoints = points;
      let sumX = 0;
      for (let i = 0; i < points; i++) sumX += depths[offset + i];
      const meanX = sumX / points;
      let sxx = 0;
      for (let i = 0; i < points; i++) {
        const x = depths[offset + i];
        sxx += (x - meanX) ** 2;
        centred[i] = x - meanX;
      }
      this.runMeanX = meanX;
      this.runSxx = sxx;
    }
    const sxx = this.runSxx;
    if (sxx === 0) return false;
    const logs = this.logIntensities;
    const meanY = sumY / points;
    let sxy = 0;
    for (let i = 0; i < points; i++) sxy += centred[i] * (logs[i] - meanY);
    const slope = sxy / sxx;
    const intercept = meanY - slope * this.runMeanX;
    const k = -slope;
    if (!(k > 0) || !Number.isFinite(k)) return false;
    const fit = this.fit;
    fit.A = Math.exp(intercept);
    fit.k = k;
    fit.points = points;
    return true;
  }
}
