import { parseConfig, type ConfigOf, type ConfigSchema } from '@mml/core';
import { type ClosePoint, PriceSampler } from './price-sampler';
import { volatilityBaseSchema } from './volatility-config';

export const rollingVolatilityConfigSchema = {
  ...volatilityBaseSchema,
  windowSamples: {
    type: 'number', default: 60, min: 2, integer: true, unit: 'returns',
    doc: 'Number of most recent returns in the window.',
  },
} as const satisfies ConfigSchema;
export type RollingVolatilityConfig = ConfigOf<typeof rollingVolatilityConfigSchema>;

/**
 * Realised volatility over a rolling window of returns, as a variance RATE: sigma^2 = sum(r^2) /
 * sum(dt). Dividing by elapsed time (not by the count) keeps irregular sampling and data gaps
 * honest. Zero-mean (drift is noise at these horizons). Output: sigma of log returns per
 * sqrt(second). Only past observations enter, so there is no look-ahead.
 */
export class RollingVolatility {
  readonly config: RollingVolatilityConfig;
  private readonly sampler: PriceSampler;
  private readonly squared: number[] = [];
  private readonly dts: number[] = [];
  private sumSquared = 0;
  private sumDt = 0;
  private head = 0;

  constructor(config: Partial<RollingVolatilityConfig> = {}) {
    this.config = parseConfig(rollingVolatilityConfigSchema, config, 'rollingVolatility');
    this.sampler = new PriceSampler(this.config.sampleIntervalMs);
  }

  update(ts: number, price: number): void {
    if (this.sampler.take(ts, price)) this.addSample();
  }

  /** update(candle.ts, candle.close), given the candle: no number crosses the call (see PriceSampler.takeClose). */
  updateClose(candle: ClosePoint): void {
    if (this.sampler.takeClose(candle)) this.addSample();
  }

  /** The return the sampler just took into the window. */
  private addSample(): void {
    const sample = this.sampler;
    this.returns++;
    const sq = sample.logReturn * sample.logReturn;
    if (this.squared.length < this.config.windowSamples) {
      this.squared.push(sq);
      this.dts.push(sample.dtSeconds);
    } else {
      this.sumSquared -= this.squared[this.head];
      this.sumDt -= this.dts[this.head];
      this.squared[this.head] = sq;
      this.dts[this.head] = sample.dtSeconds;
      this.head = (this.head + 1) % this.config.windowSamples;
    }
    this.sumSquared += sq;
    this.sumDt += sample.dtSeconds;
  }

  get samples(): number {
    return this.squared.length;
  }

  /** Returns taken so far (sigma changes only with it). */
  get version(): number {
    return this.returns;
  }

  private returns = 0;

  get ready(): boolean {
    return this.squared.length >= this.config.minSamples && this.sumDt > 0;
  }

  /** Sigma of log returns per sqrt(second); `fallbackSigma` while not ready. */
  get sigma(): number {
    if (!this.ready) return this.config.fallbackSigma;
    // Re-sum occasionally would avoid drift; the window is small so drift stays < 1e-12 relative.
    return Math.sqrt(Math.max(0, this.sumSquared) / this.sumDt);
  }
}
