import { type ConfigOf, parseConfig } from '@mml/core';
import type { RiskOverlay } from './overlay';
import { referenceSigma } from './risk-state';
import { fmt, intentCentreTicks, scaleSides, widenSides } from './quote-transforms';

export const RISK_OFF_SCALING_SCHEMA = {
  volRatio: { type: 'number', default: 1.5, min: 0, exclusiveMin: true, unit: 'x sigmaTarget', doc: 'risk-off when sigma/sigmaTarget is at least this' },
  trendSigmas: { type: 'number', default: 2, min: 0, exclusiveMin: true, unit: 'sigmas', doc: 'risk-off when the trend return against the inventory exceeds this many sigma_ref x sqrt(trend bars)' },
  onSoftBreaker: { type: 'boolean', default: true, doc: 'risk-off while an earlier overlay reports breakerState >= 1 in diagnostics' },
  increasingSizeFactor: { type: 'number', default: 0.5, min: 0, max: 1, unit: 'fraction', doc: 'size scaling of the inventory-increasing side when risk-off' },
  increasingSpreadMultiplier: { type: 'number', default: 1.5, min: 1, unit: 'x', doc: 'distance-from-centre multiplier of the inventory-increasing side when risk-off' },
} as const;

export type RiskOffScalingConfig = ConfigOf<typeof RISK_OFF_SCALING_SCHEMA>;

/** riskOff (0/1), the numbers of its triggers, and breakerState, which it reads (written by the breaker, when there is one). */
const SLOTS = ['riskOff', 'riskOffSigmaRatio', 'riskOffBreaker', 'riskOffTrend', 'breakerState'] as const;

/**
 * Risk-off inventory scaling: when volatility is high, the soft breaker is on, or the trend runs
 * against the inventory, the inventory-increasing side (bids when long, asks when short, both when
 * flat) is shrunk and pushed away from the centre, so the quotes lean towards reducing inventory.
 * The reducing side is left alone (moving it closer could make it marketable). Stateless.
 */
export function riskOffScaling(config: unknown = {}): RiskOverlay<null> & { config: RiskOffScalingConfig } {
  const cfg = parseConfig(RISK_OFF_SCALING_SCHEMA, config, 'riskOffScaling');
  const text = (side: string) => (d: Readonly<Record<string, number>>) => {
    const triggers: string[] = [];
    if (d.riskOffSigmaRatio !== undefined) triggers.push(`sigma ${fmt(d.riskOffSigmaRatio)}x target`);
    if (d.riskOffBreaker === 1) triggers.push('breaker engaged');
    if (d.riskOffTrend !== undefined) triggers.push(`trend ${fmt(d.riskOffTrend * 100)}% against inventory`);
    return `risk-off (${triggers.join(', ')}): ${side} size x${fmt(cfg.increasingSizeFactor)}, spread x${fmt(cfg.increasingSpreadMultiplier)}`;
  };
  const reasons = [
    { name: 'risk-off: bids', text: text('bids') },
    { name: 'risk-off: asks', text: text('asks') },
    { name: 'risk-off: both sides (flat)', text: text('both sides (flat)') },
  ];
  return {
    name: 'risk-off',
    config: cfg,
    slots: SLOTS,
    reasons,
    bind(schema) {
      const [riskOffSlot, ratioSlot, breakerSlot, trendSlot, breakerStateSlot] = SLOTS.map((name) => schema.slot(name));
      const [bidsCode, asksCode, flatCode] = reasons.map((r) => schema.reason(r.name));
      let trendBars = NaN;
      let sqrtTrendBars = NaN;
      return {
        name: 'risk-off',
        state: null,
        // (and breakerState from the diagnostics, written by the breaker earlier in the same pass)
        reads: ['sigma', 'sigmaTarget', 'sigmaSlow', 'trendReturn', 'trendWindowBars', 'inventoryLots', 'midTicks'],
        // Stateless and blind to time.
        settled: () => true,
        apply(intent, risk) {
          const v = intent.diagnostics.values;
          const ratio = risk.sigma / risk.sigmaTarget;
          const byVolatility = Number.isFinite(ratio) && ratio >= cfg.volRatio;
          const byBreaker = cfg.onSoftBreaker && v[breakerStateSlot] >= 1;
          if (risk.trendWindowBars !== trendBars) {
            // sqrt(n) of the tracker's configured window, the same number on every event: kept.
            trendBars = risk.trendWindowBars;
            sqrtTrendBars = Math.sqrt(trendBars);
          }
          const trendLimit = cfg.trendSigmas * referenceSigma(risk) * sqrtTrendBars;
          const against = -Math.sign(risk.inventoryLots) * risk.trendReturn;
          const byTrend = risk.inventoryLots !== 0 && against >= trendLimit;
          if (!byVolatility && !byBreaker && !byTrend) {
            v[riskOffSlot] = 0;
            return;
          }
          if (byVolatility) v[ratioSlot] = ratio;
          if (byBreaker) v[breakerSlot] = 1;
          if (byTrend) v[trendSlot] = risk.trendReturn;
          const long = risk.inventoryLots > 0;
          const short = risk.inventoryLots < 0;
          const bidFactor = short ? 1 : cfg.increasingSizeFactor;
          const askFactor = long ? 1 : cfg.increasingSizeFactor;
          const bidWiden = short ? 1 : cfg.increasingSpreadMultiplier;
          const askWiden = long ? 1 : cfg.increasingSpreadMultiplier;
          widenSides(intent, intentCentreTicks(intent, risk.midTicks), bidWiden, askWiden);
          scaleSides(intent, bidFactor, askFactor);
          v[riskOffSlot] = 1;
          intent.diagnostics.addReason(long ? bidsCode : short ? asksCode : flatCode);
        },
      };
    },
  };
}
