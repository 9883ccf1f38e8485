export * from './formulas/units';
export * from './formulas/avellaneda-stoikov';
export * from './formulas/glft';
export { RollingVolatility, rollingVolatilityConfigSchema, type RollingVolatilityConfig } from './estimators/rolling-volatility';
export { EwmaVolatility, ewmaVolatilityConfigSchema, type EwmaVolatilityConfig } from './estimators/ewma-volatility';
export { DEFAULT_FALLBACK_SIGMA } from './estimators/volatility-config';
export { fitExponentialIntensity, fitExponentialIntensityInto, type IntensityFit } from './estimators/exponential-intensity-fit';
export { fitExponentialIntensityMle, type IntensityMleFit } from './estimators/exponential-intensity-mle';
export { IntensityEstimator, intensityEstimatorConfigSchema, type IntensityEstimatorConfig, type IntensityEstimate } from './estimators/intensity-estimator';
export { CandleExcursionProxy, candleExcursionProxyConfigSchema, type CandleExcursionProxyConfig, type CandleExcursionEstimate } from './estimators/candle-excursion-proxy';
export { OhlcVolatility, ohlcVolatilityConfigSchema, type OhlcVolatilityConfig } from './estimators/ohlc-volatility';
export { type ModelQuote, type QuoteMultipliers, type RawQuote, NEUTRAL_MULTIPLIERS, QUOTE_REASONS, quoterSchema, buildQuoteIntent, createRawQuote } from './strategies/quote-builder';
export { type ModelQuoter, quoterStrategy, contextMid } from './strategies/model-quoter';
export { volatilityInputSchema, intensityInputSchema } from './strategies/market-inputs';
export { CALIBRATED_INTENSITY } from './estimators/calibrated-intensity';
export { horizonSchema, quotingSchema, timeToHorizonSeconds } from './strategies/quoting-config';
export { AvellanedaStoikovQuoter, AVELLANEDA_STOIKOV_SLOTS, avellanedaStoikovConfigSchema, createAvellanedaStoikovStrategy, type AvellanedaStoikovConfig } from './strategies/avellaneda-stoikov-strategy';
export { GlftQuoter, GLFT_SLOTS, glftConfigSchema, createGlftStrategy, type GlftConfig } from './strategies/glft-strategy';
export { FixedSpreadQuoter, fixedSpreadConfigSchema, createFixedSpreadStrategy, type FixedSpreadConfig } from './strategies/fixed-spread-strategy';
export {
  runAvellanedaStoikov2008Replication,
  as2008MarkdownTable,
  AS2008_PARAMETERS,
  AS2008_PAPER_TABLE,
  As2008Accumulator,
  type As2008Options,
  type As2008Parameters,
  type As2008Replication,
  type As2008StrategyResult,
} from './replication/avellaneda-stoikov-2008';
export {
  runAs2008RlLearning,
  type RlLearningOptions,
  type RlLearningResult,
  type RlLearningCurvePoint,
  type PolicyScore,
} from './replication/as2008-rl-learning';
export { inventoryPenalty } from './rl/inventory-penalty';
export { createAs2008Strategy, type As2008StrategyOptions } from './replication/as2008-strategy';
export { parseAs2008ReplicationArgs, as2008ReplicationUsage, type As2008ReplicationArgs } from './replication/as2008-replication-args';
export { QLearningAgent, qLearningConfigSchema, type QLearningConfig, type QLearningPolicyJson, type LearningCurvePoint } from './rl/q-learning-agent';
export { rlStateSchema, encodeRlState, rlStateComponents, rlStateCount, type RlStateConfig, type RlObservation } from './rl/rl-state';
export {
  createRlEnhancedStrategy,
  createRlAgent,
  rlActions,
  rlEnhancedConfigSchema,
  type RlEnhancedConfig,
  type RlEnhancedOptions,
  type RlEnhancedStrategy,
} from './rl/rl-enhanced-strategy';
export { createFloorQuotes, LARGEST_FINITE_EXP_ARGUMENT, type FloorCandles, type FloorQuotes } from './floor/floor-steps';
export { avellanedaStoikovCandleFloor, checkAvellanedaStoikovFloorConfig } from './floor/avellaneda-stoikov-candle-floor';
export { glftCandleFloor, checkGlftFloorConfig } from './floor/glft-candle-floor';
