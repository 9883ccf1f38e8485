import type { RunMetrics } from '@mml/core';
import { DEFAULT_GATES, evaluateGates, type GateThresholds } from './gates';
import type { ResultRow } from './run-summary';

/** A result row without its verdict: what a caller knows after a run. */
export type UnjudgedRow = Omit<ResultRow, 'gates' | 'reasons'> & { metrics: RunMetrics };

/** Judges one run with the research gates and returns the complete row (gates + reasons filled in). */
export function judgeRow(row: UnjudgedRow, thresholds: GateThresholds = DEFAULT_GATES): ResultRow {
  const verdict = evaluateGates(row.metrics, thresholds);
  return { ...row, gates: { pnl: verdict.pnl, sharpe: verdict.sharpe, enoughFills: verdict.enoughFills, drawdown: verdict.drawdown, pass: verdict.pass }, reasons: verdict.reasons };
}
