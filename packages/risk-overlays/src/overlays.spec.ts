import { ConfigError, SeededRandom } from '@mml/core';
import { adverseMoveFilter } from './adverse-move-filter';
import { drawdownBreaker } from './drawdown-breaker';
import { composeOverlays, type RiskOverlay } from './overlay';
import { riskOffScaling } from './risk-off-scaling';
import { volatilityWidening } from './volatility-widening';
import { createStabilityOverlays } from './default-overlays';
import { calmRisk, deepFreeze, harness, run, symmetricIntent } from './risk-fixtures.test-helpers';

const MIN = 60_000;

describe('calm path', () => {
  it('every overlay, and the full stack, leaves quotes and reasons untouched', () => {
    const stack = createStabilityOverlays();
    const h = harness(stack);
    for (let i = 0; i < 200; i++) {
      const intent = deepFreeze(symmetricIntent(300 + (i % 7), 50 + i));
      // Small oscillating moves, sigma below target, slightly positive equity drift.
      const risk = calmRisk({ now: i * MIN, recentReturn: 0.001 * Math.sin(i), trendReturn: 0.002 * Math.cos(i), equity: 10_000 + i, peakEquity: 10_000 + i });
      const result = h.apply(intent, risk);
      expect(result.intent.bids).toEqual(intent.bids);
      expect(result.intent.asks).toEqual(intent.asks);
      expect(result.intent.flatten).toBeUndefined();
      expect(result.intent.reasons).toEqual([]);
      expect(result.intent.diagnostics.breakerState).toBe(0);
    }
    expect(stack.order).toEqual(['vol-widen', 'adverse-move', 'drawdown-breaker', 'risk-off']);
  });
});

describe('volatilityWidening', () => {
  const overlay = volatilityWidening({ slope: 0.5, maxSpreadMultiplier: 3, minSizeFactor: 0.25 });

  it('widens by 1 + slope x (ratio - 1) around the centre and shrinks sizes by 1/m', () => {
    const result = run(overlay, symmetricIntent(500, 100), calmRisk({ sigma: 0.003 }));
    // ratio 3 -> m = 2: half-spread 500 -> 1000 ticks; size 100 -> 50 lots.
    expect(result.intent.bids).toEqual([{ priceTicks: 2_999_000, sizeLots: 50 }]);
    expect(result.intent.asks).toEqual([{ priceTicks: 3_001_000, sizeLots: 50 }]);
    expect(result.reasons).toEqual(['vol-widen: sigma 3.00x target, spread x2.00, size x0.50']);
    expect(result.intent.diagnostics.volSpreadMultiplier).toBe(2);
  });

  it('is continuous at the start ratio and bounded above', () => {
    const just = run(overlay, symmetricIntent(500, 100), calmRisk({ sigma: 0.00101 }));
    expect(just.intent.bids[0].priceTicks).toBeGreaterThanOrEqual(2_999_497);
    const extreme = run(overlay, symmetricIntent(500, 100), calmRisk({ sigma: 1 }));
    expect(extreme.intent.diagnostics.volSpreadMultiplier).toBe(3);
    expect(extreme.intent.bids[0]).toEqual({ priceTicks: 2_998_500, sizeLots: 33 });
  });

  it('stays out of the way during warm-up (sigma NaN)', () => {
    const intent = symmetricIntent();
    const result = run(overlay, intent, calmRisk({ sigma: NaN }));
    expect(result.intent.bids).toEqual(intent.bids);
    expect(result.reasons).toEqual([]);
  });
});

