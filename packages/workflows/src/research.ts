import { join } from 'node:path';
import { deriveSeed, type CandleEvent, type InstrumentSpec } from '@mml/core';
import { createRunDirectory, evaluateGates, parseGateThresholds, sharpeText, type GateThresholds, type ResultRow, type RunSummary } from '@mml/reports';
import { listFormats } from '@mml/strategies';
import type { BacktestTask, BacktestTaskResult } from './backtest-task';
import { runBacktestTask } from './backtest-task';
import { codeVersionAsync } from './cli-support';
import { qualityLine, summarizeQuality } from './data-quality-summary';
import { runTasksWithTraining, trainLearningFormats, evaluationStartPacked, type BacktestRunner } from './learning-warmup';
import { isLearningFormat } from './format-search-spaces';
import { describe as describeCandles, type CandleSourceOptions } from './market-candles';
import { fractionToBps, parseFeeTiers, withFeeTier, type FeeTier } from './fee-tiers';
import type { TickColumns } from '@mml/market-data';
import { dataPaths, loadWorkflowData } from './workflow-data';
import { detectDataKinds } from './data-kinds';
import { packCandles, packedFrom, packedOpenTime, packedTs, type PackedCandles } from './packed-candles';
import { writeRunReport } from './run-report';
import { openTaskPool, poolExecution, runOrderedTasks, type PoolExecution } from './worker-pool';
import { estimatedWorkMs } from './pool-size';
import type { TaskPool } from './task-pool';
import { isChartTask, renderChartTask, type ChartTask } from './chart-task';
import { workflowEngineConfig } from './starting-position';
import { loadPlugins } from './plugins';

/** Where the built worker script lives at run time (dist/task-worker.js next to this file). */
export const TASK_WORKER_FILE = join(__dirname, 'task-worker.js');

export interface ResearchMatrixOptions {
  /** The bars, as objects or already packed (in shared memory: the threads read it in place). */
  candles: readonly CandleEvent[] | PackedCandles;
  /** Tick data instead of candles (then `candles` is ignored): rows [from, to) of the columns. */
  ticks?: { columns: TickColumns; from: number; to: number };
  instrument: InstrumentSpec;
  /** Budget tiers in quote currency. */
  tiers: readonly number[];
  /**
   * Fee tiers (default: the instrument's own fees). Every fee tier is a full rerun: the engine's
   * fee-aware edge filter (and any strategy that reads the fee) makes the fills depend on the fee.
   */
  feeTiers?: readonly FeeTier[];
  /** Format registry names (default: all). */
  formats?: readonly string[];
  /** Per-format config overrides (partial `{ model, overlays }`, validated by each format's schema). */
  formatConfigs?: Readonly<Record<string, Record<string, unknown>>>;
  /** Plugin modules (absolute paths) that define custom formats; every task loads them too. */
  plugins?: readonly string[];
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
  /**
   * A pool opened earlier (runResearch opens it before loading the data, so its threads start
   * while the data loads); the matrix uses it and leaves closing it to the caller. Default: the
   * matrix opens one sized for its tasks (`workers`, or the cost rule of pool-size.ts) and closes it.
   */
  pool?: ResearchPool;
}

/** Research's pool runs its backtests and renders its report's charts (chart-task.ts). */
export type ResearchPool = TaskPool<BacktestTask | ChartTask, BacktestTaskResult | string>;

/** The pool's handler on the main thread (the threads run the same one: task-worker.ts). */
function runResearchTask(task: BacktestTask | ChartTask): BacktestTaskResult | Promise<string> {
  return isChartTask(task) ? renderChartTask(task) : runBacktestTask(task);
}

