export { type RiskState, referenceSigma } from './risk-state';
export { RiskStateTracker, RISK_STATE_TRACKER_SCHEMA, type RiskStateTrackerConfig } from './risk-state-tracker';
export { type RiskOverlay, type OverlayResult, type OverlayStack, composeOverlays, quotesDiffer } from './overlay';
export { volatilityWidening, VOLATILITY_WIDENING_SCHEMA, type VolatilityWideningConfig } from './volatility-widening';
export { adverseMoveFilter, ADVERSE_MOVE_FILTER_SCHEMA, type AdverseMoveFilterConfig, type AdverseMoveState } from './adverse-move-filter';
export { drawdownBreaker, DRAWDOWN_BREAKER_SCHEMA, type DrawdownBreakerConfig, type DrawdownBreakerState } from './drawdown-breaker';
export { riskOffScaling, RISK_OFF_SCALING_SCHEMA, type RiskOffScalingConfig } from './risk-off-scaling';
export { createStabilityOverlays, STABILITY_OVERLAYS_SCHEMA, type StabilityOverlaysConfig } from './default-overlays';
export { withOverlays, type OverlaidStrategy } from './with-overlays';
