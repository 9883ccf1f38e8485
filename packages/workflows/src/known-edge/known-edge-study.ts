import { createInstrument, type InstrumentSpec, type MarketEvent } from '@mml/core';
import { MarketMakingEngine } from '@mml/backtest-engine';
import {
  generateKnownEdgeCandles,
  generateKnownEdgeMarket,
  inventoryRuleTruth,
  parseKnownEdgeConfig,
  type KnownEdgeMarketConfig,
  type KnownEdgeTruth,
} from '@mml/market-data';
import { avellanedaStoikovRule, ruleStrategy, symmetricRule, type KnownEdgeRule } from './quoting-rules';

/**
 * The known-edge study: quoting rules run through MarketMakingEngine on the known-edge market, and
 * what the engine's fills measure per fill (spread capture, adverse selection, edge = capture −
 * adverse, before fees) against the closed-form truth of `inventoryRuleTruth`.
 *
 * Measured per fill, from the engine's fills and the mid the engine knew:
 * - spread capture = signed distance of the fill price from the mid known just before the event
 *   that filled it (tick data: V; candles: the previous close, the mid the quote was set against);
 * - adverse selection = the move of the mid against the fill from that mid to the mid known
 *   `horizonMs` later (tick data) or at the close `horizonBars` bars after the fill bar (candles);
 *   fills whose horizon runs past the data are dropped.
 * Confidence intervals: 95 %, from batch means (fills split in time order into `batches` batches,
 * Student t with batches − 1 degrees of freedom), because consecutive fills share inventory and
 * price moves and are not independent.
 */
export interface FillStatistic {
  mean: number;
  stderr: number;
  ci95: [number, number];
}

export interface RuleMeasurement {
  rule: string;
  description: string;
  data: 'ticks' | 'candles';
  /** Order latency the engine ran with (the engine's default: 1 ms on ticks, 0 on candles). */
  orderLatencyMs: number;
  fills: number;
  fillsPerSecond: number;
  spreadCapture: FillStatistic;
  adverseSelection: FillStatistic;
  edge: FillStatistic;
  /**
   * The engine's own PnL attribution of the same run (RunResult.attribution): spread capture per
   * unit filled, and its markout at the study's horizon ('1s' on ticks, '0bar' on candles) in bps
   * of the fill price, which is the edge per fill (capture − adverse selection) relative to price.
   */
  engineAttribution: { spreadCapturePerUnit: number; markoutLabel: string; markoutBps: { mean: number; stderr: number; n: number } };
}

export interface RuleStudyRow extends RuleMeasurement {
  truth: KnownEdgeTruth;
}

/** The study's instrument: the market's grid, no fees (edge before fees), no minimum notional. */
function studyInstrument(cfg: KnownEdgeMarketConfig): InstrumentSpec {
  return {
    exchange: 'synthetic', symbol: 'KNOWN/EDGE', base: 'BASE', quote: 'QUOTE',
    tickSize: String(cfg.tickSize), lotSize: String(cfg.lotSize), minNotional: '0', makerFee: '0', takerFee: '0',
  };
}

const STUDY_SIZE_LOTS = 1;

function engineFor(cfg: KnownEdgeMarketConfig, rule: KnownEdgeRule, data: 'ticks' | 'candles', latencyMs: number | undefined): MarketMakingEngine {
  return new MarketMakingEngine(createInstrument(studyInstrument(cfg)), ruleStrategy(rule, STUDY_SIZE_LOTS), {
    // Ample cash and no inventory limits that could clip a fill: the rule's own bound is the limit.
    quoteBudget: 1_000_000,
    allowShort: true,
    // By default the engine's documented latency (1 ms on tick data), which the oracle's timing
    // follows: a quote is re-placed after the exchange timestamp that filled or moved it is over,
    // live 1 ms after it (on whole-ms timestamps the same fills as 0 ms: tested).
    ...(latencyMs === undefined ? {} : { orderLatencyMs: latencyMs }),
    fillModel: data === 'ticks' ? 'trade' : 'candle',
    candle: { queueHaircut: 0, participationCap: 1 },
    risk: { liquidationEquityFraction: 0 },
    recordFills: false,
  });
}

interface PendingFill {
  ts: number;
  sign: number;
  capture: number;
  refMid: number;
  /** Candles: index of the close the markout is taken at. */
  closeIndex: number;
}

