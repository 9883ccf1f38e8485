import { deriveSeed, type CandleEvent, type InstrumentSpec } from '@mml/core';
import {
  createRunDirectory,
  evaluateGates,
  evaluateWalkForwardGate,
  hasEnoughFills,
  parseGateThresholds,
  type ResultRow,
  type RunSummary,
  type WalkForwardCandidate,
  type WalkForwardResult,
} from '@mml/reports';
import { listFormats } from '@mml/strategies';
import { runBacktestTask, type BacktestTask, type BacktestTaskResult } from './backtest-task';
import { workflowEngineConfig } from './starting-position';
import { codeVersion } from './cli-support';
import { isLearningFormat, LEARNING_FORMAT_BASES, searchSpaceOf } from './format-search-spaces';
import { loadPlugins } from './plugins';
import type { CandleSourceOptions } from './market-candles';
import { qualityLine, summarizeQuality } from './data-quality-summary';
import type { TickColumns } from '@mml/market-data';
import { loadWorkflowData } from './workflow-data';
import { packCandles } from './packed-candles';
import { searchCandidates, withParameters, type ParameterSet, type ParameterSpace, type SearchOptions } from './parameter-search';
import { resolveFormats, TASK_WORKER_FILE, verdictLines } from './research';
import { writeRunReport } from './run-report';
import { fractionToBps, withFees } from './fee-tiers';
import { deflatedSharpeOf, pboOf, type CandidateRun } from './overfitting-statistics';
import { indexRangeByTs, walkForwardWindows, type WalkForwardMode, type WalkForwardWindow } from './walk-forward-windows';
import { runOrderedTasks } from './worker-pool';

export interface WalkForwardAnalysisOptions {
  candles: readonly CandleEvent[];
  /** Tick data instead of candles (then `candles` is ignored): rows [from, to) of the columns. */
  ticks?: { columns: TickColumns; from: number; to: number };
  instrument: InstrumentSpec;
  trainDays: number;
  testDays: number;
  mode: WalkForwardMode;
  /** Gap between train end and test start, ms. */
  purgeMs?: number;
  search: SearchOptions;
  /** Required out-of-sample pass rate (0..1). */
  threshold: number;
  formats: readonly string[];
  /** Per-format config overrides (partial `{ model, overlays }`); search candidates are applied on top. */
  formatConfigs?: Readonly<Record<string, Record<string, unknown>>>;
  /** Search spaces that replace a format's own (defineFormat searchSpace) or built-in one. */
  searchSpaces?: Readonly<Record<string, ParameterSpace>>;
  /** Plugin modules (absolute paths) defining custom formats; every task loads them too. */
  plugins?: readonly string[];
  budget: number;
  seed: number;
  workers?: number;
  /** redis://host:port: run the tasks on a BullMQ queue served by `mml-worker` processes (default: local threads). */
  queue?: string;
  engineConfig?: Record<string, unknown>;
  /** Share of the budget held in base at the first mid (default 0.5). */
  startBaseFraction?: number;
  gates?: Record<string, unknown>;
  onProgress?: (done: number, total: number) => void;
}

/** A learning format against its base, out of sample, fold by fold. */
export interface LearningComparison {
  format: string;
  base: string;
  folds: number;
  /** Folds where the learning format's out-of-sample PnL beat its base's. */
  foldsBetter: number;
  meanPnl: number;
  baseMeanPnl: number;
  meanSharpe: number;
  baseMeanSharpe: number;
}

export interface WalkForwardAnalysis {
  windows: WalkForwardWindow[];
  learningVsBase: LearningComparison[];
  /** Per fold x format: the in-sample row of the chosen candidate, then its out-of-sample row. */
  rows: ResultRow[];
  /** Every candidate's in-sample row (phase "candidate", `selected` marks the winner), for results.csv. */
  candidateRows: ResultRow[];
  walkForward: WalkForwardResult[];
  /** Out-of-sample runs with equity curves (for the report). */
  testRuns: (BacktestTaskResult & { label: string })[];
  formatConfigs: Record<string, unknown>;
  seeds: Record<string, number>;
  gates: ReturnType<typeof parseGateThresholds>;
  execution: { workers: number; wallTimeMs: number };
}

interface Candidate {
  fold: number;
  format: string;
  params: ParameterSet;
  taskIndex: number;
}