/** The pool seen as a runner of backtests. */
function backtestsOn(pool: ResearchPool): BacktestRunner {
  return { run: (task, first) => pool.run(task, first) as Promise<BacktestTaskResult>, threads: pool.execution.threads };
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
  // Tick data (L2 captures) runs as one column set over [from, to); candles may carry a warm-up.
  const tickData: Pick<BacktestTask, 'ticks' | 'range'> | undefined = options.ticks ? { ticks: options.ticks.columns, range: [options.ticks.from, options.ticks.to] } : undefined;
  const candles = 'data' in options.candles ? options.candles : packCandles(options.candles, true);
  const evaluateFrom = options.evaluateFrom ?? 0;
  if (tickData === undefined && (!Number.isInteger(evaluateFrom) || evaluateFrom < 0 || evaluateFrom >= candles.count)) throw new RangeError(`evaluateFrom must be an index in [0, ${candles.count}), got ${evaluateFrom}`);
  for (const format of formats) {
    if (isLearningFormat(format) && (evaluateFrom === 0 || tickData !== undefined)) {
      throw new RangeError(`format ${format} learns: it needs a warm-up window before the evaluated period to train on (--rl-warmup-days > 0 with candle data before the last --days; tick data has none), or leave it out of --formats`);
    }
  }
  const range: [number, number] | undefined = tickData === undefined && evaluateFrom > 0 ? [evaluateFrom, candles.count] : undefined;
  const seeds: Record<string, number> = {};
  for (const format of formats) seeds[format] = deriveSeed(options.seed, `strategy:${format}`);
  const feeTiers = options.feeTiers ?? [{ makerFeeBps: fractionToBps(options.instrument.makerFee), takerFeeBps: fractionToBps(options.instrument.takerFee) }];
  // The report charts one budget tier (the middle one) at the first fee tier for every format; other runs keep metrics only.
  const chartedTier = options.tiers[Math.floor((options.tiers.length - 1) / 2)];
  const tasks: BacktestTask[] = [];
  const taskFees: FeeTier[] = [];
  for (const fee of feeTiers) {
    const instrument = options.feeTiers ? withFeeTier(options.instrument, fee) : options.instrument;
    const charted = fee === feeTiers[0];
    for (const budget of options.tiers) {
      for (const format of formats) {
        taskFees.push(fee);
        tasks.push({
          index: tasks.length,
          format,
          ...(options.formatConfigs?.[format] !== undefined ? { formatConfig: options.formatConfigs[format] } : {}),
          ...(options.plugins !== undefined && options.plugins.length > 0 ? { plugins: options.plugins } : {}),
          seed: seeds[format],
          instrument,
          engineConfig: workflowEngineConfig(options.engineConfig, options.startBaseFraction, budget, instrument),
          ...(tickData ?? { candles, ...(range ? { range } : {}) }),
          seriesPoints: charted && budget === chartedTier ? (options.seriesPoints ?? 500) : 0,
          fillPoints: charted && budget === chartedTier ? 300 : 0,
        });
      }
    }
  }
  // Learning formats train in-sample on the warm-up window, then are evaluated frozen.
  const trainingData = (): Pick<BacktestTask, 'candles' | 'range'> => ({ candles, range: [0, evaluateFrom] });
  let results: BacktestTaskResult[];
  let execution: PoolExecution;
  let training: { trained: number; wallTimeMs: number };
  if (options.queue !== undefined) {
    // Queue runs: train on local threads first, then send the evaluations to the queue's workers.
    training = await trainLearningFormats(tasks, trainingData, { workers: options.workers, workerFile: TASK_WORKER_FILE });
    ({ results, execution } = await runOrderedTasks(tasks, { workers: options.workers, queue: options.queue, workerFile: TASK_WORKER_FILE, runInProcess: runBacktestTask, onProgress: options.onProgress }));
  } else {
    // One pool for training and evaluation (evaluations queue behind the trainings they need).
    const events = tasks.reduce((sum, t) => sum + taskEvents(t) + (isLearningFormat(t.format) ? evaluateFrom : 0), 0);
    const pool = options.pool ?? openResearchPool(tasks.length, estimatedWorkMs(events), options.workers, options.plugins);
    try {
      const run = await runTasksWithTraining(tasks, trainingData, backtestsOn(pool), options.onProgress);
      results = run.results;
      training = { trained: run.trained, wallTimeMs: run.trainingWallTimeMs };
      execution = poolExecution(pool as TaskPool<unknown, unknown>, options.workers);
    } finally {
      if (options.pool === undefined) await pool.close();
    }
  }
  const rows: ResultRow[] = results.map((run, i) => {
    const verdict = evaluateGates(run.metrics, gates);
    const budget = tasks[i].engineConfig['quoteBudget'] as number;
    return {
      format: run.format,
      budget,
      tier: tierLabel(budget),
      seed: tasks[i].seed,
      makerFeeBps: taskFees[i].makerFeeBps,
      takerFeeBps: taskFees[i].takerFeeBps,
      metrics: run.metrics,
      attribution: run.attribution,
      breakEvenMakerFeeBps: run.breakEvenMakerFeeBps,
      gates: { pnl: verdict.pnl, sharpe: verdict.sharpe, enoughFills: verdict.enoughFills, drawdown: verdict.drawdown, pass: verdict.pass },
      reasons: verdict.reasons,
    };
  });
  const formatConfigs: Record<string, unknown> = {};
  for (const run of results) formatConfigs[run.format] ??= run.formatConfig;
  return { rows, runs: results, formatConfigs, seeds, gates, execution: { ...execution, wallTimeMs: Date.now() - started, trainingWallTimeMs: training.wallTimeMs, trainedPolicies: training.trained } };
}