describe('adverseMoveFilter', () => {
  const overlay = adverseMoveFilter({ k: 3, minMove: 0.004, holdMs: 10 * MIN, settleFraction: 0.5 });

  it('pulls bids after a sharp fall, holds, and releases once settled', () => {
    // Threshold: max(0.004, 3 x 0.0005 x sqrt 5 = 0.00335) = 0.004.
    const h = harness(overlay);
    const fall = h.apply(symmetricIntent(), calmRisk({ now: 0, recentReturn: -0.01 }));
    expect(fall.intent.bids).toEqual([]);
    expect(fall.intent.asks).toHaveLength(1);
    expect(fall.intent.diagnostics.adverseBlock).toBe(-1);
    expect(fall.reasons[0]).toMatch(/^adverse-move: bids pulled after fall, -1.00% over 5 bars/);
    // Calm again but inside the hold: still blocked.
    const holding = h.apply(symmetricIntent(), calmRisk({ now: 5 * MIN, recentReturn: 0 }));
    expect(holding.intent.bids).toEqual([]);
    // After the hold but the move has not settled (|r| >= 0.5 x threshold): still blocked.
    const unsettled = h.apply(symmetricIntent(), calmRisk({ now: 11 * MIN, recentReturn: -0.003 }));
    expect(unsettled.intent.bids).toEqual([]);
    const settled = h.apply(symmetricIntent(), calmRisk({ now: 12 * MIN, recentReturn: -0.001 }));
    expect(settled.intent.bids).toHaveLength(1);
    expect(settled.reasons).toEqual([]);
  });

  it('pulls asks after a sharp rise, and ignores moves below the threshold', () => {
    const rise = run(overlay, symmetricIntent(), calmRisk({ recentReturn: 0.006 }));
    expect(rise.intent.asks).toEqual([]);
    expect(rise.intent.bids).toHaveLength(1);
    const small = run(overlay, symmetricIntent(), calmRisk({ recentReturn: -0.0039 }));
    expect(small.intent.bids).toHaveLength(1);
    expect(small.state.blocked).toBe('none');
  });

  it('scales the threshold with the slow realised sigma', () => {
    // sigmaSlow 0.002: threshold 3 x 0.002 x sqrt 5 = 1.34%, so a 1% fall is not sharp.
    const result = run(overlay, symmetricIntent(), calmRisk({ sigmaSlow: 0.002, recentReturn: -0.01 }));
    expect(result.intent.bids).toHaveLength(1);
  });
});