/**
 * Walk-forward optimisation. For every fold and format: run each candidate parameter set on the
 * train window, pick the one with the best in-sample Sharpe (ties: first candidate), run it once on
 * the test window. A learning format (rl-enhanced) is instead trained on the train window
 * (learning on) and evaluated frozen on the test window with the policy it learned; it is judged
 * like the others, so its out-of-sample figures compare directly with its base format's.
 */
export async function runWalkForwardAnalysis(options: WalkForwardAnalysisOptions): Promise<WalkForwardAnalysis> {
  const started = Date.now();
  const { candles, ticks } = options;
  if (ticks === undefined && candles.length === 0) throw new RangeError('walk-forward needs candles');
  if (ticks !== undefined && !(ticks.to > ticks.from)) throw new RangeError('walk-forward needs tick events');
  const windows = walkForwardWindows({
    startTs: ticks !== undefined ? ticks.columns.ts[ticks.from] : candles[0].openTime,
    endTs: ticks !== undefined ? ticks.columns.ts[ticks.to - 1] + 1 : candles[candles.length - 1].ts,
    trainDays: options.trainDays,
    testDays: options.testDays,
    mode: options.mode,
    purgeMs: options.purgeMs,
  });
  const gates = parseGateThresholds(options.gates ?? {});
  const data: Pick<BacktestTask, 'candles' | 'ticks'> = ticks !== undefined ? { ticks: ticks.columns } : { candles: packCandles(candles, true) };
  const engineConfig = workflowEngineConfig(options.engineConfig, options.startBaseFraction, options.budget, options.instrument);
  const seeds: Record<string, number> = {};
  for (const format of options.formats) seeds[format] = deriveSeed(options.seed, `strategy:${format}`);
  // Ranges by candle close time (ts): a bar belongs to the window in which it became known. Tick
  // events by exchange time, [start, end).
  const ranges = windows.map((w) =>
    ticks !== undefined
      ? { train: tickRangeByTs(ticks.columns.ts, ticks.from, ticks.to, w.trainStart, w.trainEnd), test: tickRangeByTs(ticks.columns.ts, ticks.from, ticks.to, w.testStart, w.testEnd) }
      : { train: indexRangeByTs(candles, w.trainStart + 1, w.trainEnd + 1), test: indexRangeByTs(candles, w.testStart + 1, w.testEnd + 1) },
  );

  const candidatesFor = (format: string, fold: number) => searchCandidatesFor(format, options.search, fold, options.searchSpaces);
  const configOf = (format: string, params: ParameterSet) => withParameters(options.formatConfigs?.[format] ?? {}, params);
  const plugins = options.plugins !== undefined && options.plugins.length > 0 ? { plugins: options.plugins } : {};
  const totalTasks = windows.length * options.formats.reduce((n, f) => n + candidatesFor(f, 0).length, 0) + windows.length * options.formats.length;
  let doneBefore = 0;
  const progress = (done: number) => options.onProgress?.(doneBefore + done, totalTasks);

  // Phase 1: in-sample search (or training) for every fold x format x candidate.
  const trainTasks: BacktestTask[] = [];
  const candidates: Candidate[] = [];
  for (const w of windows) {
    for (const format of options.formats) {
      for (const params of candidatesFor(format, w.fold)) {
        candidates.push({ fold: w.fold, format, params, taskIndex: trainTasks.length });
        trainTasks.push({
          index: trainTasks.length,
          format,
          formatConfig: configOf(format, params),
          ...plugins,
          seed: seeds[format],
          instrument: options.instrument,
          engineConfig,
          ...data,
          range: ranges[w.fold].train,
          seriesPoints: 0,
          learn: isLearningFormat(format),
        });
      }
    }
  }
  const train = await runOrderedTasks(trainTasks, { workers: options.workers, queue: options.queue, workerFile: TASK_WORKER_FILE, runInProcess: runBacktestTask, onProgress: progress });
  doneBefore += trainTasks.length;

  // Phase 2: the chosen candidate of each fold x format, out of sample.
  const chosen: Candidate[] = [];
  for (const w of windows) {
    for (const format of options.formats) {
      const own = candidates.filter((c) => c.fold === w.fold && c.format === format);
      let best = own[0];
      for (const c of own) if (train.results[c.taskIndex].metrics.sharpe > train.results[best.taskIndex].metrics.sharpe) best = c;
      chosen.push(best);
    }
  }
  const testTasks: BacktestTask[] = chosen.map((c, index) => {
    const trained = train.results[c.taskIndex];
    return {
      index,
      format: c.format,
      formatConfig: configOf(c.format, c.params),
      ...plugins,
      ...(trained.policy !== undefined ? { policy: trained.policy } : {}),
      seed: seeds[c.format],
      instrument: options.instrument,
      engineConfig,
      ...data,
      range: ranges[c.fold].test,
      seriesPoints: 300,
      fillPoints: 300,
      returnMoments: true,
    };
  });
  const test = await runOrderedTasks(testTasks, { workers: options.workers, queue: options.queue, workerFile: TASK_WORKER_FILE, runInProcess: runBacktestTask, onProgress: progress });

  const fees = { makerFeeBps: fractionToBps(options.instrument.makerFee), takerFeeBps: fractionToBps(options.instrument.takerFee) };
  const judged = (run: BacktestTaskResult, extra: Omit<ResultRow, 'metrics' | 'gates' | 'reasons' | 'budget'>): ResultRow => {
    const v = evaluateGates(run.metrics, gates);
    return {
      budget: options.budget,
      ...extra,
      ...fees,
      metrics: run.metrics,
      attribution: run.attribution,
      breakEvenMakerFeeBps: run.breakEvenMakerFeeBps,
      gates: { pnl: v.pnl, sharpe: v.sharpe, enoughFills: v.enoughFills, drawdown: v.drawdown, pass: v.pass },
      reasons: v.reasons,
    };
  };
  const rows: ResultRow[] = [];
  const testRuns: (BacktestTaskResult & { label: string })[] = [];
  chosen.forEach((c, i) => {
    const inSample = train.results[c.taskIndex];
    const outOfSample = test.results[i];
    for (const [phase, run] of [['in-sample', inSample], ['out-of-sample', outOfSample]] as const) {
      rows.push(judged(run, { format: c.format, fold: c.fold, phase, seed: seeds[c.format], params: c.params }));
    }
    testRuns.push({ ...outOfSample, label: `${c.format} fold ${c.fold} (test)` });
  });
  const chosenSet = new Set(chosen);
  const candidateRows = candidates.map((c) => judged(train.results[c.taskIndex], { format: c.format, fold: c.fold, phase: 'candidate', selected: chosenSet.has(c), seed: seeds[c.format], params: c.params }));
  const walkForward: WalkForwardResult[] = options.formats.map((format) => {
    const oos = rows.filter((r) => r.format === format && r.phase === 'out-of-sample');
    const ins = rows.filter((r) => r.format === format && r.phase === 'in-sample');
    // A hard breach: the engine liquidated (equity limit or a hard breaker's flatten) in a test fold.
    const hardBreaches = oos.reduce((n, r) => n + r.metrics.liquidations, 0);
    const oosPnlSum = oos.reduce((sum, r) => sum + r.metrics.pnl, 0);
    const oosSharpeMean = mean(oos.map((r) => r.metrics.sharpe));
    const insufficientFillFolds = oos.filter((r) => !hasEnoughFills(r.metrics.fills, gates)).length;
    const verdict = evaluateWalkForwardGate({
      foldVerdicts: oos.map((r) => r.gates),
      hardBreaches,
      threshold: options.threshold,
      oosPnlSum,
      oosSharpeMean,
      insufficientFillFolds,
      minFillsForStatistics: gates.minFillsForStatistics,
    });
    const own = candidates.filter((c) => c.format === format);
    const runs: CandidateRun[] = own.map((c) => ({ fold: c.fold, params: c.params, metrics: train.results[c.taskIndex].metrics }));
    const oosMoments = chosen.map((c, i) => (c.format === format ? test.results[i].returnMoments : undefined)).filter((m) => m !== undefined);
    const candidateList: WalkForwardCandidate[] = own.map((c) => ({ fold: c.fold, params: c.params, selected: chosenSet.has(c), metrics: train.results[c.taskIndex].metrics }));
    return {
      format,
      budget: options.budget,
      folds: oos.length,
      inSampleSharpe: mean(ins.map((r) => r.metrics.sharpe)),
      outOfSampleSharpe: oosSharpeMean,
      ...verdict,
      pbo: pboOf(runs),
      deflatedSharpe: deflatedSharpeOf(runs, oosMoments, options.engineConfig?.['daysPerYear'] as number | undefined),
      candidates: candidateList,
    };
  });
  const formatConfigs: Record<string, unknown> = {};
  for (const run of test.results) formatConfigs[run.format] ??= run.formatConfig;
  const learningVsBase: LearningComparison[] = [];
  for (const format of options.formats) {
    const base = LEARNING_FORMAT_BASES[format];
    if (!base || !options.formats.includes(base)) continue;
    const own = rows.filter((r) => r.format === format && r.phase === 'out-of-sample');
    const theirs = rows.filter((r) => r.format === base && r.phase === 'out-of-sample');
    learningVsBase.push({
      format,
      base,
      folds: own.length,
      foldsBetter: own.filter((r, i) => r.metrics.pnl > theirs[i].metrics.pnl).length,
      meanPnl: mean(own.map((r) => r.metrics.pnl)),
      baseMeanPnl: mean(theirs.map((r) => r.metrics.pnl)),
      meanSharpe: mean(own.map((r) => r.metrics.sharpe)),
      baseMeanSharpe: mean(theirs.map((r) => r.metrics.sharpe)),
    });
  }
  return {
    windows,
    learningVsBase,
    rows,
    candidateRows,
    walkForward,
    testRuns,
    formatConfigs,
    seeds,
    gates,
    execution: { workers: Math.max(train.execution.workers, test.execution.workers), wallTimeMs: Date.now() - started },
  };
}