/** Events a task replays (its candle or tick row range). */
function taskEvents(task: BacktestTask): number {
  if (task.range !== undefined) return task.range[1] - task.range[0];
  return task.ticks !== undefined ? task.ticks.length : (task.candles?.count ?? 0);
}

/** The research pool: `workers` executors when given, else the cost rule over the estimated work; threads load the plugins first. */
export function openResearchPool(tasks: number, workMs: number, workers: number | undefined, plugins: readonly string[] | undefined): ResearchPool {
  return openTaskPool<BacktestTask | ChartTask, BacktestTaskResult | string>(tasks, {
    workers,
    estimatedWorkMs: workMs,
    workerFile: TASK_WORKER_FILE,
    runInProcess: runResearchTask,
    ...(plugins !== undefined && plugins.length > 0 ? { prepare: { plugins } } : {}),
  });
}

/** "1k", "10k", "100k", "2.5k", "500". */
export function tierLabel(budget: number): string {
  if (budget >= 1_000_000 && budget % 100_000 === 0) return `${budget / 1_000_000}M`;
  if (budget >= 1000 && budget % 100 === 0) return `${budget / 1000}k`;
  return String(budget);
}

/** Days of data before the evaluated period on which learning formats train (research). */
export const DEFAULT_RL_WARMUP_DAYS = 7;

const MINUTES_PER_DAY = 1440;

