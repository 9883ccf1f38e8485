import type { InstrumentSpec, MarketEvent, PnlAttribution, RunMetrics, Strategy } from '@mml/core';
import { createInstrument } from '@mml/core';
import { runBacktest, type EquitySample, type RunResult } from '@mml/backtest-engine';
import type { ReturnMoments } from '@mml/reports';
import { createStrategyFromFormat, formatConfigToJSON, parseFormatConfig, policyOf } from '@mml/strategies';
import type { TickColumns } from '@mml/market-data';
import type { PackedCandles } from './packed-candles';
import { CandleReplay } from './candle-replay';
import type * as TickReplay from './tick-event-replay';
import { loadPlugins } from './plugins';
import { returnMomentsOfRun } from './return-moments';

export { returnMomentsOf, returnMomentsOfRun } from './return-moments';

/**
 * One independent backtest: everything it needs travels with it (data, configs, its own seed),
 * so it runs identically in-process or on any worker thread.
 */
export interface BacktestTask {
  index: number;
  format: string;
  /**
   * Absolute paths of the plugin modules that define custom formats; loaded (once per thread)
   * before the task runs, so threads and queue workers know the same formats as the main thread.
   */
  plugins?: readonly string[];
  /** Format config overrides (validated by the format's schema). */
  formatConfig?: Record<string, unknown>;
  seed: number;
  instrument: InstrumentSpec;
  engineConfig: Record<string, unknown>;
  /** The data: candles, or tick columns (one of the two). */
  candles?: PackedCandles;
  ticks?: TickColumns;
  /** Candle / tick row range [from, to) to run over (default: all). */
  range?: [number, number];
  /** Keep a downsampled equity curve for the report (at most this many points; 0 = none). */
  seriesPoints: number;
  /** Learning formats: update the policy while running (a train window). */
  learn?: boolean;
  /** Learning formats: the trained policy JSON to start from (evaluated frozen unless `learn`). */
  policy?: unknown;
  /** Keep up to this many fills (price and size as numbers) for the report's fill chart (0 = none). */
  fillPoints?: number;
  /** Return the power sums of the equity curve's period returns (walk-forward's deflated Sharpe). */
  returnMoments?: boolean;
}

/** A fill as the report draws it. */
export interface ReportedFill {
  ts: number;
  side: 'buy' | 'sell';
  price: number;
  size: number;
}

export interface BacktestTaskResult {
  index: number;
  format: string;
  metrics: RunMetrics;
  /** Where the PnL came from, and markouts (engine-level). */
  attribution: PnlAttribution;
  /** Maker fee (bps) at which this run's PnL would be zero with the same fills; null without maker fills. */
  breakEvenMakerFeeBps: number | null;
  /** Power sums of the sampled period returns (when the task asked for them). */
  returnMoments?: ReturnMoments;
  /** The effective format config, as the registry serialises it (echoed into summary.json). */
  formatConfig: unknown;
  equityCurve: EquitySample[];
  fills: ReportedFill[];
  /** Learning formats: the policy after the run (JSON), for evaluation on the next window. */
  policy?: unknown;
}

export function runBacktestTask(task: BacktestTask): BacktestTaskResult {
  loadPlugins(task.plugins);
  const [from, to] = task.range ?? [0, task.ticks !== undefined ? task.ticks.length : (task.candles?.count ?? 0)];
  const formatConfig = parseFormatConfig(task.format, task.formatConfig ?? {});
  const strategy = createStrategyFromFormat(task.format, formatConfig, {
    seed: task.seed,
    ...(task.learn ? { learning: true } : {}),
    ...(task.policy !== undefined ? { policy: task.policy } : {}),
  });
  const instrument = createInstrument(task.instrument);
  const result = runBacktest({
    events: taskEvents(task, from, to),
    strategy,
    instrument,
    config: { ...task.engineConfig, recordFills: (task.fillPoints ?? 0) > 0 },
  });
  const fills = downsample(result.fills, task.fillPoints ?? 0).map((f) => ({
    ts: f.ts,
    side: f.side,
    price: instrument.ticksToPrice(f.priceTicks),
    size: instrument.lotsToSize(f.sizeLots),
  }));
  return {
    index: task.index,
    format: task.format,
    metrics: result.metrics,
    attribution: result.attribution,
    breakEvenMakerFeeBps: result.breakEvenMakerFeeBps,
    // Summed from the engine's series: the curve's rows are not built for them.
    ...(task.returnMoments ? { returnMoments: returnMomentsOfRun(result) } : {}),
    formatConfig: formatConfigToJSON(formatConfig),
    // The curve's rows are built on first read: a run that keeps no curve never builds them.
    equityCurve: task.seriesPoints > 0 ? downsampleCurve(result, task.seriesPoints) : [],
    fills,
    ...(task.learn ? { policy: learnedPolicy(strategy, task.format) } : {}),
  };
}

function taskEvents(task: BacktestTask, from: number, to: number): Iterable<MarketEvent> {
  if (task.ticks !== undefined) {
    // Loaded for tick tasks only (it brings market-data's tick modules).
    const { TickEventReplay } = require('./tick-event-replay') as typeof TickReplay;
    return new TickEventReplay(task.ticks, from, to, Number(task.instrument.tickSize));
  }
  if (task.candles === undefined) throw new RangeError(`task ${task.index} (${task.format}) carries no data`);
  return new CandleReplay(task.candles, from, to);
}

/**
 * The policy a learning format ended its training run with; a learning run without one is an
 * error, so walk-forward can never silently evaluate an untrained policy.
 */
function learnedPolicy(strategy: Strategy, format: string): unknown {
  const policy = policyOf(strategy);
  if (policy === undefined) throw new RangeError(`format ${format} was run with learning on but exposes no learned policy`);
  return policy;
}

/** Every k-th sample plus the last, so at most `points` samples remain (deterministic). */
export function downsample<T>(rows: readonly T[], points: number): T[] {
  return downsampleIndices(rows.length, points).map((i) => rows[i]);
}

/**
 * A run's equity curve downsampled as `downsample` does; with the engine's `equitySeries` only
 * the rows kept are built (a 30-day 1m run charted at 500 points builds 500 rows, not 43 200).
 */
export function downsampleCurve(result: Pick<RunResult, 'equityCurve' | 'equitySeries'>, points: number): EquitySample[] {
  const series = result.equitySeries;
  if (series === undefined) return downsample(result.equityCurve, points);
  return downsampleIndices(series.count, points).map((i) => series.row(i));
}

/** The indices `downsample` keeps of `count` rows: every k-th, and the last in place of the final pick. */
function downsampleIndices(count: number, points: number): number[] {
  if (points <= 0 || count === 0) return [];
  const out: number[] = [];
  if (count <= points) {
    for (let i = 0; i < count; i++) out.push(i);
    return out;
  }
  const step = Math.ceil(count / points);
  for (let i = 0; i < count; i += step) out.push(i);
  out[out.length - 1] = count - 1;
  return out;
}
