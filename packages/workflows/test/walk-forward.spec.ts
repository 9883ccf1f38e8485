import { BINANCE_BTCUSDT_SPOT } from '@mml/core';
import { runWalkForwardAnalysis } from '../src/walk-forward';
import { syntheticCandles } from '../src/market-candles';

describe('runWalkForwardAnalysis (in-process)', () => {
  // 3 days of synthetic 1m bars: 1-day train, 1-day test -> 2 folds.
  const candles = syntheticCandles(3, 11);
  const base = {
    candles,
    instrument: { ...BINANCE_BTCUSDT_SPOT },
    trainDays: 1,
    testDays: 1,
    mode: 'rolling' as const,
    threshold: 0.5,
    budget: 10_000,
    seed: 4,
    workers: 1,
  };

  it('picks the candidate with the best in-sample Sharpe and evaluates it on the test window', async () => {
    const result = await runWalkForwardAnalysis({ ...base, formats: ['fixed-spread'], search: { kind: 'grid', trials: 3, seed: 1 } });
    expect(result.windows).toHaveLength(2);
    const rows = result.rows;
    expect(rows.map((r) => `${r.fold}:${r.phase}`)).toEqual(['0:in-sample', '0:out-of-sample', '1:in-sample', '1:out-of-sample']);
    for (const r of rows) expect(r.params).toEqual(rows[r.fold === 0 ? 0 : 2].params);
    // The test run starts after the train window ends: no bar of the test window was seen in training.
    for (const w of result.windows) {
      const ins = rows.find((r) => r.fold === w.fold && r.phase === 'in-sample');
      const oos = rows.find((r) => r.fold === w.fold && r.phase === 'out-of-sample');
      expect(ins?.metrics.endTs).toBeLessThanOrEqual(w.trainEnd);
      expect(oos?.metrics.startTs).toBeGreaterThanOrEqual(w.testStart);
    }
    const [verdict] = result.walkForward;
    const oosPass = rows.filter((r) => r.phase === 'out-of-sample' && r.gates.pass).length;
    expect(verdict.passRate).toBe(oosPass / 2);
  });

  it('keeps every candidate, sums out-of-sample PnL into the gate, and reports PBO and the deflated Sharpe', async () => {
    const result = await runWalkForwardAnalysis({ ...base, formats: ['fixed-spread'], search: { kind: 'grid', trials: 3, seed: 1 } });
    const [w] = result.walkForward;
    const oos = result.rows.filter((r) => r.phase === 'out-of-sample');
    expect(w.oosPnlSum).toBeCloseTo(oos[0].metrics.pnl + oos[1].metrics.pnl, 9);
    expect(w.oosSharpeMean).toBeCloseTo((oos[0].metrics.sharpe + oos[1].metrics.sharpe) / 2, 12);
    expect(w.insufficientFillFolds).toBe(oos.filter((r) => r.metrics.fills < 30).length);
    // The gate's own reason lines, one per condition.
    expect(w.reasons.map((r) => r.replace(/^(PASS|FAIL) /, '').split(' ').slice(0, 2).join(' '))).toEqual(['pass rate', 'summed out-of-sample', 'mean out-of-sample', expect.any(String), expect.any(String)]);
    if (w.oosPnlSum <= 0) expect(w.pass).toBe(false);
    // Every candidate of every fold, the chosen one flagged, its metrics those of the in-sample row.
    expect(w.candidates).toHaveLength(2 * 3);
    for (const fold of [0, 1]) {
      const own = (w.candidates ?? []).filter((c) => c.fold === fold);
      const chosen = own.filter((c) => c.selected);
      expect(chosen).toHaveLength(1);
      const ins = result.rows.find((r) => r.fold === fold && r.phase === 'in-sample');
      expect(chosen[0].params).toEqual(ins?.params);
      expect(chosen[0].metrics).toEqual(ins?.metrics);
      expect(Math.max(...own.map((c) => c.metrics.sharpe))).toBe(chosen[0].metrics.sharpe);
    }
    expect(result.candidateRows).toHaveLength(6);
    expect(result.candidateRows.every((r) => r.phase === 'candidate' && r.attribution !== undefined)).toBe(true);
    // Grid search: the same 3 candidates in both folds, so CSCV is defined (2 folds -> 2 splits: 0, 0.5 or 1).
    expect([0, 0.5, 1]).toContain(w.pbo);
    expect(w.deflatedSharpe).not.toBeNull();
    expect(w.deflatedSharpe as number).toBeGreaterThanOrEqual(0);
    expect(w.deflatedSharpe as number).toBeLessThanOrEqual(1);
    // Out-of-sample rows carry the attribution and fee tier.
    for (const r of oos) {
      expect(r.makerFeeBps).toBe(10);
      expect(r.attribution?.spreadCapture).toEqual(expect.any(Number));
    }
  });

  it('trains rl-enhanced on the train window and evaluates the learned policy frozen on the test window', async () => {
    const result = await runWalkForwardAnalysis({ ...base, formats: ['rl-enhanced'], search: { kind: 'grid', trials: 3, seed: 1 } });
    const rows = result.rows;
    expect(rows).toHaveLength(4);
    // One training run per fold (no parameter search for a learning format).
    expect(rows.filter((r) => r.phase === 'in-sample').every((r) => Object.keys(r.params ?? {}).length === 0)).toBe(true);
    expect(result.learningVsBase).toEqual([]); // its base (as-stable) was not run
    // Deterministic: the same inputs give the same rows.
    const again = await runWalkForwardAnalysis({ ...base, formats: ['rl-enhanced'], search: { kind: 'grid', trials: 3, seed: 1 } });
    expect(JSON.stringify(again.rows)).toBe(JSON.stringify(rows));
  });

  it('compares a learning format with its base fold by fold, out of sample', async () => {
    const result = await runWalkForwardAnalysis({ ...base, formats: ['as-stable', 'rl-enhanced'], search: { kind: 'grid', trials: 1, seed: 1 } });
    const [c] = result.learningVsBase;
    const oos = (f: string) => result.rows.filter((r) => r.format === f && r.phase === 'out-of-sample');
    expect(c).toMatchObject({ format: 'rl-enhanced', base: 'as-stable', folds: 2 });
    expect(c.foldsBetter).toBe(oos('rl-enhanced').filter((r, i) => r.metrics.pnl > oos('as-stable')[i].metrics.pnl).length);
    expect(c.baseMeanPnl).toBeCloseTo((oos('as-stable')[0].metrics.pnl + oos('as-stable')[1].metrics.pnl) / 2, 9);
  });
});
