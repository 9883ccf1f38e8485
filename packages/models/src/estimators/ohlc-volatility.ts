import { parseConfig, type CandleEvent, type ConfigOf, type ConfigSchema } from '@mml/core';
import { DEFAULT_FALLBACK_SIGMA } from './volatility-config';

export const ohlcVolatilityConfigSchema = {
  estimator: {
    type: 'string', default: 'yang-zhang', oneOf: ['garman-klass', 'yang-zhang'] as const,
    doc: 'garman-klass: 0.5 ln(H/L)^2 - (2 ln 2 - 1) ln(C/O)^2 per bar (assumes no drift and no gap between bars). yang-zhang: overnight (open vs previous close) + k x open-to-close + (1 - k) x Rogers-Satchell sample variances, drift- and gap-robust.',
  },
  windowBars: { type: 'number', default: 60, min: 2, integer: true, unit: 'candles', doc: 'Candles in the rolling window.' },
  minBars: { type: 'number', default: 10, min: 2, integer: true, unit: 'candles', doc: 'Candles needed before the estimate is ready (fallbackSigma until then).' },
  fallbackSigma: { type: 'number', default: DEFAULT_FALLBACK_SIGMA, min: 0, exclusiveMin: true, unit: 'log-return / sqrt(s)', doc: 'Sigma reported while not ready.' },
} as const satisfies ConfigSchema;
export type OhlcVolatilityConfig = ConfigOf<typeof ohlcVolatilityConfigSchema>;

/**
 * Range-based realised volatility from OHLC candles over a rolling window: Garman-Klass (1980) or
 * Yang-Zhang (2000). Both use the high and low, which carry far more information about the
 * diffusion than the close alone (Garman-Klass is ~7x as efficient as close-to-close for a
 * Brownian path), so a short window of candles gives a steadier sigma. Output: sigma of log returns
 * per sqrt(second) (the per-bar variance divided by the mean bar period, open to next open), the
 * same unit as the close-to-close estimators. Bad candles (non-positive, high < low, open/close
 * outside [low, high]) are skipped. Causal: a candle enters when it is observed.
 */
export class OhlcVolatility {
  readonly config: OhlcVolatilityConfig;
  // Rings of `windowBars` bars, `count` valid, the next slot to overwrite at `head` once full: the
  // candle's prices as accepted, and the per-bar terms the estimator sums, computed from them only
  // when sigma is read (a model that only reports this sigma pays for its logs only if it is read).
  private readonly opens: Float64Array;
  private readonly highs: Float64Array;
  private readonly lows: Float64Array;
  private readonly closes: Float64Array;
  private readonly previousCloses: Float64Array;
  private readonly overnight: Float64Array;
  private readonly openClose: Float64Array;
  private readonly rogersSatchell: Float64Array;
  private readonly garmanKlass: Float64Array;
  private readonly periods: Float64Array;
  private readonly yangZhang: boolean;
  private count = 0;
  private head = 0;
  /** Bars accepted so far, and how many of them (the oldest) have their terms computed. */
  private accepted = 0;
  private termsDone = 0;
  private previousClose = NaN;
  private previousOpenTime = NaN;
  private cachedSigma = NaN;
  rejected = 0;

  constructor(config: Partial<OhlcVolatilityConfig> = {}) {
    this.config = parseConfig(ohlcVolatilityConfigSchema, config, 'ohlcVolatility');
    if (this.config.minBars > this.config.windowBars) throw new RangeError(`ohlcVolatility.minBars (${this.config.minBars}) must be <= windowBars (${this.config.windowBars})`);
    const window = this.config.windowBars;
    this.opens = new Float64Array(window);
    this.highs = new Float64Array(window);
    this.lows = new Float64Array(window);
    this.closes = new Float64Array(window);
    this.previousCloses = new Float64Array(window);
    this.overnight = new Float64Array(window);
    this.openClose = new Float64Array(window);
    this.rogersSatchell = new Float64Array(window);
    this.garmanKlass = new Float64Array(window);
    this.periods = new Float64Array(window);
    this.yangZhang = this.config.estimator === 'yang-zhang';
  }

  updateCandle(candle: CandleEvent): void {
    const { open: o, high: h, low: l, close: c } = candle;
    if (!(o > 0 && h > 0 && l > 0 && c > 0) || !(h >= l) || o > h || o < l || c > h || c < l || !(candle.durationMs > 0)) {
      this.rejected++;
      return;
    }
    if (!Number.isNaN(this.previousOpenTime) && !(candle.openTime > this.previousOpenTime)) {
      this.rejected++;
      return;
    }
    const period = Number.isNaN(this.previousOpenTime) ? candle.durationMs / 1000 : Math.max(candle.durationMs, candle.openTime - this.previousOpenTime) / 1000;
    const i = this.slot();
    this.opens[i] = o;
    this.highs[i] = h;
    this.lows[i] = l;
    this.closes[i] = c;
    this.previousCloses[i] = this.previousClose;
    this.periods[i] = period;
    this.previousClose = c;
    this.previousOpenTime = candle.openTime;
  }

