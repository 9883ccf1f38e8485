import { linkLatest, writeRunArtifacts, type ChartRenderer, type ReportSeries, type ResultRow, type RunSummary } from '@mml/reports';
import type { BacktestTaskResult } from './backtest-task';

/**
 * Writes a run's artifacts (results.csv, report.html with charts for the runs that kept an equity
 * curve, summary.json last) and then points `<app>/latest` at the run, so latest only ever names
 * a complete run directory. Returns the report.html path. `renderChart`: see writeRunArtifacts.
 */
export async function writeRunReport(dir: string, summary: RunSummary, runs: readonly ChartedRun[], csvRows?: readonly ResultRow[], renderChart?: ChartRenderer): Promise<string> {
  const paths = await writeRunArtifacts(dir, { summary, series: reportSeries(runs), ...(csvRows ? { csvRows } : {}) }, renderChart);
  linkLatest(dir);
  return paths.reportHtml;
}

/** What the report draws of a run: its equity curve (samples) and fills. */
export type ChartedRun = Pick<BacktestTaskResult, 'format' | 'metrics' | 'equityCurve' | 'fills'> & { label?: string };

/** The report's series of the runs that kept an equity curve (the others are left out). */
export function reportSeries(runs: readonly ChartedRun[]): ReportSeries[] {
  const series: ReportSeries[] = [];
  for (const run of runs) {
    if (run.equityCurve.length === 0) continue;
    series.push({
      label: run.label ?? run.format,
      format: run.format,
      initialEquity: run.metrics.initialEquity,
      samples: run.equityCurve.map((s) => ({
        ts: s.ts,
        equity: s.equity,
        inventory: s.inventory,
        ...(isFiniteNumber(s.mid) ? { mid: s.mid } : {}),
        ...(isFiniteNumber(s.bid) ? { bid: s.bid } : {}),
        ...(isFiniteNumber(s.ask) ? { ask: s.ask } : {}),
      })),
      fills: run.fills.map((f) => ({ ts: f.ts, side: f.side, price: f.price, size: f.size })),
    });
  }
  return series;
}

/** Samples mark "no quote" as NaN or null: the chart leaves those points out. */
function isFiniteNumber(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
