import { linkLatest, writeRunArtifacts, type ReportSeries, type ResultRow, type RunSummary } from '@mml/reports';
import type { BacktestTaskResult } from './backtest-task';

/**
 * Writes a run's artifacts (results.csv, report.html with charts for the runs that kept an equity
 * curve, summary.json last) and then points `<app>/latest` at the run, so latest only ever names
 * a complete run directory. Returns the report.html path.
 */
export async function writeRunReport(dir: string, summary: RunSummary, runs: readonly (BacktestTaskResult & { label?: string })[], csvRows?: readonly ResultRow[]): Promise<string> {
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
  const paths = await writeRunArtifacts(dir, { summary, series, ...(csvRows ? { csvRows } : {}) });
  linkLatest(dir);
  return paths.reportHtml;
}

/** Samples mark "no quote" as NaN or null: the chart leaves those points out. */
function isFiniteNumber(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
