import { type ConfigOf, parseConfig } from '@mml/core';
import type { RiskOverlay } from './overlay';
import { referenceSigma } from './risk-state';
import { fmt, intentCentreTicks, scaleSides, widenSides, withDiagnostics } from './quote-transforms';

export const RISK_OFF_SCALING_SCHEMA = {
  volRatio: { type: 'number', default: 1.5, min: 0, exclusiveMin: true, unit: 'x sigmaTarget', doc: 'risk-off when sigma/sigmaTarget is at least this' },
  trendSigmas: { type: 'number', default: 2, min: 0, exclusiveMin: true, unit: 'sigmas', doc: 'risk-off when the trend return against the inventory exceeds this many sigma_ref x sqrt(trend bars)' },
  onSoftBreaker: { type: 'boolean', default: true, doc: 'risk-off while an earlier overlay reports breakerState >= 1 in diagnostics' },
  increasingSizeFactor: { type: 'number', default: 0.5, min: 0, max: 1, unit: 'fraction', doc: 'size scaling of the inventory-increasing side when risk-off' },
  increasingSpreadMultiplier: { type: 'number', default: 1.5, min: 1, unit: 'x', doc: 'distance-from-centre multiplier of the inventory-increasing side when risk-off' },
} as const;

export type RiskOffScalingConfig = ConfigOf<typeof RISK_OFF_SCALING_SCHEMA>;

/**
 * Risk-off inventory scaling: when volatility is high, the soft breaker is on, or the trend runs
 * against the inventory, the inventory-increasing side (bids when long, asks when short, both when
 * flat) is shrunk and pushed away from the centre, so the quotes lean towards reducing inventory.
 * The reducing side is left alone (moving it closer could make it marketable). Stateless.
 */
export function riskOffScaling(config: unknown = {}): RiskOverlay<null> & { config: RiskOffScalingConfig } {
  const cfg = parseConfig(RISK_OFF_SCALING_SCHEMA, config, 'riskOffScaling');
  return {
    name: 'risk-off',
    config: cfg,
    initialState: () => null,
    apply(intent, risk, state) {
      const triggers: string[] = [];
      const ratio = risk.sigma / risk.sigmaTarget;
      if (Number.isFinite(ratio) && ratio >= cfg.volRatio) triggers.push(`sigma ${fmt(ratio)}x target`);
      if (cfg.onSoftBreaker && (intent.diagnostics.breakerState ?? 0) >= 1) triggers.push('breaker engaged');
      const trendLimit = cfg.trendSigmas * referenceSigma(risk) * Math.sqrt(risk.trendWindowBars);
      const against = -Math.sign(risk.inventoryLots) * risk.trendReturn;
      if (risk.inventoryLots !== 0 && against >= trendLimit) triggers.push(`trend ${fmt(risk.trendReturn * 100)}% against inventory`);
      if (triggers.length === 0) return { intent: withDiagnostics(intent, { riskOff: 0 }), state, reasons: [] };

      const long = risk.inventoryLots > 0;
      const short = risk.inventoryLots < 0;
      const bidFactor = short ? 1 : cfg.increasingSizeFactor;
      const askFactor = long ? 1 : cfg.increasingSizeFactor;
      const bidWiden = short ? 1 : cfg.increasingSpreadMultiplier;
      const askWiden = long ? 1 : cfg.increasingSpreadMultiplier;
      let out = widenSides(intent, intentCentreTicks(intent, risk.midTicks), bidWiden, askWiden);
      out = scaleSides(out, bidFactor, askFactor);
      out = withDiagnostics(out, { riskOff: 1 });
      const side = long ? 'bids' : short ? 'asks' : 'both sides (flat)';
      return {
        intent: out,
        state,
        reasons: [`risk-off (${triggers.join(', ')}): ${side} size x${fmt(cfg.increasingSizeFactor)}, spread x${fmt(cfg.increasingSpreadMultiplier)}`],
      };
    },
  };
}