/** Runs one rule over the events and measures every fill (see the file comment). */
export function measureRule(
  cfg: KnownEdgeMarketConfig,
  rule: KnownEdgeRule,
  events: readonly MarketEvent[],
  data: 'ticks' | 'candles',
  horizon: { ms: number; bars: number },
  batches: number,
  orderLatencyMs?: number,
): RuleMeasurement {
  const engine = engineFor(cfg, rule, data, orderLatencyMs);
  const tick = cfg.tickSize;
  const captures: number[] = [];
  const adverse: number[] = [];
  const pending: PendingFill[] = [];
  let head = 0;
  let closes = -1;
  for (const event of events) {
    const midBefore = engine.context.mid;
    if (data === 'ticks') {
      // The mid known at t + horizon is the mid before the first event after t + horizon.
      while (head < pending.length && pending[head].ts + horizon.ms < event.ts) resolve(pending[head++], midBefore);
    }
    if (event.kind === 'candle') closes++;
    const step = engine.onEvent(event);
    for (const fill of step.fills) {
      const sign = fill.side === 'buy' ? 1 : -1;
      const price = fill.priceTicks * tick;
      pending.push({ ts: fill.ts, sign, capture: sign * (midBefore - price), refMid: midBefore, closeIndex: closes + horizon.bars });
    }
    if (event.kind === 'candle') {
      while (head < pending.length && pending[head].closeIndex <= closes) resolve(pending[head++], event.close);
    }
  }
  function resolve(p: PendingFill, laterMid: number): void {
    captures.push(p.capture);
    adverse.push(p.sign * (p.refMid - laterMid));
  }
  const run = engine.finish();
  const unitsFilled = run.metrics.volume;
  const markoutLabel = data === 'ticks' ? '1s' : '0bar';
  const first = events.length > 0 ? events[0].ts : 0;
  const last = events.length > 0 ? events[events.length - 1].ts : 0;
  const edges = captures.map((c, i) => c - adverse[i]);
  return {
    rule: rule.name,
    description: rule.description,
    data,
    orderLatencyMs: engine.config.orderLatencyMs,
    fills: captures.length,
    fillsPerSecond: last > first ? captures.length / ((last - first) / 1000) : 0,
    spreadCapture: batchMeans(captures, batches),
    adverseSelection: batchMeans(adverse, batches),
    edge: batchMeans(edges, batches),
    engineAttribution: {
      spreadCapturePerUnit: unitsFilled > 0 ? run.attribution.spreadCapture / unitsFilled : 0,
      markoutLabel,
      markoutBps: run.attribution.markoutsBps[markoutLabel] ?? { mean: NaN, stderr: NaN, n: 0 },
    },
  };
}

/** Mean and a 95 % confidence interval from batch means (see the file comment). */
export function batchMeans(xs: readonly number[], batches: number): FillStatistic {
  const n = xs.length;
  const b = Math.min(batches, n);
  if (b < 2) return { mean: n > 0 ? xs[0] : NaN, stderr: NaN, ci95: [NaN, NaN] };
  const means: number[] = [];
  for (let i = 0; i < b; i++) {
    const from = Math.floor((i * n) / b);
    const to = Math.floor(((i + 1) * n) / b);
    let sum = 0;
    for (let j = from; j < to; j++) sum += xs[j];
    means.push(sum / (to - from));
  }
  const mean = xs.reduce((a, x) => a + x, 0) / n;
  const batchMean = means.reduce((a, x) => a + x, 0) / b;
  const variance = means.reduce((a, x) => a + (x - batchMean) ** 2, 0) / (b - 1);
  const stderr = Math.sqrt(variance / b);
  const t = studentT975(b - 1);
  return { mean, stderr, ci95: [mean - t * stderr, mean + t * stderr] };
}

/** 97.5 % quantile of Student's t (table for small df, normal beyond). */
function studentT975(df: number): number {
  const table = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042];
  return df <= table.length ? table[df - 1] : 1.96 + 2.4 / df;
}

