import { join } from 'node:path';
import { deriveSeed, type CandleEvent, type InstrumentSpec } from '@mml/core';
import { createRunDirectory, evaluateGates, parseGateThresholds, type ResultRow, type RunSummary } from '@mml/reports';
import { listFormats } from '@mml/strategies';
import type { BacktestTask, BacktestTaskResult } from './backtest-task';
import { runBacktestTask } from './backtest-task';
import { codeVersion } from './cli-support';
import { qualityLine, summarizeQuality } from './data-quality-summary';
import { trainLearningFormats, evaluationStart } from './learning-warmup';
import { isLearningFormat } from './format-search-spaces';
import { describe as describeCandles, loadWorkflowCandles, type CandleSourceOptions } from './market-candles';
import { packCandles } from './packed-candles';
import { writeRunReport } from './run-report';
import { runOrderedTasks, type PoolExecution } from './worker-pool';
import { workflowEngineConfig } from './starting-position';

/** Where the built worker script lives at run time (dist/task-worker.js next to this file). */
export const TASK_WORKER_FILE = join(__dirname, 'task-worker.js');

export interface ResearchMatrixOptions {
  candles: readonly CandleEvent[];
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
  /**
   * Index of the first evaluated candle (default 0). Every format is evaluated on
   * [evaluateFrom, end); learning formats first train on the warm-up [0, evaluateFrom). A learning
   * format without a warm-up is refused rather than evaluated untrained.
   */
  evaluateFrom?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface ResearchMatrixResult {
  rows: ResultRow[];
  /** Raw per-run results in row order (equity curves for the report). */
  runs: BacktestTaskResult[];
  formatConfigs: Record<string, unknown>;
  seeds: Record<string, number>;
  gates: ReturnType<typeof parseGateThresholds>;
  execution: PoolExecution & { wallTimeMs: number; trainingWallTimeMs: number; trainedPolicies: number };
}

/** One backtest per tier x format over the same candles, in parallel, ordered tier-major. */
export async function runResearchMatrix(options: ResearchMatrixOptions): Promise<ResearchMatrixResult> {
  const started = Date.now();
  const formats = options.formats ?? listFormats().map((f) => (typeof f === 'string' ? f : f.name));
  const gates = parseGateThresholds(options.gates ?? {});
  const candles = packCandles(options.candles, true);
  const evaluateFrom = options.evaluateFrom ?? 0;
  if (!Number.isInteger(evaluateFrom) || evaluateFrom < 0 || evaluateFrom >= candles.count) throw new RangeError(`evaluateFrom must be an index in [0, ${candles.count}), got ${evaluateFrom}`);
  for (const format of formats) {
    if (isLearningFormat(format) && evaluateFrom === 0) {
      throw new RangeError(`format ${format} learns: it needs a warm-up window before the evaluated period to train on (--rl-warmup-days > 0 with data before the last --days), or leave it out of --formats`);
    }
  }
  const range: [number, number] | undefined = evaluateFrom > 0 ? [evaluateFrom, candles.count] : undefined;
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
        candles,
        ...(range ? { range } : {}),
        seriesPoints: budget === chartedTier ? (options.seriesPoints ?? 500) : 0,
        fillPoints: budget === chartedTier ? 300 : 0,
      });
    }
  }
  // Learning formats train in-sample on the warm-up window, then are evaluated frozen.
  const training = await trainLearningFormats(tasks, () => ({ candles, range: [0, evaluateFrom] }), { workers: options.workers, workerFile: TASK_WORKER_FILE });
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
  return { rows, runs: results, formatConfigs, seeds, gates, execution: { ...execution, wallTimeMs: Date.now() - started, trainingWallTimeMs: training.wallTimeMs, trainedPolicies: training.trained } };
}

/** "1k", "10k", "100k", "2.5k", "500". */
export function tierLabel(budget: number): string {
  if (budget >= 1_000_000 && budget % 100_000 === 0) return `${budget / 1_000_000}M`;
  if (budget >= 1000 && budget % 100 === 0) return `${budget / 1000}k`;
  return String(budget);
}

