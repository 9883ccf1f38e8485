// Public API of @mml/reports: research gates, run directories, and the three run artifacts
// (summary.json, results.csv, report.html). See README.md for a runnable example.
export {
  GATE_SCHEMA,
  DEFAULT_GATES,
  WALK_FORWARD_GATE_SCHEMA,
  parseGateThresholds,
  evaluateGates,
  evaluateWalkForwardGate,
  hasEnoughFills,
  sharpeText,
  type GateThresholds,
  type GateFlags,
  type GateVerdict,
  type WalkForwardGateInput,
  type WalkForwardGateVerdict,
} from './gates';
export type { RunSummary, DataDescription, ResultRow, WalkForwardResult, WalkForwardCandidate, ExecutionInfo } from './run-summary';
export { createRunDirectory, linkLatest, resolveLatest, LATEST_NAME, type RunDirectory, type RunDirectoryOptions } from './run-directory';
export { summaryJson, writeSummaryJson, SUMMARY_FILE } from './summary-json';
export { resultsCsv, writeResultsCsv, RESULTS_FILE, ATTRIBUTION_COLUMNS, MARKOUT_HORIZON_ORDER } from './results-csv';
export type { ReportInput, ReportSeries, ReportSample, ReportFill } from './report-model';
export { vegaLiteSpecs, renderChartSvg, renderWithVega, MAX_POINTS_PER_CHART, DEFAULT_QUOTE_WINDOW_SAMPLES, type VegaLiteSpec } from './charts';
export { renderSvgChart } from './svg-chart/render-svg-chart';
export { renderReportHtml, writeReportHtml, attributionTableHtml, REPORT_FILE, type ChartRenderer } from './report-html';
export { downsampleMinMax } from './downsample';
export { judgeRow, type UnjudgedRow } from './result-row';
export { writeRunArtifacts, type RunArtifactPaths } from './run-artifacts';
export {
  probabilityOfBacktestOverfitting,
  deflatedSharpeRatio,
  expectedMaxSharpe,
  probabilisticSharpe,
  poolMoments,
  momentStatistics,
  type PboResult,
  type DeflatedSharpeInput,
  type ReturnMoments,
} from './overfitting';
export { normalCdf, normalQuantile } from './normal-distribution';