export interface ResearchOptions extends CandleSourceOptions {
  tiers: readonly number[];
  /**
   * Warm-up window before the evaluated last `days` (default 7): loaded in addition, used only to
   * train learning formats (rl-enhanced); every format is evaluated on the same last `days`. 0 = none
   * (then learning formats must be left out).
   */
  rlWarmupDays?: number;
  /** `--maker-fee-bps` list (comma-separated bps; default: the instrument's fee). */
  makerFeeBps?: string;
  /** `--taker-fee-bps`: one value or one per maker tier (default: the instrument's fee). */
  takerFeeBps?: string;
  /** "all" or a comma-separated list / array of format names. */
  formats: string | readonly string[];
  /** Per-format config overrides (partial `{ model, overlays }`). */
  formatConfigs?: Readonly<Record<string, Record<string, unknown>>>;
  /** Plugin modules (absolute paths) defining custom formats: loaded here and in every worker. */
  plugins?: readonly string[];
  /** The effective run config (config file merged with flags), echoed into summary.json as inputs.runConfig. */
  runConfig?: Record<string, unknown>;
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
  const plugins = loadPlugins(options.plugins);
  const known = listFormats().map((f) => (typeof f === 'string' ? f : f.name));
  const formats = resolveFormats(options.formats, known);
  // Tick data (captures minutes long) has no warm-up: learning formats are refused on it.
  const isTicks = options.source === 'file' && (await detectDataKinds(dataPaths(options.dataPath))) !== 'candles';
  const warmupDays = isTicks ? 0 : (options.rlWarmupDays ?? DEFAULT_RL_WARMUP_DAYS);
  if (!(warmupDays >= 0) || !Number.isFinite(warmupDays)) throw new RangeError(`--rl-warmup-days must be >= 0, got ${warmupDays}`);
  // The pool opens before the data loads, so its threads start (modules, plugins) meanwhile. Its
  // size comes from an estimate of the work on 1m bars (tick data: unknown until loaded, so large).
  const feeTierCount = options.makerFeeBps?.split(',').length ?? 1;
  const runs = options.tiers.length * formats.length * feeTierCount;
  const trainings = options.tiers.length * formats.filter(isLearningFormat).length * feeTierCount;
  const events = isTicks ? NaN : (runs * options.days + trainings * warmupDays) * MINUTES_PER_DAY;
  const pool = options.queue === undefined ? openResearchPool(runs + trainings, estimatedWorkMs(events), options.workers, options.plugins) : undefined;
  // git runs meanwhile; summary.json reads its answer.
  const version = codeVersionAsync();
  let outcome: ResearchOutcome;
  try {
    outcome = await researchOnPool(options, { plugins, formats, isTicks, warmupDays, version, ...(pool !== undefined ? { pool } : {}) });
  } catch (error) {
    await pool?.abort();
    throw error;
  }
  // Also surfaces a thread that could not start (e.g. load a plugin) even if it got no task.
  await pool?.close();
  return outcome;
}

