import type { RunMetrics } from '@mml/core';
import type { GateFlags, GateThresholds, WalkForwardGateVerdict } from './gates';

/**
 * The shape of `summary.json`. Everything except `execution` is a pure function of the run's
 * inputs (data, configs, seeds, code version), so two runs of the same inputs write byte-identical
 * files once `execution` is omitted. Timestamps here are data timestamps (Unix ms), never wall time.
 */
export interface RunSummary {
  /** App that produced the run: "research", "walk-forward", "campaign", ... */
  app: string;
  /** Short human title for the report page. */
  title?: string;
  /** Git sha (or "unknown"), passed in by the caller: reports never shells out. */
  codeVersion: string;
  /** Effective inputs of the run (CLI options, parsed configs), echoed for reproducibility. */
  inputs: Record<string, unknown>;
  /** Which data the run saw. */
  data: DataDescription;
  /** Effective config of each strategy format, by registry name. */
  formats: Record<string, unknown>;
  /** Every seed the run used, by label (e.g. { synthetic: 7, "rl-enhanced": 11 }). */
  seeds: Record<string, number>;
  /** The thresholds the verdicts were computed with. */
  gates: GateThresholds & { walkForwardPassRate?: number };
  /** One row per run (research: tier x format; walk-forward: fold x format; campaign: seed x format). */
  rows: ResultRow[];
  /** Walk-forward only: the out-of-sample verdict per format. */
  walkForward?: WalkForwardResult[];
  /** Wall-clock facts. NOT deterministic: omit it when comparing runs byte for byte. */
  execution?: ExecutionInfo;
}

export interface DataDescription {
  /** File path or exchange source ("binance:BTC/USDT 1m", "synthetic"). */
  source: string;
  symbol?: string;
  timeframe?: string;
  /** First and last event time seen, Unix ms. */
  startTs: number;
  endTs: number;
  /** Number of events (e.g. candles). */
  events?: number;
  /** Checksum of the input bytes or events, e.g. "sha256:<hex>". */
  checksum?: string;
}

export interface ResultRow {
  /** Strategy format registry name. */
  format: string;
  /** Initial budget in quote currency. */
  budget: number;
  /** Optional tier label, e.g. "10k". Defaults to the budget in tables. */
  tier?: string;
  /** Walk-forward fold index (0-based) and phase; campaign seed. */
  fold?: number;
  phase?: 'in-sample' | 'out-of-sample';
  seed?: number;
  /** Parameters chosen for this run (e.g. the walk-forward grid winner). */
  params?: Record<string, number | string | boolean>;
  metrics: RunMetrics;
  gates: GateFlags;
  /** The gate reasons (see evaluateGates). */
  reasons: string[];
}

/** Walk-forward verdict for one format: the gate verdict plus in-sample vs out-of-sample comparison. */
export interface WalkForwardResult extends WalkForwardGateVerdict {
  format: string;
  budget?: number;
  folds: number;
  /** Mean Sharpe of the chosen parameters on the train windows and on the following test windows. */
  inSampleSharpe?: number;
  outOfSampleSharpe?: number;
}

export interface ExecutionInfo {
  runId?: string;
  /** ISO time the run started (wall clock). */
  startedAt?: string;
  wallTimeMs?: number;
  workers?: number;
}