function searchCandidatesFor(format: string, search: SearchOptions, fold: number, overrides?: Readonly<Record<string, ParameterSpace>>): ParameterSet[] {
  if (isLearningFormat(format)) return [{}];
  const space = searchSpaceOf(format, overrides);
  if (!space) return [{}];
  return searchCandidates(space, { ...search, seed: deriveSeed(search.seed, `search:${format}:${fold}`) });
}

/** "7d", "6h", "3min", "30s": a window length given in (fractional) days. */
export function spanLabel(days: number): string {
  const round = (v: number) => Number(v.toPrecision(6));
  if (days >= 1) return `${round(days)}d`;
  if (days * 24 >= 1) return `${round(days * 24)}h`;
  if (days * 1440 >= 1) return `${round(days * 1440)}min`;
  return `${round(days * 86_400)}s`;
}

/** Rows of sorted exchange times `ts` within [from, to) whose time lies in [start, end). */
function tickRangeByTs(ts: Float64Array, from: number, to: number, start: number, end: number): [number, number] {
  const lower = (t: number) => {
    let lo = from;
    let hi = to;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ts[mid] < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return [lower(start), lower(end)];
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

export interface WalkForwardOptions extends CandleSourceOptions {
  trainDays: number;
  testDays: number;
  mode: WalkForwardMode;
  purgeMs?: number;
  search: SearchOptions;
  threshold: number;
  budget: number;
  formats: string | readonly string[];
  /** Per-format config overrides (partial `{ model, overlays }`). */
  formatConfigs?: Readonly<Record<string, Record<string, unknown>>>;
  /** Search spaces per format, replacing the format's own. */
  searchSpaces?: Readonly<Record<string, ParameterSpace>>;
  /** Plugin modules (absolute paths) defining custom formats: loaded here and in every worker. */
  plugins?: readonly string[];
  /** One maker / taker fee in bps for every run (default: the instrument's). */
  makerFeeBps?: number;
  takerFeeBps?: number;
  /** The effective run config (config file merged with flags), echoed into summary.json as inputs.runConfig. */
  runConfig?: Record<string, unknown>;
  seed: number;
  workers?: number;
  /** redis://host:port: run the tasks on a BullMQ queue served by `mml-worker` processes (default: local threads). */
  queue?: string;
  artifactsRoot: string;
  engineConfig?: Record<string, unknown>;
  /** Share of the budget held in base at the first mid (default 0.5). */
  startBaseFraction?: number;
  gates?: Record<string, unknown>;
  onProgress?: (done: number, total: number) => void;
  now?: Date;
}

/** The walk-forward app's job: load data, run the analysis, write the artifacts. */
export async function runWalkForward(options: WalkForwardOptions) {
  const plugins = loadPlugins(options.plugins);
  const known = listFormats().map((f) => (typeof f === 'string' ? f : f.name));
  const formats = resolveFormats(options.formats, known);
  const loaded = await loadWorkflowData({ ...options, seed: deriveSeed(options.seed, 'synthetic-market') });
  const engineConfig = { ...loaded.engineDefaults, ...(options.engineConfig ?? {}) };
  // Rows dropped or marked by the data-quality policy are recorded (summary.json and console), as research does.
  const quality = loaded.quality ? summarizeQuality(loaded.quality) : undefined;
  const instrument = withFees(loaded.instrument, options.makerFeeBps, options.takerFeeBps);
  const analysis = await runWalkForwardAnalysis({ ...options, engineConfig, candles: loaded.candles, ...(loaded.ticks !== undefined ? { ticks: loaded.ticks } : {}), instrument, formats });
  const { runId, dir } = createRunDirectory(options.artifactsRoot, 'walk-forward', options.now, { linkLatest: false });
  const summary: RunSummary & { learningVsBase: LearningComparison[] } = {
    app: 'walk-forward',
    title: `Walk-forward (${options.mode}, train ${spanLabel(options.trainDays)} / test ${spanLabel(options.testDays)}, ${analysis.windows.length} folds) on ${loaded.data.source}`,
    codeVersion: codeVersion(),
    inputs: {
      source: options.source,
      dataPath: options.dataPath ?? null,
      days: options.days,
      symbol: options.symbol ?? 'BTC/USDT',
      trainDays: options.trainDays,
      testDays: options.testDays,
      purgeMs: options.purgeMs ?? 0,
      mode: options.mode,
      search: { ...options.search },
      threshold: options.threshold,
      budget: options.budget,
      formats,
      seed: options.seed,
      engineConfig,
      startBaseFraction: workflowEngineConfig(engineConfig, options.startBaseFraction, 1, loaded.instrument)['startBaseFraction'] as number,
      instrument,
      quality: quality ?? null,
      ...(loaded.ticks !== undefined ? { tickQuality: loaded.tickQuality ?? null, tickCache: loaded.tickCache, tickClock: loaded.tickClock } : {}),
      windows: analysis.windows,
      searchSpaces: Object.fromEntries(formats.map((f) => [f, isLearningFormat(f) ? null : (searchSpaceOf(f, options.searchSpaces) ?? null)])),
      plugins,
      runConfig: options.runConfig ?? null,
    },
    data: loaded.data,
    formats: analysis.formatConfigs,
    seeds: { master: options.seed, ...analysis.seeds },
    gates: { ...analysis.gates, walkForwardPassRate: options.threshold },
    rows: analysis.rows,
    walkForward: analysis.walkForward,
    learningVsBase: analysis.learningVsBase,
    execution: { runId, wallTimeMs: analysis.execution.wallTimeMs, workers: analysis.execution.workers },
  };
  const reportPath = await writeRunReport(dir, summary, analysis.testRuns, [...analysis.rows, ...analysis.candidateRows]);
  const lines = analysis.walkForward.map(
    (w) =>
      `${w.format.padEnd(12)} ${w.pass ? 'PASS' : 'FAIL'}  summed out-of-sample PnL ${w.oosPnlSum.toFixed(2)}, mean out-of-sample Sharpe ${w.oosSharpeMean.toFixed(2)}` +
      `, pass rate ${(w.passRate * 100).toFixed(0)}% (threshold ${(w.threshold * 100).toFixed(0)}%), folds with < ${analysis.gates.minFillsForStatistics} fills ${w.insufficientFillFolds}, hard breaches ${w.hardBreaches}` +
      `, Sharpe in-sample ${w.inSampleSharpe?.toFixed(2)} vs out-of-sample ${w.outOfSampleSharpe?.toFixed(2)}, PBO ${w.pbo === null || w.pbo === undefined ? 'n/a' : w.pbo.toFixed(2)}, DSR ${w.deflatedSharpe === null || w.deflatedSharpe === undefined ? 'n/a' : w.deflatedSharpe.toFixed(2)}`,
  );
  for (const c of analysis.learningVsBase) {
    lines.push(`${c.format} vs ${c.base} out of sample: better PnL in ${c.foldsBetter}/${c.folds} folds, mean PnL ${c.meanPnl.toFixed(2)} vs ${c.baseMeanPnl.toFixed(2)}, mean Sharpe ${c.meanSharpe.toFixed(2)} vs ${c.baseMeanSharpe.toFixed(2)}`);
  }
  return {
    runId,
    dir,
    reportPath,
    summary,
    verdictLines: [...(quality ? [qualityLine(quality)] : []), ...verdictLines(analysis.rows.filter((r) => r.phase === 'out-of-sample'), false, analysis.gates), ...lines],
  };
}
