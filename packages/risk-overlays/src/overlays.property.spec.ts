import fc from 'fast-check';
import { isUncrossed, type QuoteIntent, type QuoteLevel } from '@mml/core';
import type { AdverseMoveState } from './adverse-move-filter';
import { createStabilityOverlays } from './default-overlays';
import type { DrawdownBreakerState } from './drawdown-breaker';
import { quotesDiffer } from './overlay';
import type { RiskState } from './risk-state';
import { calmRisk, deepFreeze, harness, type TestIntent } from './risk-fixtures.test-helpers';

const levelsArb = (count: number) =>
  fc.tuple(fc.uniqueArray(fc.integer({ min: 1, max: 5000 }), { minLength: 0, maxLength: count }), fc.array(fc.integer({ min: 1, max: 1_000_000 }), { minLength: count, maxLength: count }));

const intentArb: fc.Arbitrary<TestIntent> = fc
  .tuple(fc.integer({ min: 10_000, max: 10_000_000 }), levelsArb(4), levelsArb(4))
  .map(([centre, [bidOffsets, bidSizes], [askOffsets, askSizes]]) => ({
    bids: [...bidOffsets].sort((a, b) => a - b).map((offset, i) => ({ priceTicks: centre - offset, sizeLots: bidSizes[i] })),
    asks: [...askOffsets].sort((a, b) => a - b).map((offset, i) => ({ priceTicks: centre + offset, sizeLots: askSizes[i] })),
  }));

const maybeNaN = (arb: fc.Arbitrary<number>) => fc.oneof(arb, fc.constant(NaN));

const stepArb = fc.record({
  intent: intentArb,
  dtMs: fc.integer({ min: 0, max: 3 * 3_600_000 }),
  sigma: maybeNaN(fc.double({ min: 0, max: 0.02, noNaN: true })),
  sigmaSlow: maybeNaN(fc.double({ min: 0, max: 0.01, noNaN: true })),
  recentReturn: fc.double({ min: -0.05, max: 0.05, noNaN: true }),
  trendReturn: fc.double({ min: -0.2, max: 0.2, noNaN: true }),
  equity: fc.double({ min: 5_000, max: 12_000, noNaN: true }),
  inventoryLots: fc.integer({ min: -1000, max: 1000 }),
  midOffset: fc.integer({ min: -100, max: 100 }),
});

/** Random but valid overlay parameters, so the invariants hold for any configuration, not only the defaults. */
const configArb = fc
  .record({
    slope: fc.double({ min: 0.01, max: 5, noNaN: true }),
    maxSpreadMultiplier: fc.double({ min: 1, max: 10, noNaN: true }),
    shrinkSize: fc.boolean(),
    k: fc.double({ min: 0.5, max: 6, noNaN: true }),
    soft: fc.double({ min: 0.01, max: 0.3, noNaN: true }),
    hardGap: fc.double({ min: 0.01, max: 0.3, noNaN: true }),
    cooldownMs: fc.integer({ min: 0, max: 7_200_000 }),
    increasingSpreadMultiplier: fc.double({ min: 1, max: 4, noNaN: true }),
    increasingSizeFactor: fc.double({ min: 0, max: 1, noNaN: true }),
  })
  .map((c) => ({
    volatilityWidening: { slope: c.slope, maxSpreadMultiplier: c.maxSpreadMultiplier, shrinkSize: c.shrinkSize },
    adverseMoveFilter: { k: c.k },
    drawdownBreaker: { softThreshold: c.soft, hardThreshold: c.soft + c.hardGap, haltThreshold: Math.min(1, c.soft + 2 * c.hardGap), cooldownMs: c.cooldownMs },
    riskOffScaling: { increasingSpreadMultiplier: c.increasingSpreadMultiplier, increasingSizeFactor: c.increasingSizeFactor },
  }));

function total(levels: QuoteLevel[]): number {
  return levels.reduce((sum, level) => sum + level.sizeLots, 0);
}

function strictlyOrdered(levels: QuoteLevel[], direction: 1 | -1): boolean {
  return levels.every((level, i) => i === 0 || direction * (level.priceTicks - levels[i - 1].priceTicks) > 0);
}

describe('overlay invariants (property-based)', () => {
  it('never cross, never add size or aggression, never quote a blocked side, always explain changes', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 1, maxLength: 30 }), configArb, (steps, config) => {
        const stack = harness(createStabilityOverlays(config));
        const states = stack.state;
        let now = 1_700_000_000_000;
        let peak = 10_000;
        for (const step of steps) {
          now += step.dtMs;
          peak = Math.max(peak, step.equity);
          const base = deepFreeze(step.intent);
          const centre = base.bids.length > 0 ? base.bids[0].priceTicks + 1 : base.asks.length > 0 ? base.asks[0].priceTicks - 1 : 3_000_000;
          const risk: RiskState = calmRisk({
            now,
            midTicks: centre + step.midOffset,
            sigma: step.sigma,
            sigmaSlow: step.sigmaSlow,
            recentReturn: step.recentReturn,
            trendReturn: step.trendReturn,
            equity: step.equity,
            peakEquity: peak,
            drawdown: (peak - step.equity) / 10_000,
            inventoryLots: step.inventoryLots,
          });
          const { intent: out } = stack.apply(base, deepFreeze(risk));

          expect(isUncrossed({ bids: out.bids, asks: out.asks })).toBe(true);
          expect(strictlyOrdered(out.bids, -1) && strictlyOrdered(out.asks, 1)).toBe(true);
          for (const [outSide, inSide] of [[out.bids, base.bids], [out.asks, base.asks]] as const) {
            expect(outSide.length).toBeLessThanOrEqual(inSide.length);
            expect(total(outSide)).toBeLessThanOrEqual(total(inSide));
            for (const level of outSide) {
              expect(Number.isInteger(level.priceTicks) && Number.isInteger(level.sizeLots) && level.sizeLots > 0).toBe(true);
              expect(level.sizeLots).toBeLessThanOrEqual(Math.max(...inSide.map((l) => l.sizeLots)));
            }
          }
          if (out.bids.length > 0) expect(out.bids[0].priceTicks).toBeLessThanOrEqual(base.bids[0].priceTicks);
          if (out.asks.length > 0) expect(out.asks[0].priceTicks).toBeGreaterThanOrEqual(base.asks[0].priceTicks);

          const adverse = states[1] as AdverseMoveState;
          const breaker = states[2] as DrawdownBreakerState;
          if (adverse.blocked === 'bids') expect(out.bids).toEqual([]);
          if (adverse.blocked === 'asks') expect(out.asks).toEqual([]);
          if (breaker.mode === 'hard' || breaker.mode === 'halted') expect(out.bids.length + out.asks.length).toBe(0);
          if (breaker.mode === 'soft' && step.inventoryLots > 0) expect(out.bids).toEqual([]);
          if (breaker.mode === 'soft' && step.inventoryLots < 0) expect(out.asks).toEqual([]);

          if (quotesDiffer(base as QuoteIntent, { bids: out.bids, asks: out.asks, flatten: out.flatten })) expect(out.reasons.length).toBeGreaterThan(0);
          for (const value of Object.values(out.diagnostics)) expect(Number.isFinite(value)).toBe(true);
        }
      }),
      { numRuns: 300, seed: 20260101 },
    );
  });
});