async function researchOnPool(
  options: ResearchOptions,
  run: { plugins: Record<string, string[]>; formats: string[]; isTicks: boolean; warmupDays: number; version: Promise<string>; pool?: ResearchPool },
): Promise<ResearchOutcome> {
  const { plugins, formats, isTicks, warmupDays } = run;
  const seed = options.seed;
  // The bars packed (shared memory, what the matrix reads): as the loader had them, else packed here once.
  const loaded = await loadWorkflowData({ ...options, days: options.days + warmupDays, seed: deriveSeed(seed, 'synthetic-market') }, { packed: true });
  const bars = loaded.packed ?? packCandles(loaded.candles, true);
  const engineConfig = { ...loaded.engineDefaults, ...(options.engineConfig ?? {}) };
  const quality = loaded.quality ? summarizeQuality(loaded.quality) : undefined;
  const evaluateFrom = warmupDays > 0 ? evaluationStartPacked(bars, options.days) : 0;
  const evaluated = packedFrom(bars, evaluateFrom);
  if (!isTicks && evaluated.count === 0) throw new RangeError(`no candles in the last ${options.days} days of ${loaded.data.source}`);
  const feeTiers = options.makerFeeBps === undefined && options.takerFeeBps === undefined ? undefined : parseFeeTiers(options.makerFeeBps, options.takerFeeBps, loaded.instrument);
  const matrix = await runResearchMatrix({
    candles: bars,
    ...(loaded.ticks !== undefined ? { ticks: loaded.ticks } : {}),
    evaluateFrom,
    instrument: loaded.instrument,
    tiers: options.tiers,
    feeTiers,
    formats,
    ...(options.formatConfigs !== undefined ? { formatConfigs: options.formatConfigs } : {}),
    ...(options.plugins !== undefined ? { plugins: options.plugins } : {}),
    seed,
    workers: options.workers,
    queue: options.queue,
    engineConfig,
    startBaseFraction: options.startBaseFraction,
    gates: options.gates,
    onProgress: options.onProgress,
    ...(run.pool !== undefined ? { pool: run.pool } : {}),
  });
  const { runId, dir } = createRunDirectory(options.artifactsRoot, 'research', options.now, { linkLatest: false });
  const summary: RunSummary = {
    app: 'research',
    title: `Research: ${formats.length} formats x ${options.tiers.length} budget tiers${feeTiers ? ` x ${feeTiers.length} fee tiers` : ''} on ${loaded.data.source}`,
    codeVersion: await run.version,
    inputs: {
      source: options.source,
      syntheticMarket: options.source === 'synthetic' ? (options.syntheticMarket ?? 'known-edge') : null,
      dataPath: options.dataPath ?? null,
      days: options.days,
      exchange: options.exchange ?? 'binance',
      symbol: options.symbol ?? 'BTC/USDT',
      tiers: [...options.tiers],
      feeTiers: feeTiers ?? null,
      formats,
      seed,
      rlWarmupDays: warmupDays,
      rlWarmup: { candles: evaluateFrom, startTs: evaluateFrom > 0 ? packedOpenTime(bars, 0) : null, endTs: evaluateFrom > 0 ? packedTs(bars, evaluateFrom - 1) : null, trainedPolicies: matrix.execution.trainedPolicies },
      engineConfig,
      startBaseFraction: workflowEngineConfig(engineConfig, options.startBaseFraction, 1, loaded.instrument)['startBaseFraction'] as number,
      instrument: loaded.instrument,
      quality: quality ?? null,
      ...(loaded.ticks !== undefined ? { tickQuality: loaded.tickQuality ?? null, tickCache: loaded.tickCache, tickClock: loaded.tickClock } : {}),
      plugins,
      runConfig: options.runConfig ?? null,
    },
    // The evaluated period only (the warm-up is described under inputs.rlWarmup).
    data: isTicks ? loaded.data : describeCandles(loaded.data.source, evaluated, options),
    formats: matrix.formatConfigs,
    seeds: { master: seed, ...matrix.seeds },
    gates: matrix.gates,
    rows: matrix.rows,
    execution: { runId, wallTimeMs: matrix.execution.wallTimeMs, workers: matrix.execution.workers },
  };
  const charted = matrix.runs.map((run, i) => ({ ...run, label: `${run.format} @ ${matrix.rows[i].tier}${feeTiers ? ` ${feeLabel(matrix.rows[i].makerFeeBps)}` : ''}` }));
  // The charts render on the pool too (both cores), in page order whichever executor drew them.
  const pool = run.pool;
  const renderChart = pool !== undefined ? (chartSpec: Record<string, unknown>) => pool.run({ chartSpec }) as Promise<string> : undefined;
  const reportPath = await writeRunReport(dir, summary, charted, undefined, renderChart);
  return { runId, dir, reportPath, summary, verdictLines: [...(quality ? [qualityLine(quality)] : []), ...verdictLines(matrix.rows, false, matrix.gates), ...feeTierLines(matrix.rows)] };
}

export function resolveFormats(formats: string | readonly string[], known: readonly string[]): string[] {
  const list = typeof formats === 'string' ? (formats.trim() === 'all' ? [...known] : formats.split(',').map((s) => s.trim()).filter(Boolean)) : [...formats];
  for (const name of list) if (!known.includes(name)) throw new RangeError(`unknown format "${name}" (known: ${known.join(', ')})`);
  if (list.length === 0) throw new RangeError('no formats selected');
  return list;
}

/** "maker -0.5bps". */
function feeLabel(makerFeeBps: number | undefined): string {
  return makerFeeBps === undefined ? '' : `maker ${makerFeeBps}bps`;
}

/**
 * One console line per row; `showSeed` for campaigns, where rows differ by seed. Rows of several
 * fee tiers name their maker fee; Sharpe reads "insufficient fills" below the gates' minimum.
 */
