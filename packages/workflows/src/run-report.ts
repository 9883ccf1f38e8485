import { linkLatest, writeRunArtifacts, type ReportSeries, type RunSummary } from '@mml/reports';
import type { BacktestTaskResult } from './backtest-task';

/**
 * Writes a run's artifacts (results.csv, report.html with charts for the runs that kept an equity
 * curve, summary.json last) and then points `<app>/latest` at the run, so latest only ever names
 * a complete run directory. Returns the report.html path.
 */
export async function writeRunReport(dir: string, summary: RunSummary, runs: readonly (BacktestTaskResult & { label?: string })[]): Promise<string> {
  const series: ReportSeries[] = [];
  for (const run of runs) {
    if (run.equityCurve.length === 0) continue;
    series.push({
      label: run.label ?? run.format,
      initialEquity: run.metrics.initialEquity,
      samples: run.equityCurve.map((s) => ({
        ts: s.ts,
        equity: s.equity,
        inventory: s.inventory,
        ...(Number.isFinite(s.mid) ? { mid: s.mid } : {}),
        ...(Number.isFinite(s.bid) ? { bid: s.bid } : {}),
        ...(Number.isFinite(s.ask) ? { ask: s.ask } : {}),
      })),
      fills: run.fills.map((f) => ({ ts: f.ts, side: f.side, price: f.price, size: f.size })),
    });
  }
  const paths = await writeRunArtifacts(dir, { summary, series });
  linkLatest(dir);
  return paths.reportHtml;
}
