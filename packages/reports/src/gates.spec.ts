import { ConfigError } from '@mml/core';
import { DEFAULT_GATES, evaluateGates, evaluateWalkForwardGate, parseGateThresholds, sharpeText, type WalkForwardGateInput } from './gates';

/** A walk-forward input whose PnL, Sharpe and fills all pass, so each test varies one thing. */
function wf(input: Partial<WalkForwardGateInput>): WalkForwardGateInput {
  return { foldVerdicts: [true], hardBreaches: 0, threshold: 0.5, oosPnlSum: 10, oosSharpeMean: 1, insufficientFillFolds: 0, minFillsForStatistics: 30, ...input };
}
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
    expect(strict).toEqual({ minPnl: 0, minSharpe: 1, maxDrawdown: 0.1, minFillsForStatistics: 30 });
    expect(evaluateGates(metricsFixture({ sharpe: 0.9 }), strict).sharpe).toBe(false);
    expect(evaluateGates(metricsFixture({ maxDrawdown: 0.2 }), strict).drawdown).toBe(false);
    expect(() => parseGateThresholds({ maxDrawdown: 1.5 })).toThrow(ConfigError);
    expect(() => parseGateThresholds({ maxDD: 0.3 })).toThrow(/gates\.maxDD/);
    expect(DEFAULT_GATES).toEqual({ minPnl: 0, minSharpe: 0, maxDrawdown: 0.4, minFillsForStatistics: 30 });
  });

  it('fails the Sharpe gate with "insufficient fills" below minFillsForStatistics, whatever the Sharpe', () => {
    const noisy = evaluateGates(metricsFixture({ fills: 29, sharpe: 15.5, pnl: 10 }));
    expect(noisy).toMatchObject({ pnl: true, sharpe: false, enoughFills: false, pass: false });
    expect(noisy.reasons[1]).toBe('FAIL sharpe: insufficient fills (29 < 30)');
    expect(sharpeText(metricsFixture({ fills: 29, sharpe: 15.5 }))).toBe('insufficient fills');
    expect(evaluateGates(metricsFixture({ fills: 30, sharpe: 0.5 }))).toMatchObject({ sharpe: true, enoughFills: true, pass: true });
    expect(sharpeText(metricsFixture({ fills: 30, sharpe: 0.5 }))).toBe('0.50');
    expect(evaluateGates(metricsFixture({ fills: 3 }), parseGateThresholds({ minFillsForStatistics: 0 })).sharpe).toBe(true);
  });
});

describe('evaluateWalkForwardGate', () => {
  it('passes when the pass rate reaches the threshold and no hard breaker fired', () => {
    const verdict = evaluateWalkForwardGate(wf({ foldVerdicts: [true, { pass: true }, false, { pass: false }] }));
    expect(verdict).toMatchObject({ passRate: 0.5, threshold: 0.5, hardBreaches: 0, pass: true });
    expect(verdict.reasons[0]).toBe('PASS pass rate 2/4 = 50.00% >= 50.00%');
  });

  it('fails below the threshold', () => {
    const verdict = evaluateWalkForwardGate(wf({ foldVerdicts: [true, false, false] }));
    expect(verdict.passRate).toBeCloseTo(1 / 3, 12);
    expect(verdict.pass).toBe(false);
    expect(verdict.reasons[0]).toMatch(/^FAIL pass rate 1\/3/);
  });

  it('fails on any hard-breaker breach even when every fold passes', () => {
    const verdict = evaluateWalkForwardGate(wf({ foldVerdicts: [true, true], hardBreaches: 1 }));
    expect(verdict).toMatchObject({ passRate: 1, pass: false });
    expect(verdict.reasons[4]).toBe('FAIL 1 hard-breaker breach');
  });

  it('never passes without folds, and rejects nonsense inputs', () => {
    expect(evaluateWalkForwardGate(wf({ foldVerdicts: [], threshold: 0 }))).toMatchObject({ passRate: 0, pass: false });
    expect(() => evaluateWalkForwardGate(wf({ threshold: 1.2 }))).toThrow(/threshold/);
    expect(() => evaluateWalkForwardGate(wf({ hardBreaches: -1 }))).toThrow(/hardBreaches/);
  });

  it('fails a format whose folds pass but whose summed out-of-sample PnL is negative', () => {
    // 2 of 3 folds pass by a little, the third loses more: pass rate 67% >= 50% is not enough.
    const verdict = evaluateWalkForwardGate(wf({ foldVerdicts: [true, true, false], oosPnlSum: 3 + 2 - 12, oosSharpeMean: 0.4 }));
    expect(verdict.passRate).toBeCloseTo(2 / 3, 12);
    expect(verdict.pass).toBe(false);
    expect(verdict.reasons[0]).toMatch(/^PASS pass rate 2\/3/);
    expect(verdict.reasons[1]).toBe('FAIL summed out-of-sample PnL -7.00 <= 0');
    expect(verdict.reasons[2]).toBe('PASS mean out-of-sample Sharpe 0.40 > 0');
  });

  it('fails on a negative mean out-of-sample Sharpe and on folds with insufficient fills, each with its own reason', () => {
    const sharpe = evaluateWalkForwardGate(wf({ foldVerdicts: [true, true, true, false], oosSharpeMean: -2.11 }));
    expect(sharpe.pass).toBe(false);
    expect(sharpe.reasons.filter((r) => r.startsWith('FAIL'))).toEqual(['FAIL mean out-of-sample Sharpe -2.11 <= 0']);
    const thin = evaluateWalkForwardGate(wf({ foldVerdicts: [true, true], insufficientFillFolds: 1 }));
    expect(thin.pass).toBe(false);
    expect(thin.reasons.filter((r) => r.startsWith('FAIL'))).toEqual(['FAIL insufficient fills: 1/2 out-of-sample folds have < 30 fills (their Sharpe is noise)']);
    const ok = evaluateWalkForwardGate(wf({ foldVerdicts: [true, false] }));
    expect(ok.pass).toBe(true);
    expect(ok.reasons).toHaveLength(5);
    expect(ok.reasons.every((r) => r.startsWith('PASS'))).toBe(true);
  });
});
