import { type ConfigOf, parseConfig } from '@mml/core';
import type { RiskOverlay } from './overlay';
import { fmt, intentCentreTicks, scaleSides, widenSides } from './quote-transforms';

export const VOLATILITY_WIDENING_SCHEMA = {
  startRatio: { type: 'number', default: 1, min: 0, exclusiveMin: true, unit: 'x sigmaTarget', doc: 'sigma/sigmaTarget above which widening starts' },
  slope: { type: 'number', default: 0.5, min: 0, exclusiveMin: true, unit: 'spread multiple per unit of ratio', doc: 'spread multiplier = 1 + slope x (ratio - startRatio)' },
  maxSpreadMultiplier: { type: 'number', default: 3, min: 1, unit: 'x', doc: 'upper bound of the spread multiplier' },
  shrinkSize: { type: 'boolean', default: true, doc: 'also scale sizes by 1 / spread multiplier' },
  minSizeFactor: { type: 'number', default: 0.25, min: 0, max: 1, unit: 'fraction', doc: 'sizes are never scaled below this fraction by this overlay' },
} as const;

export type VolatilityWideningConfig = ConfigOf<typeof VOLATILITY_WIDENING_SCHEMA>;

const SLOTS = ['volRatio', 'volSpreadMultiplier', 'volSizeFactor'] as const;
const REASONS = [
  {
    name: 'vol-widen',
    text: (d: Readonly<Record<string, number>>) =>
      `vol-widen: sigma ${fmt(d.volRatio)}x target, spread x${fmt(d.volSpreadMultiplier)}${d.volSizeFactor < 1 ? `, size x${fmt(d.volSizeFactor)}` : ''}`,
  },
];

/**
 * Volatility-targeted spread widening: when realised sigma rises above the target, every quote's
 * distance from the intent's centre is multiplied by m = min(max, 1 + slope x (sigma/target - start)).
 * Continuous in sigma (no jump at the start ratio) and bounded. Optionally sizes shrink by 1/m.
 * Stateless; out of the way while sigma is unknown (warm-up) or at/below the start ratio.
 */
export function volatilityWidening(config: unknown = {}): RiskOverlay<null> & { config: VolatilityWideningConfig } {
  const cfg = parseConfig(VOLATILITY_WIDENING_SCHEMA, config, 'volatilityWidening');
  return {
    name: 'vol-widen',
    config: cfg,
    slots: SLOTS,
    reasons: REASONS,
    bind(schema) {
      const ratioSlot = schema.slot('volRatio');
      const multiplierSlot = schema.slot('volSpreadMultiplier');
      const sizeSlot = schema.slot('volSizeFactor');
      const widened = schema.reason('vol-widen');
      return {
        name: 'vol-widen',
        state: null,
        reads: ['sigma', 'sigmaTarget', 'midTicks'],
        // Stateless and blind to time.
        settled: () => true,
        apply(intent, risk) {
          const d = intent.diagnostics;
          const ratio = risk.sigma / risk.sigmaTarget;
          d.values[ratioSlot] = ratio;
          if (!Number.isFinite(ratio) || ratio <= cfg.startRatio) return;
          const multiplier = Math.min(cfg.maxSpreadMultiplier, 1 + cfg.slope * (ratio - cfg.startRatio));
          const sizeFactor = cfg.shrinkSize ? Math.max(cfg.minSizeFactor, 1 / multiplier) : 1;
          const centre = intentCentreTicks(intent, risk.midTicks);
          widenSides(intent, centre, multiplier, multiplier);
          scaleSides(intent, sizeFactor, sizeFactor);
          d.values[multiplierSlot] = multiplier;
          d.values[sizeSlot] = sizeFactor;
          d.addReason(widened);
        },
      };
    },
  };
}
