import { parseConfig, type ConfigOf } from '@mml/core';
import { ADVERSE_MOVE_FILTER_SCHEMA, adverseMoveFilter } from './adverse-move-filter';
import { DRAWDOWN_BREAKER_SCHEMA, drawdownBreaker } from './drawdown-breaker';
import { composeOverlays, type OverlayStack } from './overlay';
import { RISK_OFF_SCALING_SCHEMA, riskOffScaling } from './risk-off-scaling';
import { RISK_STATE_TRACKER_SCHEMA } from './risk-state-tracker';
import { VOLATILITY_WIDENING_SCHEMA, volatilityWidening } from './volatility-widening';

/**
 * The full stability stack as one config object: each overlay can be switched off, and the order
 * of application is fixed: vol-widen > adverse-move > drawdown-breaker > risk-off. The breaker
 * runs after the entry filters so a hard trip has the last word on quoting (only risk-off,
 * which can only shrink further, follows it), and risk-off reads the breaker's state.
 */
export const STABILITY_OVERLAYS_SCHEMA = {
  riskState: { type: 'object', schema: RISK_STATE_TRACKER_SCHEMA, doc: 'how volatility and recent returns are measured' },
  volatilityWidening: { type: 'object', schema: { enabled: { type: 'boolean', default: true, doc: 'apply this overlay' }, ...VOLATILITY_WIDENING_SCHEMA }, doc: 'volatility-targeted widening' },
  adverseMoveFilter: { type: 'object', schema: { enabled: { type: 'boolean', default: true, doc: 'apply this overlay' }, ...ADVERSE_MOVE_FILTER_SCHEMA }, doc: 'adverse-move entry filter' },
  drawdownBreaker: { type: 'object', schema: { enabled: { type: 'boolean', default: true, doc: 'apply this overlay' }, ...DRAWDOWN_BREAKER_SCHEMA }, doc: 'drawdown circuit breakers' },
  riskOffScaling: { type: 'object', schema: { enabled: { type: 'boolean', default: true, doc: 'apply this overlay' }, ...RISK_OFF_SCALING_SCHEMA }, doc: 'risk-off inventory scaling' },
} as const;

export type StabilityOverlaysConfig = ConfigOf<typeof STABILITY_OVERLAYS_SCHEMA>;

/** Builds the overlay stack (enabled overlays, in the fixed order) from a validated config. */
export function createStabilityOverlays(config: unknown = {}): OverlayStack {
  const cfg = parseConfig(STABILITY_OVERLAYS_SCHEMA, config, 'overlays');
  const { enabled: volOn, ...vol } = cfg.volatilityWidening;
  const { enabled: adverseOn, ...adverse } = cfg.adverseMoveFilter;
  const { enabled: breakerOn, ...breaker } = cfg.drawdownBreaker;
  const { enabled: riskOffOn, ...riskOff } = cfg.riskOffScaling;
  return composeOverlays([
    ...(volOn ? [volatilityWidening(vol)] : []),
    ...(adverseOn ? [adverseMoveFilter(adverse)] : []),
    ...(breakerOn ? [drawdownBreaker(breaker)] : []),
    ...(riskOffOn ? [riskOffScaling(riskOff)] : []),
  ]);
}
