import { createInstrument } from '@mml/core';
import type { RunResult } from '@mml/backtest-engine';
import { createRunDirectory, evaluateGates, linkLatest, parseGateThresholds, writeRunArtifacts, type DataDescription, type ReportInput, type ResultRow, type RunSummary } from '@mml/reports';
import { codeVersion } from './cli-support';
import { fractionToBps } from './fee-tiers';
import { tierLabel } from './research';
import { reportSeries } from './run-report';

/** How `reportRun` labels and places a backtest made in code. Every field is optional. */
export interface ReportRunOptions {
  /** Artifacts root: the run goes to `<artifactsRoot>/<app>/<run-id>/` (default 'artifacts'). */
  artifactsRoot?: string;
  /** The app folder under the root (default 'notebook'). */
  app?: string;
  /** The row's format name (default: the strategy's name, `result.strategy`). */
  format?: string;
  /** Page title (default "<format> on <symbol>"). */
  title?: string;
  /** Which data the run saw: a description, or just its source (default "in code"); the rest comes from the result. */
  data?: Partial<DataDescription> | string;
  /** Inputs to echo into summary.json (e.g. the notebook's parameters); the engine config is always added. */
  inputs?: Record<string, unknown>;
  /** The strategy's parameters, echoed as `formats[format]` and on the row (`params`). */
  params?: Record<string, number | string | boolean>;
  /** Seeds the run used, by label. */
  seeds?: Record<string, number>;
  /** Gate thresholds (core config; defaults: DEFAULT_GATES). */
  gates?: Record<string, unknown>;
  /** Fixed start time for the run id (tests); default now. */
  now?: Date;
  /** Code version to record (default: MML_CODE_VERSION, else the git sha, else "unknown"). */
  codeVersion?: string;
}

/** What `reportRun` wrote, and the pieces a notebook displays. */
export interface ReportedRun {
  runId: string;
  dir: string;
  summaryPath: string;
  resultsCsvPath: string;
  reportPath: string;
  summary: RunSummary;
  /** The one result row (gates, reasons, attribution), as in summary.json. */
  row: ResultRow;
  /** The report's input (summary + series): `vegaLiteSpecs(report)` gives the page's charts. */
  report: ReportInput;
}

/**
 * Writes summary.json, results.csv and report.html (with charts and the PnL attribution) for one
 * backtest made in code (`runBacktest(...)` of @mml/backtest-engine), the same artifacts the apps
 * write, and points `<app>/latest` at the run. The row is judged by the research gates.
 * Deterministic like the apps: with a fixed `now` and code version, the same result writes the
 * same bytes (summary.json's `execution` names only the run id).
 */
export async function reportRun(result: RunResult, options: ReportRunOptions = {}): Promise<ReportedRun> {
  const format = options.format ?? result.strategy;
  const gates = parseGateThresholds(options.gates ?? {});
  const budget = result.config.quoteBudget;
  const verdict = evaluateGates(result.metrics, gates);
  const row: ResultRow = {
    format,
    budget,
    tier: tierLabel(budget),
    ...(options.params ? { params: { ...options.params } } : {}),
    makerFeeBps: fractionToBps(result.instrument.makerFee),
    takerFeeBps: fractionToBps(result.instrument.takerFee),
    metrics: result.metrics,
    attribution: result.attribution,
    breakEvenMakerFeeBps: result.breakEvenMakerFeeBps,
    gates: { pnl: verdict.pnl, sharpe: verdict.sharpe, enoughFills: verdict.enoughFills, drawdown: verdict.drawdown, pass: verdict.pass },
    reasons: verdict.reasons,
  };
  const given = typeof options.data === 'string' ? { source: options.data } : (options.data ?? {});
  const data: DataDescription = {
    source: 'in code',
    symbol: result.instrument.symbol,
    startTs: result.metrics.startTs,
    endTs: result.metrics.endTs,
    events: result.metrics.events,
    ...given,
  };
  const { runId, dir } = createRunDirectory(options.artifactsRoot ?? 'artifacts', options.app ?? 'notebook', options.now, { linkLatest: false });
  const summary: RunSummary = {
    app: options.app ?? 'notebook',
    title: options.title ?? `${format} on ${data.symbol ?? result.instrument.symbol}`,
    codeVersion: options.codeVersion ?? codeVersion(),
    inputs: { ...(options.inputs ?? {}), instrument: result.instrument, engineConfig: result.config },
    data,
    formats: { [format]: options.params ?? {} },
    seeds: { ...(options.seeds ?? {}) },
    gates,
    rows: [row],
    execution: { runId },
  };
  const instrument = createInstrument(result.instrument);
  const run = {
    format,
    label: `${format} @ ${row.tier}`,
    metrics: result.metrics,
    equityCurve: result.equityCurve,
    fills: result.fills.map((f) => ({ ts: f.ts, side: f.side, price: instrument.ticksToPrice(f.priceTicks), size: instrument.lotsToSize(f.sizeLots) })),
  };
  const report: ReportInput = { summary, series: reportSeries([run]) };
  const paths = await writeRunArtifacts(dir, report);
  linkLatest(dir);
  return { runId, dir, summaryPath: paths.summaryJson, resultsCsvPath: paths.resultsCsv, reportPath: paths.reportHtml, summary, row, report };
}