  /** Bars accepted so far (a new bar changes sigma once ready). */
  get version(): number {
    return this.accepted;
  }

  get samples(): number {
    return this.count;
  }

  get ready(): boolean {
    return this.count >= this.config.minBars;
  }

  /**
   * Sigma per sqrt(second); `fallbackSigma` while not ready. Re-summed once per new bar (windows are
   * tens of candles: no drift from incremental updates), each sum in slot order, in two fused passes.
   */
  get sigma(): number {
    if (!this.ready) return this.config.fallbackSigma;
    if (!Number.isNaN(this.cachedSigma)) return this.cachedSigma;
    this.computeTerms();
    const n = this.count;
    const periods = this.periods;
    let sumPeriods = 0;
    let variancePerBar: number;
    if (!this.yangZhang) {
      const gk = this.garmanKlass;
      let sumGk = 0;
      for (let i = 0; i < n; i++) {
        sumPeriods += periods[i];
        sumGk += gk[i];
      }
      variancePerBar = sumGk / n;
    } else {
      const overnight = this.overnight;
      const openClose = this.openClose;
      const rs = this.rogersSatchell;
      let sumOvernight = 0;
      let sumOpenClose = 0;
      let sumRs = 0;
      for (let i = 0; i < n; i++) {
        sumPeriods += periods[i];
        sumOvernight += overnight[i];
        sumOpenClose += openClose[i];
        sumRs += rs[i];
      }
      // Sample variances (n - 1), as two-pass sums about the means.
      let squaresOvernight = 0;
      let squaresOpenClose = 0;
      const meanOvernight = sumOvernight / n;
      const meanOpenClose = sumOpenClose / n;
      for (let i = 0; i < n; i++) {
        const a = overnight[i] - meanOvernight;
        squaresOvernight += a * a;
        const b = openClose[i] - meanOpenClose;
        squaresOpenClose += b * b;
      }
      const k = 0.34 / (1.34 + (n + 1) / (n - 1));
      const varianceOvernight = n < 2 ? 0 : squaresOvernight / (n - 1);
      const varianceOpenClose = n < 2 ? 0 : squaresOpenClose / (n - 1);
      variancePerBar = varianceOvernight + k * varianceOpenClose + (1 - k) * (sumRs / n);
    }
    const meanPeriod = sumPeriods / n;
    this.cachedSigma = Math.sqrt(Math.max(0, variancePerBar) / meanPeriod);
    return this.cachedSigma;
  }

  /** The ring slot the new bar goes into. */
  private slot(): number {
    this.cachedSigma = NaN;
    this.accepted++;
    if (this.count < this.config.windowBars) return this.count++;
    const i = this.head;
    // The ring wraps by a comparison, not a remainder (an integer division on every bar).
    this.head = i + 1 === this.config.windowBars ? 0 : i + 1;
    return i;
  }

  /** The per-bar terms of the bars accepted since the last read that are still in the window. */
  private computeTerms(): void {
    const window = this.config.windowBars;
    const pending = this.accepted - this.termsDone;
    this.termsDone = this.accepted;
    // The newest bar sits just before `head` once full (at count - 1 before); walk back `todo` bars.
    const todo = Math.min(pending, this.count);
    const newest = this.count < window ? this.count - 1 : (this.head - 1 + window) % window;
    for (let back = todo - 1; back >= 0; back--) {
      const i = (newest - back + window) % window;
      const o = this.opens[i];
      const h = this.highs[i];
      const l = this.lows[i];
      const c = this.closes[i];
      const oc = Math.log(c / o);
      this.openClose[i] = oc;
      if (this.yangZhang) {
        const previousClose = this.previousCloses[i];
        this.overnight[i] = Number.isNaN(previousClose) ? 0 : Math.log(o / previousClose);
        const hc = Math.log(h / c);
        const ho = Math.log(h / o);
        const lc = Math.log(l / c);
        const lo = Math.log(l / o);
        this.rogersSatchell[i] = hc * ho + lc * lo;
      } else {
        const hl = Math.log(h / l);
        this.garmanKlass[i] = 0.5 * hl * hl - (2 * Math.LN2 - 1) * oc * oc;
      }
    }
  }
}
