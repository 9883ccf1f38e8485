import { periodReturns, type EquitySample, type EquitySeries, type RunResult } from '@mml/backtest-engine';
import type { ReturnMoments } from '@mml/reports';

/** Power sums of the simple period returns of an equity curve (the samples the run's Sharpe uses). */
export function returnMomentsOf(curve: readonly EquitySample[]): ReturnMoments {
  const returns = periodReturns(curve.map((s) => s.equity));
  const m = { n: returns.length, sum: 0, sum2: 0, sum3: 0, sum4: 0 };
  for (const r of returns) {
    m.sum += r;
    m.sum2 += r * r;
    m.sum3 += r * r * r;
    m.sum4 += r * r * r * r;
  }
  return m;
}

/**
 * returnMomentsOf(result.equityCurve), bit for bit, read from the engine's equitySeries when the
 * result has one: the curve's array of rows (43 200 for 30 days of 1m) is never built, nor the
 * equity and return columns. A result without a series (a copy) falls back to its curve.
 */
export function returnMomentsOfRun(result: Pick<RunResult, 'equityCurve' | 'equitySeries'>): ReturnMoments {
  const series = result.equitySeries;
  return series === undefined ? returnMomentsOf(result.equityCurve) : seriesMoments(series);
}

/**
 * periodReturns' walk (a return only where the previous equity is positive; the previous value
 * moves on every sample) summed as returnMomentsOf sums it, in the same order with the same
 * operations, so every sum is the same double.
 */
function seriesMoments(series: EquitySeries): ReturnMoments {
  const count = series.count;
  let n = 0;
  let sum = 0;
  let sum2 = 0;
  let sum3 = 0;
  let sum4 = 0;
  let previous = count > 0 ? series.row(0).equity : NaN;
  for (let i = 1; i < count; i++) {
    const value = series.row(i).equity;
    if (previous > 0) {
      const r = value / previous - 1;
      n++;
      sum += r;
      sum2 += r * r;
      sum3 += r * r * r;
      sum4 += r * r * r * r;
    }
    previous = value;
  }
  return { n, sum, sum2, sum3, sum4 };
}
