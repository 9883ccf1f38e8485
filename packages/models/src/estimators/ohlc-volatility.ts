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
  private readonly overnight: number[] = [];
  private readonly openClose: number[] = [];
  private readonly rogersSatchell: number[] = [];
  private readonly garmanKlass: number[] = [];
  private readonly periods: number[] = [];
  private head = 0;
  private previousClose = NaN;
  private previousOpenTime = NaN;
  private cachedSigma = NaN;
  rejected = 0;

  constructor(config: Partial<OhlcVolatilityConfig> = {}) {
    this.config = parseConfig(ohlcVolatilityConfigSchema, config, 'ohlcVolatility');
    if (this.config.minBars > this.config.windowBars) throw new RangeError(`ohlcVolatility.minBars (${this.config.minBars}) must be <= windowBars (${this.config.windowBars})`);
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
    const overnight = Number.isNaN(this.previousClose) ? 0 : Math.log(o / this.previousClose);
    const hc = Math.log(h / c);
    const ho = Math.log(h / o);
    const lc = Math.log(l / c);
    const lo = Math.log(l / o);
    const oc = Math.log(c / o);
    const hl = Math.log(h / l);
    this.push(overnight, oc, hc * ho + lc * lo, 0.5 * hl * hl - (2 * Math.LN2 - 1) * oc * oc, period);
    this.previousClose = c;
    this.previousOpenTime = candle.openTime;
  }

  get samples(): number {
    return this.periods.length;
  }

  get ready(): boolean {
    return this.periods.length >= this.config.minBars;
  }

  /** Sigma per sqrt(second); `fallbackSigma` while not ready. */
  get sigma(): number {
    if (!this.ready) return this.config.fallbackSigma;
    if (!Number.isNaN(this.cachedSigma)) return this.cachedSigma;
    const n = this.periods.length;
    const meanPeriod = sum(this.periods) / n;
    let variancePerBar: number;
    if (this.config.estimator === 'garman-klass') {
      variancePerBar = sum(this.garmanKlass) / n;
    } else {
      const k = 0.34 / (1.34 + (n + 1) / (n - 1));
      variancePerBar = sampleVariance(this.overnight) + k * sampleVariance(this.openClose) + (1 - k) * (sum(this.rogersSatchell) / n);
    }
    this.cachedSigma = Math.sqrt(Math.max(0, variancePerBar) / meanPeriod);
    return this.cachedSigma;
  }

  private push(overnight: number, oc: number, rs: number, gk: number, period: number): void {
    this.cachedSigma = NaN;
    if (this.periods.length < this.config.windowBars) {
      this.overnight.push(overnight);
      this.openClose.push(oc);
      this.rogersSatchell.push(rs);
      this.garmanKlass.push(gk);
      this.periods.push(period);
      return;
    }
    const i = this.head;
    this.overnight[i] = overnight;
    this.openClose[i] = oc;
    this.rogersSatchell[i] = rs;
    this.garmanKlass[i] = gk;
    this.periods[i] = period;
    this.head = (i + 1) % this.config.windowBars;
  }
}

// Re-summed on read (windows are tens of candles): no drift from incremental updates.
// Indexed loops, not for-of: these run on every candle, and an array iterator that V8 does not
// optimise away allocates a result object per element (measured: most of A-S's allocation).
function sum(xs: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return s;
}

function sampleVariance(xs: readonly number[]): number {
  const n = xs.length;
  if (n < 2) return 0;
  const m = sum(xs) / n;
  let s = 0;
  for (let i = 0; i < n; i++) s += (xs[i] - m) * (xs[i] - m);
  return s / (n - 1);
}