export function verdictLines(rows: readonly ResultRow[], showSeed = false, gates?: GateThresholds): string[] {
  const fees = new Set(rows.map((r) => r.makerFeeBps)).size > 1;
  return rows.map((row) => {
    const where = row.fold !== undefined ? ` fold ${row.fold}` : showSeed && row.seed !== undefined ? ` seed ${row.seed}` : '';
    const fee = fees ? ` ${feeLabel(row.makerFeeBps).padEnd(15)}` : '';
    const head = `${(row.tier ?? tierLabel(row.budget)).padStart(5)} ${row.format.padEnd(12)}${fee}${where}`;
    const m = row.metrics;
    const sides = m.buyFills === undefined ? '' : ` (${m.buyFills} buy / ${m.sellFills} sell) uptime bid ${(m.bidUptime * 100).toFixed(0)}% ask ${(m.askUptime * 100).toFixed(0)}%`;
    const breakEven = row.breakEvenMakerFeeBps === undefined ? '' : ` breakEvenMaker ${row.breakEvenMakerFeeBps === null ? 'n/a' : `${row.breakEvenMakerFeeBps.toFixed(2)}bps`}`;
    const figures = `pnl ${m.pnl.toFixed(2)} sharpe ${sharpeText(m, gates)} maxDD ${(m.maxDrawdown * 100).toFixed(2)}% fills ${m.fills}${sides}${breakEven}`;
    return `${head} ${row.gates.pass ? 'PASS' : 'FAIL'}  ${figures}`;
  });
}

/**
 * The closing note of a research run with several fee tiers, at the middle budget tier (the
 * charted one; budgets scale PnL but hardly change the fills): per format, the break-even maker
 * fee of the run at each fee tier (each tier is its own run: the edge filter changes the fills),
 * the markouts at the first tier, and which listed tiers, if any, make PnL positive. Ends with one
 * plain sentence over all formats.
 */
export function feeTierLines(rows: readonly ResultRow[]): string[] {
  const tiers = [...new Set(rows.map((r) => r.makerFeeBps))].filter((f): f is number => f !== undefined).sort((a, b) => a - b);
  if (tiers.length < 2) return [];
  const budgets = [...new Set(rows.map((r) => r.budget))].sort((a, b) => a - b);
  const budget = budgets[Math.floor((budgets.length - 1) / 2)];
  const atBudget = rows.filter((r) => r.budget === budget);
  const lines: string[] = [`fee tiers at ${tierLabel(budget)}: break-even maker fee (bps) of the run at each maker tier; markouts (bps per fill, mean ± stderr) at maker ${tiers[0]}bps`];
  const payers: string[] = [];
  for (const format of [...new Set(atBudget.map((r) => r.format))]) {
    const group = atBudget.filter((r) => r.format === format).sort((a, b) => (a.makerFeeBps ?? 0) - (b.makerFeeBps ?? 0));
    const breakEven = group.map((r) => `${r.breakEvenMakerFeeBps === null || r.breakEvenMakerFeeBps === undefined ? 'n/a' : r.breakEvenMakerFeeBps.toFixed(2)} @${r.makerFeeBps}`).join(', ');
    const markouts = Object.entries(group[0].attribution?.markoutsBps ?? {})
      .map(([h, m]) => `${h} ${m.n > 0 ? `${m.mean.toFixed(2)}±${m.stderr.toFixed(2)}` : 'n/a'}`)
      .join(', ');
    const paying = group.filter((r) => r.metrics.pnl > 0).map((r) => `${r.makerFeeBps}bps`);
    if (paying.length > 0) payers.push(`${format} at maker ${paying.join(', ')}`);
    lines.push(`  ${format.padEnd(12)} break-even ${breakEven}; markouts ${markouts || 'n/a'}; ${paying.length > 0 ? `pays at maker ${paying.join(', ')}` : 'pays at no listed tier'}`);
  }
  lines.push(payers.length > 0 ? `paying tiers at ${tierLabel(budget)}: ${payers.join('; ')}` : `no format pays at any listed maker fee tier (${tiers.join(', ')} bps) at ${tierLabel(budget)}`);
  return lines;
}