/** Days of data before the evaluated period on which learning formats train (research). */
export const DEFAULT_RL_WARMUP_DAYS = 7;

export interface ResearchOptions extends CandleSourceOptions {
  tiers: readonly number[];
  /**
   * Warm-up window before the evaluated last `days` (default 7): loaded in addition, used only to
   * train learning formats (rl-enhanced); every format is evaluated on the same last `days`. 0 = none
   * (then learning formats must be left out).
   */
  rlWarmupDays?: number;
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
  /** The data-quality line (file and exchange data), then one line per row: "10k as-stable: PASS" / "FAIL (pnl <= 0 ...)". */
  verdictLines: string[];
}

/** The research app's job: load data, run the matrix, write summary.json, results.csv, report.html. */
export async function runResearch(options: ResearchOptions): Promise<ResearchOutcome> {
  const known = listFormats().map((f) => (typeof f === 'string' ? f : f.name));
  const formats = resolveFormats(options.formats, known);
  const seed = options.seed;
  const warmupDays = options.rlWarmupDays ?? DEFAULT_RL_WARMUP_DAYS;
  if (!(warmupDays >= 0) || !Number.isFinite(warmupDays)) throw new RangeError(`--rl-warmup-days must be >= 0, got ${warmupDays}`);
  const loaded = await loadWorkflowCandles({ ...options, days: options.days + warmupDays, seed: deriveSeed(seed, 'synthetic-market') });
  const quality = loaded.quality ? summarizeQuality(loaded.quality) : undefined;
  const evaluateFrom = warmupDays > 0 ? evaluationStart(loaded.candles, options.days) : 0;
  const evaluated = loaded.candles.slice(evaluateFrom);
  if (evaluated.length === 0) throw new RangeError(`no candles in the last ${options.days} days of ${loaded.data.source}`);
  const matrix = await runResearchMatrix({
    candles: loaded.candles,
    evaluateFrom,
    instrument: loaded.instrument,
    tiers: options.tiers,
    formats,
    seed,
    workers: options.workers,
    queue: options.queue,
    engineConfig: options.engineConfig,
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
      syntheticMarket: options.source === 'synthetic' ? (options.syntheticMarket ?? 'known-edge') : null,
      dataPath: options.dataPath ?? null,
      days: options.days,
      exchange: options.exchange ?? 'binance',
      symbol: options.symbol ?? 'BTC/USDT',
      tiers: [...options.tiers],
      formats,
      seed,
      rlWarmupDays: warmupDays,
      rlWarmup: { candles: evaluateFrom, startTs: evaluateFrom > 0 ? loaded.candles[0].openTime : null, endTs: evaluateFrom > 0 ? loaded.candles[evaluateFrom - 1].ts : null, trainedPolicies: matrix.execution.trainedPolicies },
      engineConfig: options.engineConfig ?? {},
      startBaseFraction: workflowEngineConfig(options.engineConfig, options.startBaseFraction, 1, loaded.instrument)['startBaseFraction'] as number,
      instrument: loaded.instrument,
      quality: quality ?? null,
    },
    // The evaluated period only (the warm-up is described under inputs.rlWarmup).
    data: describeCandles(loaded.data.source, evaluated, options),
    formats: matrix.formatConfigs,
    seeds: { master: seed, ...matrix.seeds },
    gates: matrix.gates,
    rows: matrix.rows,
    execution: { runId, wallTimeMs: matrix.execution.wallTimeMs, workers: matrix.execution.workers },
  };
  const charted = matrix.runs.map((run, i) => ({ ...run, label: `${run.format} @ ${matrix.rows[i].tier}` }));
  const reportPath = await writeRunReport(dir, summary, charted);
  return { runId, dir, reportPath, summary, verdictLines: [...(quality ? [qualityLine(quality)] : []), ...verdictLines(matrix.rows)] };
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
