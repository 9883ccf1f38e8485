import { join } from 'node:path';
import { BINANCE_BTCUSDT_SPOT, deriveSeed, type RunMetrics } from '@mml/core';
import { writeFileAtomic } from '@mml/core/io';
import { createRunDirectory, evaluateGates, parseGateThresholds, type ResultRow, type RunSummary } from '@mml/reports';
import { listFormats } from '@mml/strategies';
import { runAvellanedaStoikov2008Replication } from '@mml/models';
import { stableStringify } from '@mml/core';
import { runBacktestTask, type BacktestTask, type BacktestTaskResult } from './backtest-task';
import { workflowEngineConfig } from './starting-position';
import { codeVersion } from './cli-support';
import { distributionOf, type Distribution } from './distribution';
import { describe as describeCandles, syntheticCandles, syntheticMarketLabel, type SyntheticMarketKind } from './market-candles';
import { packCandles } from './packed-candles';
import { resolveFormats, TASK_WORKER_FILE, tierLabel, verdictLines } from './research';
import { writeRunReport } from './run-report';
import { runOrderedTasks } from './worker-pool';
import { isLearningFormat } from './format-search-spaces';
import { loadPlugins } from './plugins';
import { trainLearningFormats } from './learning-warmup';
import type { PackedCandles } from './packed-candles';
import { withFees } from './fee-tiers';
import { loadWorkflowData, type WorkflowData } from './workflow-data';

/** `n` consecutive slices of equal time over the loaded window (row ranges of candles or tick columns). */
export function sliceByTime(data: WorkflowData, n: number): { from: number; to: number; startTs: number; endTs: number }[] {
  const ts = (i: number) => (data.ticks !== undefined ? data.ticks.columns.ts[i] : data.candles[i].ts);
  const from = data.ticks !== undefined ? data.ticks.from : 0;
  const to = data.ticks !== undefined ? data.ticks.to : data.candles.length;
  if (to - from < n) throw new RangeError(`--n ${n}: the data window holds only ${to - from} events`);
  const start = ts(from);
  const span = ts(to - 1) + 1 - start;
  const out: { from: number; to: number; startTs: number; endTs: number }[] = [];
  let row = from;
  for (let k = 0; k < n; k++) {
    const end = k === n - 1 ? Infinity : start + (span * (k + 1)) / n;
    const first = row;
    while (row < to && ts(row) < end) row++;
    if (row === first) throw new RangeError(`--n ${n}: slice ${k} of the data window holds no event`);
    out.push({ from: first, to: row, startTs: ts(first), endTs: ts(row - 1) });
  }
  return out;
}

