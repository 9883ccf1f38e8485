import { parseConfig, type ConfigOf, type ConfigSchema, type MarketEvent } from '@mml/core';
import { CandleIntensityProxy, candleIntensityProxyConfigSchema } from '../estimators/candle-intensity-proxy';
import { EwmaVolatility } from '../estimators/ewma-volatility';
import { IntensityEstimator, intensityEstimatorConfigSchema, type IntensityEstimate } from '../estimators/intensity-estimator';
import { RollingVolatility } from '../estimators/rolling-volatility';
import { volatilityBaseSchema } from '../estimators/volatility-config';

export const volatilityInputSchema = {
  kind: { type: 'string', default: 'ewma', oneOf: ['ewma', 'rolling'] as const, doc: 'Which realised-volatility estimator feeds the model.' },
  ...volatilityBaseSchema,
  windowSamples: { type: 'number', default: 60, min: 2, integer: true, unit: 'returns', doc: 'Rolling window (kind = rolling).' },
  halfLifeSamples: { type: 'number', default: 30, min: 0, exclusiveMin: true, unit: 'returns', doc: 'EWMA half-life (kind = ewma).' },
} as const satisfies ConfigSchema;

export const intensityInputSchema = {
  source: {
    type: 'string', default: 'auto', oneOf: ['auto', 'trades', 'candles', 'fixed'] as const,
    doc: 'auto: fit from trades when ready, else the candle proxy when ready, else fixedA/fixedK. fixed: always fixedA/fixedK.',
  },
  fixedA: { type: 'number', default: 1, min: 0, exclusiveMin: true, unit: '1/s', doc: 'A when no estimate is ready (or source = fixed).' },
  fixedK: { type: 'number', default: 1500, min: 0, exclusiveMin: true, unit: '1/(relative depth)', doc: 'k when no estimate is ready (or source = fixed); 1500 = e-fold per 6.7 bps, close to the fit on BTC spot trades.' },
  trades: { type: 'object', schema: intensityEstimatorConfigSchema, doc: 'Trade-based fit (fallbackA/fallbackK there are overridden by fixedA/fixedK).' },
  candles: { type: 'object', schema: candleIntensityProxyConfigSchema, doc: 'Candle-only proxy (an approximation, see CandleIntensityProxy).' },
} as const satisfies ConfigSchema;

export type VolatilityInputConfig = ConfigOf<typeof volatilityInputSchema>;
export type IntensityInputConfig = ConfigOf<typeof intensityInputSchema>;

export interface MarketInputsSnapshot {
  /** Sigma of log returns per sqrt(second). */
  sigma: number;
  volatilityReady: boolean;
  intensity: IntensityEstimate;
  /** 0 = fixed, 1 = trades, 2 = candle proxy (for diagnostics). */
  intensitySource: number;
}

/**
 * Feeds one volatility estimator and the intensity estimators from market events, in event order
 * (so a model only ever sees the past). Mids come from candles (close), bbo and book snapshots;
 * trade prices feed volatility only when no quote stream exists (avoids bid-ask bounce noise).
 */
export class MarketInputs {
  private readonly volatility: RollingVolatility | EwmaVolatility;
  private readonly trades: IntensityEstimator;
  private readonly candles: CandleIntensityProxy;
  private sawQuotes = false;

  constructor(
    readonly volatilityConfig: VolatilityInputConfig,
    readonly intensityConfig: IntensityInputConfig,
  ) {
    const { kind, windowSamples, halfLifeSamples, ...base } = volatilityConfig;
    this.volatility = kind === 'rolling' ? new RollingVolatility({ ...base, windowSamples }) : new EwmaVolatility({ ...base, halfLifeSamples });
    const fallback = { fallbackA: intensityConfig.fixedA, fallbackK: intensityConfig.fixedK };
    this.trades = new IntensityEstimator({ ...intensityConfig.trades, ...fallback });
    this.candles = new CandleIntensityProxy({ ...intensityConfig.candles, ...fallback });
  }

  static parse(volatility: unknown, intensity: unknown, path: string): MarketInputs {
    return new MarketInputs(parseConfig(volatilityInputSchema, volatility, `${path}.volatility`), parseConfig(intensityInputSchema, intensity, `${path}.intensity`));
  }

  observe(event: MarketEvent): void {
    switch (event.kind) {
      case 'candle':
        this.volatility.update(event.ts, event.close);
        this.candles.observeCandle(event);
        this.trades.observeMid(event.ts, event.close);
        break;
      case 'trade':
        if (!this.sawQuotes) this.volatility.update(event.ts, event.price);
        this.trades.observeTrade(event.ts, event.price, event.aggressor);
        break;
      case 'bbo':
        this.sawQuotes = true;
        this.observeMid(event.ts, (event.bidPrice + event.askPrice) / 2);
        break;
      case 'book':
        if (event.bids.length > 0 && event.asks.length > 0) {
          this.sawQuotes = true;
          this.observeMid(event.ts, (event.bids[0][0] + event.asks[0][0]) / 2);
        }
        break;
      case 'depth':
        break;
    }
  }

  snapshot(now: number): MarketInputsSnapshot {
    const fixed: IntensityEstimate = { A: this.intensityConfig.fixedA, kRelative: this.intensityConfig.fixedK, ready: false, r2: 0, trades: 0 };
    const source = this.intensityConfig.source;
    let intensity = fixed;
    let intensitySource = 0;
    if (source === 'trades' || source === 'auto') {
      const fromTrades = this.trades.estimate(now);
      if (fromTrades.ready || source === 'trades') { intensity = fromTrades; intensitySource = fromTrades.ready ? 1 : 0; }
    }
    if ((source === 'candles' || (source === 'auto' && intensitySource === 0))) {
      const fromCandles = this.candles.estimate();
      if (fromCandles.ready) { intensity = fromCandles; intensitySource = 2; }
    }
    return { sigma: this.volatility.sigma, volatilityReady: this.volatility.ready, intensity, intensitySource };
  }

  private observeMid(ts: number, mid: number): void {
    this.volatility.update(ts, mid);
    this.trades.observeMid(ts, mid);
  }
}
