import { parseConfig, type CandleEvent, type ConfigOf, type ConfigSchema } from '@mml/core';
import { fitExponentialIntensity } from './exponential-intensity-fit';

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
  private readonly excursions: number[] = []; // pairs [up, down] flattened, oldest first
  /** reached[i] = excursions in the window >= delta_(i+1), kept incrementally (O(bins) per candle). */
  private readonly reached: number[];
  private durationSeconds = 60;
  private cached: CandleExcursionEstimate | undefined;

  constructor(config: Partial<CandleExcursionProxyConfig> = {}) {
    this.config = parseConfig(candleExcursionProxyConfigSchema, config, 'candleExcursionProxy');
    this.reached = new Array<number>(this.config.binCount).fill(0);
  }

  private count(excursion: number, sign: 1 | -1): void {
    const width = this.config.binWidthBps / 10_000;
    for (let i = 1; i <= this.config.binCount; i++) {
      if (excursion >= i * width) this.reached[i - 1] += sign;
      else break;
    }
  }

  observeCandle(candle: CandleEvent): void {
    if (!(candle.open > 0) || !(candle.high >= candle.low) || !(candle.durationMs > 0)) return;
    this.durationSeconds = candle.durationMs / 1000;
    const up = Math.max(0, candle.high / candle.open - 1);
    const down = Math.max(0, 1 - candle.low / candle.open);
    this.excursions.push(up, down);
    this.count(up, 1);
    this.count(down, 1);
    if (this.excursions.length > 2 * this.config.windowCandles) {
      this.count(this.excursions[0], -1);
      this.count(this.excursions[1], -1);
      this.excursions.splice(0, 2);
    }
    this.cached = undefined;
  }

  get candles(): number {
    return this.excursions.length / 2;
  }

  estimate(): CandleExcursionEstimate {
    if (this.cached) return this.cached;
    const candles = this.candles;
    const fallback: CandleExcursionEstimate = { kind: 'candle-excursion-proxy', reachRate: 0, kRelative: 0, ready: false, candles };
    if (candles < this.config.minCandles) return fallback;
    const width = this.config.binWidthBps / 10_000;
    const depths: number[] = [];
    const intensities: number[] = [];
    const n = this.excursions.length;
    for (let i = 1; i <= this.config.binCount; i++) {
      const delta = i * width;
      const p = this.reached[i - 1] / n;
      if (p <= 0 || p >= 1) continue;
      depths.push(delta);
      intensities.push(-Math.log(1 - p) / this.durationSeconds);
    }
    const fit = fitExponentialIntensity(depths, intensities, 3);
    this.cached = fit ? { kind: 'candle-excursion-proxy', reachRate: fit.A, kRelative: fit.k, ready: true, candles } : fallback;
    return this.cached;
  }
}
