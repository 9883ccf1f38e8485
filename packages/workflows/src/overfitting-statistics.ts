import type { RunMetrics } from '@mml/core';
import { deflatedSharpeRatio, momentStatistics, poolMoments, probabilityOfBacktestOverfitting, type ReturnMoments } from '@mml/reports';
import type { ParameterSet } from './parameter-search';

const MS_PER_DAY = 86_400_000;

/** One in-sample run of the walk-forward search. */
export interface CandidateRun {
  fold: number;
  params: ParameterSet;
  metrics: RunMetrics;
}

/**
 * PBO (CSCV, Bailey, Borwein, Lopez de Prado & Zhu 2015; see @mml/reports `overfitting.ts`) of one
 * format's search: the matrix is folds x candidates of in-sample Sharpe, each fold a time block.
 * null when it is undefined: fewer than 2 folds or 2 candidates, or candidate sets that differ
 * between folds (random search draws new candidates per fold, so no column spans every fold).
 * Caveat, documented: rolling train windows overlap, so the blocks are not disjoint in time.
 */
export function pboOf(runs: readonly CandidateRun[]): number | null {
  const folds = [...new Set(runs.map((r) => r.fold))].sort((a, b) => a - b);
  if (folds.length < 2) return null;
  const keyOf = (params: ParameterSet) => JSON.stringify(Object.keys(params).sort().map((k) => [k, params[k]]));
  const columns = [...new Set(runs.filter((r) => r.fold === folds[0]).map((r) => keyOf(r.params)))];
  if (columns.length < 2) return null;
  const matrix: number[][] = [];
  for (const fold of folds) {
    const own = runs.filter((r) => r.fold === fold);
    if (own.length !== columns.length) return null;
    const row: number[] = [];
    for (const column of columns) {
      const run = own.find((r) => keyOf(r.params) === column);
      if (!run) return null;
      row.push(run.metrics.sharpe);
    }
    matrix.push(row);
  }
  return probabilityOfBacktestOverfitting(matrix)?.pbo ?? null;
}

/**
 * Deflated Sharpe ratio (Bailey & Lopez de Prado 2014) of one format's walk-forward track record:
 * the stitched out-of-sample period returns (pooled power sums of the test folds) give SR, T,
 * skewness and kurtosis; the trials are the candidates tried per fold (N) and V[SR_n] is the mean
 * over folds of the across-candidate variance of in-sample Sharpe, per period (annualised Sharpe /
 * sqrt(periods per year)). null without at least 2 out-of-sample returns.
 */
export function deflatedSharpeOf(runs: readonly CandidateRun[], oosMoments: readonly ReturnMoments[], daysPerYear = 365): number | null {
  const pooled = poolMoments(oosMoments);
  const stats = momentStatistics(pooled);
  if (pooled.n < 2 || !Number.isFinite(stats.sharpe)) return null;
  const folds = [...new Set(runs.map((r) => r.fold))];
  let trials = 1;
  let varianceSum = 0;
  for (const fold of folds) {
    const own = runs.filter((r) => r.fold === fold);
    trials = Math.max(trials, own.length);
    const perPeriod = own.map((r) => r.metrics.sharpe / Math.sqrt((daysPerYear * MS_PER_DAY) / r.metrics.samplingIntervalMs));
    varianceSum += sampleVariance(perPeriod);
  }
  const dsr = deflatedSharpeRatio({
    sharpe: stats.sharpe,
    observations: pooled.n,
    skewness: stats.skewness,
    kurtosis: stats.kurtosis,
    trials,
    trialSharpeVariance: folds.length > 0 ? varianceSum / folds.length : 0,
  });
  return Number.isFinite(dsr) ? dsr : null;
}

function sampleVariance(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const m = values.reduce((a, b) => a + b, 0) / values.length;
  return values.reduce((a, b) => a + (b - m) ** 2, 0) / (values.length - 1);
}
