import type { InstrumentSpec, MarketEvent, RunMetrics, Strategy } from '@mml/core';
import { createInstrument } from '@mml/core';
import { runBacktest, type EquitySample } from '@mml/backtest-engine';
import { createStrategyFromFormat, formatConfigToJSON, parseFormatConfig, policyOf } from '@mml/strategies';
import type { TickColumns } from '@mml/market-data';
import { unpackCandles, type PackedCandles } from './packed-candles';
import { TickEventReplay } from './tick-event-replay';

/**
 * One independent backtest: everything it needs travels with it (data, configs, its own seed),
 * so it runs identically in-process or on any worker thread.
 */
export interface BacktestTask {
  index: number;
  format: string;
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
  /** The effective format config, as the registry serialises it (echoed into summary.json). */
  formatConfig: unknown;
  equityCurve: EquitySample[];
  fills: ReportedFill[];
  /** Learning formats: the policy after the run (JSON), for evaluation on the next window. */
  policy?: unknown;
}

export function runBacktestTask(task: BacktestTask): BacktestTaskResult {
  const [from, to] = task.range ?? [0, task.ticks !== undefined ? task.ticks.length : (task.candles?.count ?? 0)];
  const formatConfig = parseFormatConfig(task.format, task.formatConfig ?? {});
  const strategy = createStrategyFromFormat(task.format, formatConfig, {
    seed: task.seed,
    ...(task.learn ? { learning: true } : {}),
    ...(task.policy !== undefined ? { policy: task.policy } : {}),
  });
  const result = runBacktest({
    events: taskEvents(task, from, to),
    strategy,
    instrument: createInstrument(task.instrument),
    config: { ...task.engineConfig, recordFills: (task.fillPoints ?? 0) > 0 },
  });
  const instrument = createInstrument(task.instrument);
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
    formatConfig: formatConfigToJSON(formatConfig),
    equityCurve: downsample(result.equityCurve, task.seriesPoints),
    fills,
    ...(task.learn ? { policy: learnedPolicy(strategy, task.format) } : {}),
  };
}

function taskEvents(task: BacktestTask, from: number, to: number): Iterable<MarketEvent> {
  if (task.ticks !== undefined) return new TickEventReplay(task.ticks, from, to, Number(task.instrument.tickSize));
  if (task.candles === undefined) throw new RangeError(`task ${task.index} (${task.format}) carries no data`);
  return unpackCandles(task.candles, from, to);
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
  if (points <= 0 || rows.length === 0) return [];
  if (rows.length <= points) return rows.slice();
  const step = Math.ceil(rows.length / points);
  const out: T[] = [];
  for (let i = 0; i < rows.length; i += step) out.push(rows[i]);
  if (out[out.length - 1] !== rows[rows.length - 1]) out[out.length - 1] = rows[rows.length - 1];
  return out;
}
