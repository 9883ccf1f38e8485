import { parseConfig, type ConfigOf, type ConfigSchema } from '@mml/core';
import { PriceSampler } from './price-sampler';
import { volatilityBaseSchema } from './volatility-config';

export const ewmaVolatilityConfigSchema = {
  ...volatilityBaseSchema,
  halfLifeSamples: {
    type: 'number', default: 30, min: 0, exclusiveMin: true, unit: 'returns',
    doc: 'Half-life of the exponential weights, in returns (RiskMetrics-style decay 2^(-1/halfLife)).',
  },
} as const satisfies ConfigSchema;
export type EwmaVolatilityConfig = ConfigOf<typeof ewmaVolatilityConfigSchema>;

/**
 * Exponentially weighted variance rate: v <- (1 - a) v + a r^2 / dt, with a = 1 - 2^(-1/halfLife).
 * Seeded with the first return's r^2/dt. Output: sigma of log returns per sqrt(second); the
 * configured fallback until `minSamples` returns were seen. Causal by construction.
 */
export class EwmaVolatility {
  readonly config: EwmaVolatilityConfig;
  private readonly sampler: PriceSampler;
  private readonly alpha: number;
  private variance = NaN;
  private count = 0;
  /** sqrt(variance) and the count of returns it was taken at (-1: none yet). */
  private cachedSigma = NaN;
  private sigmaCount = -1;

  constructor(config: Partial<EwmaVolatilityConfig> = {}) {
    this.config = parseConfig(ewmaVolatilityConfigSchema, config, 'ewmaVolatility');
    this.sampler = new PriceSampler(this.config.sampleIntervalMs);
    this.alpha = 1 - Math.pow(2, -1 / this.config.halfLifeSamples);
  }

  update(ts: number, price: number): void {
    const sample = this.sampler;
    if (sample.take(ts, price)) this.addReturn(sample.logReturn, sample.dtSeconds);
  }

  /**
   * One return taken by a caller's own PriceSampler (of this estimator's sampleIntervalMs): several
   * estimators of one price stream then share one sampler, and one log per sample. Use either this
   * or update(), not both.
   */
  addReturn(logReturn: number, dtSeconds: number): void {
    const rate = (logReturn * logReturn) / dtSeconds;
    this.variance = this.count === 0 ? rate : (1 - this.alpha) * this.variance + this.alpha * rate;
    this.count++;
  }

  get samples(): number {
    return this.count;
  }

  /** Returns taken so far (sigma changes only with it). */
  get version(): number {
    return this.count;
  }

  get ready(): boolean {
    return this.count >= this.config.minSamples;
  }

  get sigma(): number {
    if (!this.ready) return this.config.fallbackSigma;
    // sqrt(variance) of the variance as of the last return: kept until the next (the models read
    // sigma on every quote, and on tick data returns come at most once per sampleIntervalMs).
    if (this.sigmaCount !== this.count) {
      this.sigmaCount = this.count;
      this.cachedSigma = Math.sqrt(this.variance);
    }
    return this.cachedSigma;
  }
}
