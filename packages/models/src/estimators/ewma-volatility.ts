import { parseConfig, type ConfigOf, type ConfigSchema } from '@mml/core';
import { type ClosePoint, PriceSampler, type SampledReturn } from './price-sampler';
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
  /** What sigma reads: fallbackSigma until minSamples returns were taken, then sqrt(variance) as of the last one. */
  private currentSigma = NaN;

  constructor(config: Partial<EwmaVolatilityConfig> = {}) {
    this.config = parseConfig(ewmaVolatilityConfigSchema, config, 'ewmaVolatility');
    this.sampler = new PriceSampler(this.config.sampleIntervalMs);
    this.alpha = 1 - Math.pow(2, -1 / this.config.halfLifeSamples);
    this.currentSigma = this.config.fallbackSigma;
  }

  update(ts: number, price: number): void {
    const sample = this.sampler;
    if (sample.take(ts, price)) this.addSample(sample);
  }

  /** update(candle.ts, candle.close), given the candle: no number crosses the call (see PriceSampler.takeClose). */
  updateClose(candle: ClosePoint): void {
    const sample = this.sampler;
    if (sample.takeClose(candle)) this.addSample(sample);
  }

  /**
   * The return a PriceSampler just took (its logReturn and dtSeconds): update's step, and for a caller
   * with its own sampler (of this estimator's sampleIntervalMs), so that several estimators of one
   * price stream share one sampler and one log per sample; use either this or update(), not both.
   * Takes the sampler rather than its two numbers: numbers passed to a call V8 does not inline are
   * boxed, one heap number each.
   */
  addSample(sample: SampledReturn): void {
    const logReturn = sample.logReturn;
    const rate = (logReturn * logReturn) / sample.dtSeconds;
    this.variance = this.count === 0 ? rate : (1 - this.alpha) * this.variance + this.alpha * rate;
    this.count++;
    if (this.count >= this.config.minSamples) this.currentSigma = Math.sqrt(this.variance);
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

  /**
   * The fallback until ready, then sqrt(variance) as of the last return, taken when the return came
   * (the models read sigma on every quote, and returns come at most once per sampleIntervalMs): a
   * field read, small enough for V8 to inline wherever it is read (a number returned from a call it
   * does not inline is boxed, a heap number per quote).
   */
  get sigma(): number {
    return this.currentSigma;
  }
}