export interface CampaignOptions {
  /** Seeded runs per format. */
  n: number;
  /** Length of each synthetic run in days of 1m bars; with `dataPath`, the window of the data used (last days). */
  days: number;
  /**
   * Recorded data instead of the synthetic market (kline CSV or tick data, see DATA_HELP): the
   * window is cut into `n` consecutive slices of equal time and run i runs on slice i, so the
   * distribution is across market periods.
   */
  dataPath?: string;
  quality?: 'fail' | 'drop' | 'mark';
  budget: number;
  formats: string | readonly string[];
  /** Per-format config overrides (partial `{ model, overlays }`). */
  formatConfigs?: Readonly<Record<string, Record<string, unknown>>>;
  /** Plugin modules (absolute paths) defining custom formats: loaded here and in every worker. */
  plugins?: readonly string[];
  /** One maker / taker fee in bps for every run (default: the instrument's). */
  makerFeeBps?: number;
  takerFeeBps?: number;
  /** The effective run config (config file merged with flags), echoed into summary.json as inputs.runConfig. */
  runConfig?: Record<string, unknown>;
  seed: number;
  /** Which synthetic market (default 'known-edge'; 'gbm' = the earlier GBM/jump mid path). */
  syntheticMarket?: SyntheticMarketKind;
  /** Also run the Avellaneda-Stoikov 2008 section 3.3 replication (from @mml/models). */
  replicateAs2008?: boolean;
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

/** Metrics summarised across seeds, with the direction that makes a value "worse". */
const DISTRIBUTION_METRICS: ReadonlyArray<[keyof RunMetrics, boolean]> = [
  ['pnl', true],
  ['totalReturn', true],
  ['sharpe', true],
  ['maxDrawdown', false],
  ['fills', true],
  ['fees', false],
  ['maxAbsInventory', false],
  ['liquidations', false],
];

export interface CampaignFormatStats {
  format: string;
  runs: number;
  passing: number;
  metrics: Record<string, Distribution>;
}

/**
 * N runs per format on the synthetic market, each run i on its own seeded path (the same path for
 * every format, so formats are compared on identical markets), the same config otherwise.
 */
export async function runCampaign(options: CampaignOptions) {
  const started = Date.now();
  if (!Number.isInteger(options.n) || options.n < 1) throw new RangeError(`--n must be a positive integer, got ${options.n}`);
  const plugins = loadPlugins(options.plugins);
  const known = listFormats().map((f) => (typeof f === 'string' ? f : f.name));
  const formats = resolveFormats(options.formats, known);
  const gates = parseGateThresholds(options.gates ?? {});
  const recorded = options.dataPath !== undefined ? await loadWorkflowData({ source: 'file', dataPath: options.dataPath, days: options.days, quality: options.quality }) : undefined;
  const instrument = withFees(recorded !== undefined ? recorded.instrument : { ...BINANCE_BTCUSDT_SPOT }, options.makerFeeBps, options.takerFeeBps);
  const callerConfig = recorded !== undefined ? { ...recorded.engineDefaults, ...(options.engineConfig ?? {}) } : options.engineConfig;
  const engineConfig = workflowEngineConfig(callerConfig, options.startBaseFraction, options.budget, instrument);
  const slices = recorded !== undefined ? sliceByTime(recorded, options.n) : undefined;
  const market = options.syntheticMarket ?? 'known-edge';
  if (recorded !== undefined && formats.some(isLearningFormat)) {
    throw new RangeError(`campaign --data: learning formats (${formats.filter(isLearningFormat).join(', ')}) train on a separate market of their own seed, which recorded data does not have; leave them out with --formats`);
  }
  const tasks: BacktestTask[] = [];
  const marketSeeds: number[] = [];
  const trainingSeeds: number[] = [];
  const trainingMarkets = new Map<number, PackedCandles>();
  const runOfTask: number[] = [];
  const checksums: string[] = [];
  let startTs = Infinity;
  let endTs = -Infinity;
  for (let run = 0; run < options.n; run++) {
    const marketSeed = deriveSeed(options.seed, `campaign-market:${run}`);
    marketSeeds.push(marketSeed);
    let data: Pick<BacktestTask, 'candles' | 'ticks' | 'range'>;
    if (slices !== undefined && recorded !== undefined) {
      const slice = slices[run];
      data = recorded.ticks !== undefined ? { ticks: recorded.ticks.columns, range: [slice.from, slice.to] } : { candles: packCandles(recorded.candles.slice(slice.from, slice.to), true) };
      startTs = Math.min(startTs, slice.startTs);
      endTs = Math.max(endTs, slice.endTs);
    } else {
      const candles = syntheticCandles(options.days, marketSeed, market);
      const described = describeCandles('synthetic', candles, {});
      checksums.push(described.checksum ?? '');
      startTs = Math.min(startTs, described.startTs);
      endTs = Math.max(endTs, described.endTs);
      data = { candles: packCandles(candles, true) };
      if (formats.some(isLearningFormat)) {
        // Learning formats train on a market of their own seed (same length and calibration), never
        // on the market they are evaluated on.
        const trainingSeed = deriveSeed(options.seed, `campaign-training-market:${run}`);
        trainingSeeds.push(trainingSeed);
        trainingMarkets.set(run, packCandles(syntheticCandles(options.days, trainingSeed, market), true));
      }
    }
    for (const format of formats) {
      runOfTask.push(run);
      tasks.push({
        index: tasks.length,
        format,
        ...(options.formatConfigs?.[format] !== undefined ? { formatConfig: options.formatConfigs[format] } : {}),
        ...(options.plugins !== undefined && options.plugins.length > 0 ? { plugins: options.plugins } : {}),
        seed: deriveSeed(options.seed, `strategy:${format}:${run}`),
        instrument,
        engineConfig,
        ...data,
        seriesPoints: run === 0 ? 400 : 0,
        fillPoints: run === 0 ? 300 : 0,
      });
    }
  }
  const training = await trainLearningFormats(tasks, (task) => ({ candles: trainingMarkets.get(runOfTask[task.index]) as PackedCandles, range: undefined }), { workers: options.workers, workerFile: TASK_WORKER_FILE });
  const { results, execution } = await runOrderedTasks(tasks, { workers: options.workers, queue: options.queue, workerFile: TASK_WORKER_FILE, runInProcess: runBacktestTask, onProgress: options.onProgress });
  const rows: ResultRow[] = results.map((r, i) => {
    const v = evaluateGates(r.metrics, gates);
    return { format: r.format, budget: options.budget, tier: tierLabel(options.budget), seed: tasks[i].seed, metrics: r.metrics, attribution: r.attribution, breakEvenMakerFeeBps: r.breakEvenMakerFeeBps, gates: { pnl: v.pnl, sharpe: v.sharpe, enoughFills: v.enoughFills, drawdown: v.drawdown, pass: v.pass }, reasons: v.reasons };
  });
  const stats: CampaignFormatStats[] = formats.map((format) => {
    const own = rows.filter((r) => r.format === format);
    const metrics: Record<string, Distribution> = {};
    for (const [key, higherIsBetter] of DISTRIBUTION_METRICS) metrics[key] = distributionOf(own.map((r) => r.metrics[key] as number), higherIsBetter);
    return { format, runs: own.length, passing: own.filter((r) => r.gates.pass).length, metrics };
  });

  const { runId, dir } = createRunDirectory(options.artifactsRoot, 'campaign', options.now, { linkLatest: false });
  let replication: unknown = null;
  if (options.replicateAs2008) {
    // Section 3.3 of Avellaneda & Stoikov (2008), implemented and documented in @mml/models.
    replication = runAvellanedaStoikov2008Replication({ seed: deriveSeed(options.seed, 'as2008') });
    writeFileAtomic(join(dir, 'avellaneda-stoikov-2008.json'), stableStringify(replication, 2) + '\n');
  }
  const formatConfigs: Record<string, unknown> = {};
  for (const r of results) formatConfigs[r.format] ??= r.formatConfig;
  const seeds: Record<string, number> = { master: options.seed };
  marketSeeds.forEach((s, i) => (seeds[`market:${i}`] = s));
  trainingSeeds.forEach((s, i) => (seeds[`training-market:${i}`] = s));
  const summary: RunSummary & { campaign: CampaignFormatStats[]; replication: unknown } = {
    app: 'campaign',
    title: recorded !== undefined
      ? `Campaign: ${options.n} consecutive slices of ${recorded.data.source} x ${formats.length} formats`
      : `Campaign: ${options.n} seeded synthetic runs x ${formats.length} formats (${options.days} days of 1m bars each)`,
    codeVersion: codeVersion(),
    inputs: { n: options.n, days: options.days, budget: options.budget, formats, seed: options.seed, replicateAs2008: options.replicateAs2008 ?? false, rlTraining: { trainedPolicies: training.trained, on: 'one synthetic market per run with its own seed (seeds.training-market:<run>), same length and calibration' }, engineConfig: callerConfig ?? {}, startBaseFraction: engineConfig['startBaseFraction'], instrument, market: recorded !== undefined ? `recorded: ${recorded.data.source}` : `synthetic ${syntheticMarketLabel(market)}`, ...(recorded === undefined ? { syntheticMarket: market } : {}), ...(slices !== undefined ? { slices } : {}), plugins, runConfig: options.runConfig ?? null },
    data: recorded !== undefined ? recorded.data : { source: 'synthetic', symbol: 'BTC/USDT', timeframe: '1m', startTs, endTs, events: tasks.length > 0 ? (tasks[0].candles?.count ?? 0) : 0, checksum: checksums.join(',') },
    formats: formatConfigs,
    seeds,
    gates,
    rows,
    campaign: stats,
    replication,
    execution: { runId, wallTimeMs: Date.now() - started, workers: execution.workers },
  };
  const firstRuns: (BacktestTaskResult & { label: string })[] = results.slice(0, formats.length).map((r) => ({ ...r, label: `${r.format} seed run 0` }));
  const reportPath = await writeRunReport(dir, summary, firstRuns);
  const lines = stats.map((s) => {
    const p = s.metrics['pnl'];
    const dd = s.metrics['maxDrawdown'];
    return `${s.format.padEnd(12)} ${s.passing}/${s.runs} pass  pnl mean ${p.mean.toFixed(2)} std ${p.std.toFixed(2)} worst ${p.worst.toFixed(2)}  maxDD worst ${(dd.worst * 100).toFixed(2)}%`;
  });
  return { runId, dir, reportPath, summary, stats, verdictLines: options.n <= 3 ? [...verdictLines(rows, true, gates), ...lines] : lines };
}
