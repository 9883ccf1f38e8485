import { join } from 'node:path';
import { deriveSeed, type CandleEvent, type InstrumentSpec } from '@mml/core';
import { createRunDirectory, evaluateGates, parseGateThresholds, type ResultRow, type RunSummary } from '@mml/reports';
import { listFormats } from '@mml/strategies';
import type { BacktestTask, BacktestTaskResult } from './backtest-task';
import { runBacktestTask } from './backtest-task';
import { codeVersion } from './cli-support';
import type { TickColumns } from '@mml/market-data';
import type { CandleSourceOptions } from './market-candles';
import { loadWorkflowData } from './workflow-data';
import { packCandles } from './packed-candles';
import { writeRunReport } from './run-report';
import { runOrderedTasks, type PoolExecution } from './worker-pool';
import { workflowEngineConfig } from './starting-position';

/** Where the built worker script lives at run time (dist/task-worker.js next to this file). */
export const TASK_WORKER_FILE = join(__dirname, 'task-worker.js');

export interface ResearchMatrixOptions {
  candles: readonly CandleEvent[];
  /** Tick data instead of candles (then `candles` is ignored): rows [from, to) of the columns. */
  ticks?: { columns: TickColumns; from: number; to: number };
  instrument: InstrumentSpec;
  /** Budget tiers in quote currency. */
  tiers: readonly number[];
  /** Format registry names (default: all). */
  formats?: readonly string[];
  seed: number;
  workers?: number;
  /** redis://host:port: run the tasks on a BullMQ queue served by `mml-worker` processes (default: local threads). */
  queue?: string;
  /** Engine config shared by every run (quoteBudget is set per tier). */
  engineConfig?: Record<string, unknown>;
  /** Share of each budget held in base at the first mid (default 0.5, see starting-position.ts). */
  startBaseFraction?: number;
  gates?: Record<string, unknown>;
  /** Equity-curve points kept per run for the report (default 500). */
  seriesPoints?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface ResearchMatrixResult {
  rows: ResultRow[];
  /** Raw per-run results in row order (equity curves for the report). */
  runs: BacktestTaskResult[];
  formatConfigs: Record<string, unknown>;
  seeds: Record<string, number>;
  gates: ReturnType<typeof parseGateThresholds>;
  execution: PoolExecution & { wallTimeMs: number };
}

/** One backtest per tier x format over the same candles, in parallel, ordered tier-major. */
export async function runResearchMatrix(options: ResearchMatrixOptions): Promise<ResearchMatrixResult> {
  const started = Date.now();
  const formats = options.formats ?? listFormats().map((f) => (typeof f === 'string' ? f : f.name));
  const gates = parseGateThresholds(options.gates ?? {});
  const data: Pick<BacktestTask, 'candles' | 'ticks' | 'range'> = options.ticks
    ? { ticks: options.ticks.columns, range: [options.ticks.from, options.ticks.to] }
    : { candles: packCandles(options.candles, true) };
  const seeds: Record<string, number> = {};
  for (const format of formats) seeds[format] = deriveSeed(options.seed, `strategy:${format}`);
  // The report charts one tier (the middle one) for every format; other runs keep metrics only.
  const chartedTier = options.tiers[Math.floor((options.tiers.length - 1) / 2)];
  const tasks: BacktestTask[] = [];
  for (const budget of options.tiers) {
    for (const format of formats) {
      tasks.push({
        index: tasks.length,
        format,
        seed: seeds[format],
        instrument: options.instrument,
        engineConfig: workflowEngineConfig(options.engineConfig, options.startBaseFraction, budget, options.instrument),
        ...data,
        seriesPoints: budget === chartedTier ? (options.seriesPoints ?? 500) : 0,
        fillPoints: budget === chartedTier ? 300 : 0,
      });
    }
  }
  const { results, execution } = await runOrderedTasks(tasks, {
    workers: options.workers,
    queue: options.queue,
    workerFile: TASK_WORKER_FILE,
    runInProcess: runBacktestTask,
    onProgress: options.onProgress,
  });
  const rows: ResultRow[] = results.map((run, i) => {
    const verdict = evaluateGates(run.metrics, gates);
    const budget = tasks[i].engineConfig['quoteBudget'] as number;
    return { format: run.format, budget, tier: tierLabel(budget), seed: tasks[i].seed, metrics: run.metrics, gates: { pnl: verdict.pnl, sharpe: verdict.sharpe, drawdown: verdict.drawdown, pass: verdict.pass }, reasons: verdict.reasons };
  });
  const formatConfigs: Record<string, unknown> = {};
  for (const run of results) formatConfigs[run.format] ??= run.formatConfig;
  return { rows, runs: results, formatConfigs, seeds, gates, execution: { ...execution, wallTimeMs: Date.now() - started } };
}

/** "1k", "10k", "100k", "2.5k", "500". */
export function tierLabel(budget: number): string {
  if (budget >= 1_000_000 && budget % 100_000 === 0) return `${budget / 1_000_000}M`;
  if (budget >= 1000 && budget % 100 === 0) return `${budget / 1000}k`;
  return String(budget);
}

export interface ResearchOptions extends CandleSourceOptions {
  tiers: readonly number[];
  /** "all" or a comma-separated list / array of format names. */
  formats: string | readonly string[];
  seed: number;
  workers?: number;
  /** redis://host:port: run the tasks on a BullMQ queue served by `mml-worker` processes (default: local threads). */
  queue?: string;
  artifactsRoot: string;
  engineConfig?: Record<string, unknown>;
  /** Share of each budget held in base at the first mid (default 0.5). */
  startBaseFraction?: number;
  gates?: Record<string, unknown>;
  onProgress?: (done: number, total: number) => void;
  /** Fixed "now" for the run id (tests). */
  now?: Date;
}

export interface ResearchOutcome {
  runId: string;
  dir: string;
  reportPath: string;
  summary: RunSummary;
  /** One line per row: "10k as-stable: PASS" / "FAIL (pnl <= 0 ...)". */
  verdictLines: string[];
}

/** The research app's job: load data, run the matrix, write summary.json, results.csv, report.html. */
export async function runResearch(options: ResearchOptions): Promise<ResearchOutcome> {
  const known = listFormats().map((f) => (typeof f === 'string' ? f : f.name));
  const formats = resolveFormats(options.formats, known);
  const seed = options.seed;
  const loaded = await loadWorkflowData({ ...options, seed: deriveSeed(seed, 'synthetic-market') });
  const engineConfig = { ...loaded.engineDefaults, ...(options.engineConfig ?? {}) };
  const matrix = await runResearchMatrix({
    candles: loaded.candles,
    ...(loaded.ticks !== undefined ? { ticks: loaded.ticks } : {}),
    instrument: loaded.instrument,
    tiers: options.tiers,
    formats,
    seed,
    workers: options.workers,
    queue: options.queue,
    engineConfig,
    startBaseFraction: options.startBaseFraction,
    gates: options.gates,
    onProgress: options.onProgress,
  });
  const { runId, dir } = createRunDirectory(options.artifactsRoot, 'research', options.now, { linkLatest: false });
  const summary: RunSummary = {
    app: 'research',
    title: `Research: ${formats.length} formats x ${options.tiers.length} budget tiers on ${loaded.data.source}`,
    codeVersion: codeVersion(),
    inputs: {
      source: options.source,
      dataPath: options.dataPath ?? null,
      days: options.days,
      exchange: options.exchange ?? 'binance',
      symbol: options.symbol ?? 'BTC/USDT',
      tiers: [...options.tiers],
      formats,
      seed,
      engineConfig,
      startBaseFraction: workflowEngineConfig(engineConfig, options.startBaseFraction, 1, loaded.instrument)['startBaseFraction'] as number,
      instrument: loaded.instrument,
      ...(loaded.ticks !== undefined ? { tickQuality: loaded.tickQuality ?? null, tickCache: loaded.tickCache } : {}),
      quality: loaded.quality ? { policy: loaded.quality.policy, rows: loaded.quality.rows, kept: loaded.quality.kept, dropped: loaded.quality.dropped, gaps: loaded.quality.gaps.length, halts: loaded.quality.halts.length } : null,
    },
    data: loaded.data,
    formats: matrix.formatConfigs,
    seeds: { master: seed, ...matrix.seeds },
    gates: matrix.gates,
    rows: matrix.rows,
    execution: { runId, wallTimeMs: matrix.execution.wallTimeMs, workers: matrix.execution.workers },
  };
  const charted = matrix.runs.map((run, i) => ({ ...run, label: `${run.format} @ ${matrix.rows[i].tier}` }));
  const reportPath = await writeRunReport(dir, summary, charted);
  return { runId, dir, reportPath, summary, verdictLines: verdictLines(matrix.rows) };
}

export function resolveFormats(formats: string | readonly string[], known: readonly string[]): string[] {
  const list = typeof formats === 'string' ? (formats.trim() === 'all' ? [...known] : formats.split(',').map((s) => s.trim()).filter(Boolean)) : [...formats];
  for (const name of list) if (!known.includes(name)) throw new RangeError(`unknown format "${name}" (known: ${known.join(', ')})`);
  if (list.length === 0) throw new RangeError('no formats selected');
  return list;
}

/** One console line per row; `showSeed` for campaigns, where rows differ by seed. */
export function verdictLines(rows: readonly ResultRow[], showSeed = false): string[] {
  return rows.map((row) => {
    const where = row.fold !== undefined ? ` fold ${row.fold}` : showSeed && row.seed !== undefined ? ` seed ${row.seed}` : '';
    const head = `${(row.tier ?? tierLabel(row.budget)).padStart(5)} ${row.format.padEnd(12)}${where}`;
    const m = row.metrics;
    const sides = m.buyFills === undefined ? '' : ` (${m.buyFills} buy / ${m.sellFills} sell) uptime bid ${(m.bidUptime * 100).toFixed(0)}% ask ${(m.askUptime * 100).toFixed(0)}%`;
    const figures = `pnl ${m.pnl.toFixed(2)} sharpe ${m.sharpe.toFixed(2)} maxDD ${(m.maxDrawdown * 100).toFixed(2)}% fills ${m.fills}${sides}`;
    return `${head} ${row.gates.pass ? 'PASS' : 'FAIL'}  ${figures}`;
  });
}