export interface KnownEdgeStudyOptions {
  /** Market overrides (defaults: the known-edge market's defaults). */
  market?: Partial<KnownEdgeMarketConfig>;
  /** Markout horizon on tick data (default 1000 ms). */
  horizonMs?: number;
  /** Markout horizon on candles: closes after the fill bar's close (default 0 = the fill bar's close). */
  horizonBars?: number;
  /** Batches for the confidence intervals (default 20). */
  batches?: number;
  /** Rules to run (default: `defaultStudyRules`). */
  rules?: KnownEdgeRule[];
  /** Informed shares of the sweep run with the A-S rule on ticks (default 0, 0.1, 0.25, 0.5); common random numbers across shares. */
  informedShares?: number[];
  /** Also run each rule on the derived 1m candles (default true). */
  candles?: boolean;
  /** Length of the candle runs (same market, same seed, longer: 1m bars give few fills per hour); default 1440. */
  candleMinutes?: number;
  /** Order latency (ms) of optional latency rows on tick data (default 0 = none; the main rows run at the engine's default, 1 ms). */
  latencyMs?: number;
}

export interface KnownEdgeStudy {
  market: KnownEdgeMarketConfig;
  horizonMs: number;
  horizonBars: number;
  candleMinutes: number;
  rows: RuleStudyRow[];
  /** The A-S rule on tick data, one row per informed share. */
  informedSweep: SweepRow[];
  /** Each rule on tick data with `latencyMs` of order latency: the cost of re-quoting later than the truth assumes. */
  latencyRows: RuleStudyRow[];
}

export interface SweepRow extends RuleStudyRow {
  informedShare: number;
}

/** A symmetric quoter one tick behind the touch, one a few USDT out, and an A-S quoter. */
export function defaultStudyRules(cfg: KnownEdgeMarketConfig): KnownEdgeRule[] {
  return [
    symmetricRule(cfg, 1),
    symmetricRule(cfg, Math.round(1 / cfg.depthDecayPerQuote / cfg.tickSize)),
    avellanedaStoikovRule(cfg, { gamma: 0.05, tauSeconds: 60, maxQ: 10 }),
  ];
}

export function runKnownEdgeStudy(options: KnownEdgeStudyOptions = {}): KnownEdgeStudy {
  const cfg = parseKnownEdgeConfig({ ...options.market, emitCandles: false, emitBooks: false, emitTrades: true, emitBbo: true });
  const horizonMs = options.horizonMs ?? 1000;
  const horizonBars = options.horizonBars ?? 0;
  const batches = options.batches ?? 20;
  if (!(horizonMs > 0)) throw new RangeError(`horizonMs must be > 0, got ${horizonMs}`);
  if (!Number.isInteger(horizonBars) || horizonBars < 0) throw new RangeError(`horizonBars must be an integer >= 0, got ${horizonBars}`);
  const horizon = { ms: horizonMs, bars: horizonBars };
  const rules = options.rules ?? defaultStudyRules(cfg);
  const ticks = [...generateKnownEdgeMarket(cfg)];
  const candles = options.candles === false ? [] : generateKnownEdgeCandles({ ...cfg, durationMinutes: options.candleMinutes ?? 1440 });
  const rows: RuleStudyRow[] = [];
  for (const rule of rules) {
    const truth = inventoryRuleTruth(cfg, rule);
    rows.push({ ...measureRule(cfg, rule, ticks, 'ticks', horizon, batches), truth });
    if (options.candles !== false) rows.push({ ...measureRule(cfg, rule, candles, 'candles', horizon, batches), truth });
  }
  const informedSweep: SweepRow[] = [];
  const shares = options.informedShares ?? [0, 0.1, 0.25, 0.5];
  for (const share of shares) {
    const market = parseKnownEdgeConfig({ ...cfg, informedShare: share });
    const rule = avellanedaStoikovRule(market, { gamma: 0.05, tauSeconds: 60, maxQ: 10 });
    const events = share === cfg.informedShare ? ticks : [...generateKnownEdgeMarket(market)];
    informedSweep.push({ ...measureRule(market, rule, events, 'ticks', horizon, batches), truth: inventoryRuleTruth(market, rule), informedShare: share });
  }
  const latencyMs = options.latencyMs ?? 0;
  const latencyRows: RuleStudyRow[] = [];
  if (latencyMs > 0) for (const rule of rules) latencyRows.push({ ...measureRule(cfg, rule, ticks, 'ticks', horizon, batches, latencyMs), truth: inventoryRuleTruth(cfg, rule) });
  return { market: cfg, horizonMs, horizonBars, latencyRows, candleMinutes: options.candles === false ? 0 : (options.candleMinutes ?? 1440), rows, informedSweep };
}
