import { ConfigError } from '@mml/core';
import { DEFAULT_GATES, evaluateGates, evaluateWalkForwardGate, parseGateThresholds } from './gates';
import { metricsFixture } from './fixtures.test-helpers';

describe('evaluateGates', () => {
  it('passes a profitable run with positive Sharpe and drawdown within 40% of the initial budget', () => {
    const verdict = evaluateGates(metricsFixture({ pnl: 1, sharpe: 0.01, maxDrawdown: 0.4 }));
    expect(verdict).toMatchObject({ pnl: true, sharpe: true, drawdown: true, pass: true });
    expect(verdict.reasons).toHaveLength(3);
    expect(verdict.reasons.every((r) => r.startsWith('PASS'))).toBe(true);
  });

  it('fails each gate on its own boundary: pnl = 0, sharpe = 0, drawdown just above 40%', () => {
    expect(evaluateGates(metricsFixture({ pnl: 0 }))).toMatchObject({ pnl: false, sharpe: true, drawdown: true, pass: false });
    expect(evaluateGates(metricsFixture({ sharpe: 0 }))).toMatchObject({ pnl: true, sharpe: false, pass: false });
    const dd = evaluateGates(metricsFixture({ maxDrawdown: 0.4000001 }));
    expect(dd).toMatchObject({ drawdown: false, pass: false });
    expect(dd.reasons[2]).toMatch(/^FAIL maxDrawdown 40\.00% > 40\.00% of initial budget$/);
  });

  it('fails non-finite metrics instead of letting NaN compare its way through', () => {
    const verdict = evaluateGates(metricsFixture({ sharpe: NaN, maxDrawdown: NaN }));
    expect(verdict).toMatchObject({ pnl: true, sharpe: false, drawdown: false, pass: false });
    expect(verdict.reasons[1]).toBe('FAIL sharpe NaN <= 0');
  });

  it('uses configurable thresholds, parsed strictly', () => {
    const strict = parseGateThresholds({ minSharpe: 1, maxDrawdown: 0.1 });
    expect(strict).toEqual({ minPnl: 0, minSharpe: 1, maxDrawdown: 0.1 });
    expect(evaluateGates(metricsFixture({ sharpe: 0.9 }), strict).sharpe).toBe(false);
    expect(evaluateGates(metricsFixture({ maxDrawdown: 0.2 }), strict).drawdown).toBe(false);
    expect(() => parseGateThresholds({ maxDrawdown: 1.5 })).toThrow(ConfigError);
    expect(() => parseGateThresholds({ maxDD: 0.3 })).toThrow(/gates\.maxDD/);
    expect(DEFAULT_GATES).toEqual({ minPnl: 0, minSharpe: 0, maxDrawdown: 0.4 });
  });
});

describe('evaluateWalkForwardGate', () => {
  it('passes when the pass rate reaches the threshold and no hard breaker fired', () => {
    const verdict = evaluateWalkForwardGate({ foldVerdicts: [true, { pass: true }, false, { pass: false }], hardBreaches: 0, threshold: 0.5 });
    expect(verdict).toMatchObject({ passRate: 0.5, threshold: 0.5, hardBreaches: 0, pass: true });
    expect(verdict.reasons[0]).toBe('PASS pass rate 2/4 = 50.00% >= 50.00%');
  });

  it('fails below the threshold', () => {
    const verdict = evaluateWalkForwardGate({ foldVerdicts: [true, false, false], hardBreaches: 0, threshold: 0.5 });
    expect(verdict.passRate).toBeCloseTo(1 / 3, 12);
    expect(verdict.pass).toBe(false);
    expect(verdict.reasons[0]).toMatch(/^FAIL pass rate 1\/3/);
  });

  it('fails on any hard-breaker breach even when every fold passes', () => {
    const verdict = evaluateWalkForwardGate({ foldVerdicts: [true, true], hardBreaches: 1, threshold: 0.5 });
    expect(verdict).toMatchObject({ passRate: 1, pass: false });
    expect(verdict.reasons[1]).toBe('FAIL 1 hard-breaker breach');
  });

  it('never passes without folds, and rejects nonsense inputs', () => {
    expect(evaluateWalkForwardGate({ foldVerdicts: [], hardBreaches: 0, threshold: 0 })).toMatchObject({ passRate: 0, pass: false });
    expect(() => evaluateWalkForwardGate({ foldVerdicts: [true], hardBreaches: 0, threshold: 1.2 })).toThrow(/threshold/);
    expect(() => evaluateWalkForwardGate({ foldVerdicts: [true], hardBreaches: -1, threshold: 0.5 })).toThrow(/hardBreaches/);
  });
});
