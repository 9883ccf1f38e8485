export * from './formulas/units';
export * from './formulas/avellaneda-stoikov';
export * from './formulas/glft';
export { RollingVolatility, rollingVolatilityConfigSchema, type RollingVolatilityConfig } from './estimators/rolling-volatility';
export { EwmaVolatility, ewmaVolatilityConfigSchema, type EwmaVolatilityConfig } from './estimators/ewma-volatility';
export { DEFAULT_FALLBACK_SIGMA } from './estimators/volatility-config';
export { fitExponentialIntensity, type IntensityFit } from './estimators/exponential-intensity-fit';
export { IntensityEstimator, intensityEstimatorConfigSchema, type IntensityEstimatorConfig, type IntensityEstimate } from './estimators/intensity-estimator';
export { CandleIntensityProxy, candleIntensityProxyConfigSchema, type CandleIntensityProxyConfig } from './estimators/candle-intensity-proxy';
