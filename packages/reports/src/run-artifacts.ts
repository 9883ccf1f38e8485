import { writeReportHtml, type ChartRenderer } from './report-html';
import type { ReportInput } from './report-model';
import { writeResultsCsv } from './results-csv';
import { writeSummaryJson } from './summary-json';

export interface RunArtifactPaths {
  summaryJson: string;
  resultsCsv: string;
  reportHtml: string;
}

/**
 * Writes the three artifacts of a run into `dir` (each atomically): results.csv, report.html, then
 * summary.json last, so a reader that finds summary.json knows the other two are complete.
 * `renderChart` renders the report's charts (default renderChartSvg, in this thread).
 */
export async function writeRunArtifacts(dir: string, report: ReportInput, renderChart?: ChartRenderer): Promise<RunArtifactPaths> {
  const resultsCsv = writeResultsCsv(dir, report.csvRows ?? report.summary.rows);
  const reportHtml = await writeReportHtml(dir, report, renderChart);
  const summaryJson = writeSummaryJson(dir, report.summary);
  return { summaryJson, resultsCsv, reportHtml };
}
