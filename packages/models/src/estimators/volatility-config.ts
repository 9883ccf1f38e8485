import type { ConfigSchema } from '@mml/core';

/** Sigma of 1m BTC/USDT log returns (~0.0007) expressed per sqrt(second): the documented fallback. */
export const DEFAULT_FALLBACK_SIGMA = 0.0007 / Math.sqrt(60);

/** Fields shared by both volatility estimators. */
export const volatilityBaseSchema = {
  sampleIntervalMs: {
    type: 'number', default: 1000, min: 0, unit: 'ms',
    doc: 'Minimum spacing of price samples; a return is only taken once this much time has passed, which damps bid-ask bounce on tick data. Candles (60 s apart) are all sampled.',
  },
  minSamples: {
    type: 'number', default: 10, min: 1, integer: true, unit: 'returns',
    doc: 'Returns needed before the estimate is ready; until then `sigma` is `fallbackSigma`.',
  },
  fallbackSigma: {
    type: 'number', default: DEFAULT_FALLBACK_SIGMA, min: 0, exclusiveMin: true, unit: 'log-return / sqrt(s)',
    doc: 'Sigma reported while not ready (default: 0.0007 per 1m bar, typical BTC/USDT).',
  },
} as const satisfies ConfigSchema;