describe('drawdownBreaker', () => {
  const overlay = drawdownBreaker({ softThreshold: 0.1, hardThreshold: 0.2, haltThreshold: 0.35, softHysteresis: 0.02, cooldownMs: 60 * MIN, reentryRampMs: 60 * MIN, reentryInitialFraction: 0.25 });
  const at = (now: number, equity: number, peak = 10_000, inventoryLots = 0) => calmRisk({ now, equity, peakEquity: peak, drawdown: Math.max(0, (peak - equity) / 10_000), inventoryLots });

  it('soft: widens, shrinks and quotes only the inventory-reducing side; marks the trip once', () => {
    const h = harness(overlay);
    const trip = h.apply(symmetricIntent(500, 100), at(0, 8_900, 10_000, 5));
    expect(trip.intent.diagnostics).toMatchObject({ breakerState: 1, breakerTrip: 1 });
    expect(trip.intent.bids).toEqual([]); // long: buying would increase inventory
    expect(trip.intent.asks).toEqual([{ priceTicks: 3_000_750, sizeLots: 50 }]);
    expect(trip.reasons[0]).toMatch(/soft at drawdown 11.0%.*asks only/);
    const again = h.apply(symmetricIntent(500, 100), at(MIN, 8_900, 10_000, -5));
    expect(again.intent.diagnostics.breakerTrip).toBeUndefined();
    expect(again.intent.asks).toEqual([]);
    expect(again.intent.bids).toHaveLength(1);
    // Hysteresis: 9% drawdown keeps it soft, 7% releases it.
    const sticky = h.apply(symmetricIntent(), at(2 * MIN, 9_100));
    expect(sticky.state.mode).toBe('soft');
    const released = h.apply(symmetricIntent(), at(3 * MIN, 9_300));
    expect(released.state.mode).toBe('normal');
    expect(released.reasons).toEqual([]);
  });

  it('hard: cancels, flattens once, stays off for the cooldown, then ramps back in', () => {
    const h = harness(overlay);
    const trip = h.apply(symmetricIntent(500, 100), at(0, 7_900, 10_000, 5));
    expect(trip.intent.bids).toEqual([]);
    expect(trip.intent.asks).toEqual([]);
    expect(trip.intent.flatten).toBe(true);
    expect(trip.intent.diagnostics).toMatchObject({ breakerState: 2, breakerTrip: 1 });
    const off = h.apply(symmetricIntent(500, 100), at(59 * MIN, 7_850));
    expect(off.intent.bids).toEqual([]);
    expect(off.intent.flatten).toBeUndefined();
    expect(off.intent.diagnostics.breakerTrip).toBeUndefined();
    const back = h.apply(symmetricIntent(500, 100), at(60 * MIN, 7_850));
    expect(back.intent.bids).toEqual([{ priceTicks: 2_999_500, sizeLots: 25 }]);
    expect(back.intent.diagnostics.breakerState).toBe(1);
    const half = h.apply(symmetricIntent(500, 100), at(90 * MIN, 7_850));
    expect(half.intent.bids[0].sizeLots).toBe(62); // 0.25 + 0.75 x 0.5 = 0.625
    const full = h.apply(symmetricIntent(500, 100), at(120 * MIN, 7_850));
    expect(full.intent.bids[0].sizeLots).toBe(100);
    expect(full.intent.diagnostics.breakerState).toBe(0);
    expect(full.reasons).toEqual([]);
  });

  it('halts for good when the all-time drawdown reaches the halt threshold', () => {
    const h = harness(overlay);
    const trip = h.apply(symmetricIntent(), at(0, 6_400));
    expect(trip.state.mode).toBe('halted');
    expect(trip.intent.flatten).toBe(true);
    const later = h.apply(symmetricIntent(), at(1000 * MIN, 20_000, 20_000));
    expect(later.intent.bids).toEqual([]);
  });

  it('rejects inconsistent thresholds naming the key', () => {
    expect(() => drawdownBreaker({ softThreshold: 0.3, hardThreshold: 0.2 })).toThrow(/drawdownBreaker.hardThreshold/);
    expect(() => drawdownBreaker({ hardThreshold: 1.5 })).toThrow(ConfigError);
  });
});

describe('riskOffScaling', () => {
  const overlay = riskOffScaling({ volRatio: 1.5, trendSigmas: 2, increasingSizeFactor: 0.5, increasingSpreadMultiplier: 2 });

  it('shrinks and pushes away only the inventory-increasing side when volatility is high', () => {
    const result = run(overlay, symmetricIntent(500, 100), calmRisk({ sigma: 0.002, inventoryLots: 10 }));
    expect(result.intent.bids).toEqual([{ priceTicks: 2_999_000, sizeLots: 50 }]);
    expect(result.intent.asks).toEqual([{ priceTicks: 3_000_500, sizeLots: 100 }]);
    expect(result.reasons[0]).toMatch(/^risk-off \(sigma 2.00x target\): bids size x0.50/);
  });

  it('triggers on a trend against the inventory, not on one in its favour', () => {
    // Threshold 2 x 0.0005 x sqrt 30 = 0.55%.
    const against = run(overlay, symmetricIntent(500, 100), calmRisk({ inventoryLots: -10, trendReturn: 0.01 }));
    expect(against.intent.asks[0].sizeLots).toBe(50);
    const favour = run(overlay, symmetricIntent(500, 100), calmRisk({ inventoryLots: 10, trendReturn: 0.01 }));
    expect(favour.reasons).toEqual([]);
  });

  it('reads the breaker state left in diagnostics by an earlier overlay', () => {
    const intent = { ...symmetricIntent(500, 100), diagnostics: { breakerState: 1 } };
    const result = run(overlay, intent, calmRisk());
    expect(result.intent.bids[0].sizeLots).toBe(50);
    expect(result.intent.asks[0].sizeLots).toBe(50);
  });
});

