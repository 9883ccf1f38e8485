import type { PnlAttribution, RunMetrics } from '@mml/core';
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
  /** 'candidate': one in-sample run of the walk-forward search (results.csv only; `selected` marks the winner). */
  phase?: 'in-sample' | 'out-of-sample' | 'candidate';
  /** Walk-forward candidate rows: true for the parameter set the fold selected. */
  selected?: boolean;
  seed?: number;
  /** Parameters chosen for this run (e.g. the walk-forward grid winner). */
  params?: Record<string, number | string | boolean>;
  metrics: RunMetrics;
  /** Maker / taker fee of the run's instrument, bps (negative maker = rebate): the fee tier. */
  makerFeeBps?: number;
  takerFeeBps?: number;
  /** Where the PnL came from (engine-level, exact to the ledger) and markouts per horizon. */
  attribution?: PnlAttribution;
  /** Maker fee (bps) at which this run's PnL would be zero with the same fills; null without maker fills. */
  breakEvenMakerFeeBps?: number | null;
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
  /**
   * Probability of backtest overfitting by CSCV over the candidates x folds in-sample Sharpe
   * matrix (Bailey, Borwein, Lopez de Prado & Zhu 2015); null when it cannot be computed (fewer
   * than 2 candidates or folds, or candidate sets that differ between folds).
   */
  pbo?: number | null;
  /** Deflated Sharpe ratio (Bailey & Lopez de Prado 2014) of the stitched out-of-sample returns, trials = candidates per fold; null without returns. */
  deflatedSharpe?: number | null;
  /** Every candidate's in-sample metrics per fold (the selected one flagged). */
  candidates?: WalkForwardCandidate[];
}

/** One in-sample run of the walk-forward search. */
export interface WalkForwardCandidate {
  fold: number;
  params: Record<string, number | string | boolean>;
  selected: boolean;
  metrics: RunMetrics;
}

export interface ExecutionInfo {
  runId?: string;
  /** ISO time the run started (wall clock). */
  startedAt?: string;
  wallTimeMs?: number;
  workers?: number;
}