describe('composeOverlays', () => {
  it('applies in order, appends each reason, and refuses silent changes', () => {
    const stack = composeOverlays([volatilityWidening(), drawdownBreaker()]);
    const result = run(stack, symmetricIntent(), calmRisk({ sigma: 0.003, equity: 9000, drawdown: 0.1 }));
    expect(result.intent.reasons.map((r) => r.split(':')[0])).toEqual(['vol-widen', 'drawdown-breaker']);
    const silent: RiskOverlay<null> = { name: 'silent', slots: [], reasons: [], bind: () => ({ name: 'silent', state: null, apply: (intent) => intent.setBidCount(0) }) };
    expect(() => run(composeOverlays([silent]), symmetricIntent(), calmRisk())).toThrow(/silent.*without a reason/);
    // Checked against the quotes each overlay receives: after a reasoned change, a no-op passes and a silent change throws.
    const noop: RiskOverlay<null> = { name: 'noop', slots: [], reasons: [], bind: () => ({ name: 'noop', state: null, apply: () => undefined }) };
    const volatile = calmRisk({ sigma: 0.003 });
    expect(run(composeOverlays([volatilityWidening(), noop]), symmetricIntent(), volatile).intent.reasons.map((r) => r.split(':')[0])).toEqual(['vol-widen']);
    expect(() => run(composeOverlays([volatilityWidening(), silent]), symmetricIntent(), volatile)).toThrow(/silent.*without a reason/);
    expect(() => composeOverlays([volatilityWidening(), volatilityWidening()])).toThrow(/twice/);
  });
});

describe('thresholds with sqrt(window bars) kept between applications', () => {
  // The overlays keep sqrt(n) of the window they last read; with n changing between applications
  // (it is the tracker's configured window, fixed in a run), every threshold must still be the
  // formula's number, bit for bit: a threshold exactly at the move triggers, one ulp above does not.
  const windows = [5, 5, 7, 12, 12, 5, 30];

  it('adverse-move: k x sigma_ref x sqrt(n), and the move in sigmas, for the window of each application', () => {
    const rng = new SeededRandom(31);
    const h = harness(adverseMoveFilter({ k: 3, minMove: 0, holdMs: 0, settleFraction: 0 }));
    for (let i = 0; i < 700; i++) {
      const n = windows[i % windows.length];
      const sigmaSlow = 0.0002 + 0.002 * rng.uniform();
      const limit = 3 * sigmaSlow * Math.sqrt(n);
      // Exactly at the threshold (a sharp fall: triggers) or a few ulps inside it (does not).
      const exact = i % 2 === 0;
      const move = exact ? -limit : -limit * (1 - 4 * Number.EPSILON);
      const result = h.apply(symmetricIntent(), calmRisk({ now: i, sigmaSlow, returnWindowBars: n, recentReturn: move }));
      expect(Object.is(result.intent.diagnostics.adverseMoveSigmas, move / (sigmaSlow * Math.sqrt(n)))).toBe(true);
      if (exact) expect(result.intent.diagnostics.adverseTriggered).toBe(1);
      else expect(result.intent.diagnostics.adverseTriggered).toBe(0);
    }
  });

  it('risk-off: trendSigmas x sigma_ref x sqrt(n) for the trend window of each application', () => {
    const rng = new SeededRandom(32);
    const h = harness(riskOffScaling({ volRatio: 100, trendSigmas: 2, onSoftBreaker: false }));
    for (let i = 0; i < 700; i++) {
      const n = windows[i % windows.length];
      const sigmaSlow = 0.0002 + 0.002 * rng.uniform();
      const limit = 2 * sigmaSlow * Math.sqrt(n);
      const exact = i % 2 === 0;
      // Long inventory, the trend against it (a fall) exactly at the limit, or just short of it.
      const trendReturn = exact ? -limit : -limit * (1 - 4 * Number.EPSILON);
      const result = h.apply(symmetricIntent(), calmRisk({ sigmaSlow, inventoryLots: 10, trendWindowBars: n, trendReturn }));
      expect(result.intent.diagnostics.riskOff).toBe(exact ? 1 : 0);
    }
  });
});
