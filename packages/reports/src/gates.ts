import { type ConfigOf, parseConfig, type RunMetrics } from '@mml/core';

/**
 * The research gates, in one place, so every app, table and JSON verdict uses the same rules.
 * A run passes when it made money (PnL above `minPnl`), had positive risk-adjusted return
 * (Sharpe above `minSharpe`) and never lost more than `maxDrawdown` of its INITIAL budget
 * (peak-to-trough, measured against the starting budget so tiers are comparable).
 */
export const GATE_SCHEMA = {
  minPnl: { type: 'number', default: 0, unit: 'quote currency', doc: 'A run passes the PnL gate when pnl is strictly greater than this.' },
  minSharpe: { type: 'number', default: 0, unit: 'annualised Sharpe', doc: 'A run passes the Sharpe gate when sharpe is strictly greater than this.' },
  maxDrawdown: {
    type: 'number',
    default: 0.4,
    min: 0,
    max: 1,
    unit: 'fraction of initial budget',
    doc: 'A run passes the drawdown gate when maxDrawdown (peak-to-trough / initial budget) is at most this.',
  },
  minFillsForStatistics: {
    type: 'number',
    default: 30,
    min: 0,
    integer: true,
    unit: 'fills',
    doc: 'Below this many fills a run\'s Sharpe is noise: it is shown as "insufficient fills" and the Sharpe gate fails with that reason.',
  },
} as const;

export type GateThresholds = ConfigOf<typeof GATE_SCHEMA>;

/** PnL > 0, Sharpe > 0 on at least 30 fills, max drawdown <= 40% of the initial budget. */
export const DEFAULT_GATES: Readonly<GateThresholds> = Object.freeze(parseConfig(GATE_SCHEMA, {}, 'gates'));

/** Parses user-supplied gate thresholds (unknown keys and out-of-range values throw ConfigError). */
export function parseGateThresholds(input: unknown, path = 'gates'): GateThresholds {
  return parseConfig(GATE_SCHEMA, input, path);
}

/** The booleans stored on every result row. */
export interface GateFlags {
  pnl: boolean;
  /** Sharpe above the threshold AND enough fills for it to mean anything. */
  sharpe: boolean;
  /** fills >= minFillsForStatistics (false: Sharpe is shown as "insufficient fills"). */
  enoughFills?: boolean;
  drawdown: boolean;
  /** All three gates pass. */
  pass: boolean;
}

export interface GateVerdict extends GateFlags {
  /** One human-readable line per gate, passing or failing, e.g. "FAIL sharpe -0.41 <= 0". */
  reasons: string[];
}

/**
 * Evaluates the three research gates on one run's metrics. Non-finite metrics always fail. A run
 * with fewer than `minFillsForStatistics` fills fails the Sharpe gate with "insufficient fills"
 * whatever its Sharpe: a Sharpe from a handful of fills is noise, not evidence.
 */
export function evaluateGates(metrics: Pick<RunMetrics, 'pnl' | 'sharpe' | 'maxDrawdown' | 'fills'>, thresholds: GateThresholds = DEFAULT_GATES): GateVerdict {
  const pnl = Number.isFinite(metrics.pnl) && metrics.pnl > thresholds.minPnl;
  const enoughFills = hasEnoughFills(metrics.fills, thresholds);
  const sharpe = enoughFills && Number.isFinite(metrics.sharpe) && metrics.sharpe > thresholds.minSharpe;
  const drawdown = Number.isFinite(metrics.maxDrawdown) && metrics.maxDrawdown <= thresholds.maxDrawdown;
  const reasons = [
    pnl ? `PASS pnl ${fmt(metrics.pnl)} > ${fmt(thresholds.minPnl)}` : `FAIL pnl ${fmt(metrics.pnl)} <= ${fmt(thresholds.minPnl)}`,
    !enoughFills
      ? `FAIL sharpe: insufficient fills (${metrics.fills} < ${thresholds.minFillsForStatistics})`
      : sharpe
        ? `PASS sharpe ${fmt(metrics.sharpe)} > ${fmt(thresholds.minSharpe)}`
        : `FAIL sharpe ${fmt(metrics.sharpe)} <= ${fmt(thresholds.minSharpe)}`,
    drawdown
      ? `PASS maxDrawdown ${pct(metrics.maxDrawdown)} <= ${pct(thresholds.maxDrawdown)} of initial budget`
      : `FAIL maxDrawdown ${pct(metrics.maxDrawdown)} > ${pct(thresholds.maxDrawdown)} of initial budget`,
  ];
  return { pnl, sharpe, enoughFills, drawdown, pass: pnl && sharpe && drawdown, reasons };
}

/** True when a run has enough fills for its Sharpe to be reported (fills >= minFillsForStatistics). */
export function hasEnoughFills(fills: number, thresholds: Pick<GateThresholds, 'minFillsForStatistics'> = DEFAULT_GATES): boolean {
  return Number.isFinite(fills) && fills >= thresholds.minFillsForStatistics;
}

/** A Sharpe for display: the number, or "insufficient fills" below the minimum. */
export function sharpeText(metrics: Pick<RunMetrics, 'sharpe' | 'fills'>, thresholds: Pick<GateThresholds, 'minFillsForStatistics'> = DEFAULT_GATES, digits = 2): string {
  if (!hasEnoughFills(metrics.fills, thresholds)) return 'insufficient fills';
  return Number.isFinite(metrics.sharpe) ? metrics.sharpe.toFixed(digits) : String(metrics.sharpe);
}

export const WALK_FORWARD_GATE_SCHEMA = {
  passRateThreshold: {
    type: 'number',
    default: 0.5,
    min: 0,
    max: 1,
    unit: 'fraction of folds',
    doc: 'Walk-forward passes when at least this fraction of out-of-sample folds pass all run gates (and no hard breaker fired).',
  },
} as const;

export interface WalkForwardGateInput {
  /** One verdict per out-of-sample fold: a boolean or anything with `pass` (a GateVerdict, a row's gates). */
  foldVerdicts: ReadonlyArray<boolean | { readonly pass: boolean }>;
  /** Number of hard-breaker breaches (e.g. kill-switch trips, liquidations) across the test folds. */
  hardBreaches: number;
  /** Required pass rate in [0, 1]. */
  threshold: number;
  /** Sum of the out-of-sample PnL over the folds (quote currency). */
  oosPnlSum: number;
  /** Mean of the out-of-sample Sharpe over the folds. */
  oosSharpeMean: number;
  /** Out-of-sample folds with fewer fills than minFillsForStatistics (their Sharpe is noise). */
  insufficientFillFolds: number;
  /** The minimum, for the reason line. */
  minFillsForStatistics: number;
}

export interface WalkForwardGateVerdict {
  /** Passing folds / folds (0 when there are no folds). */
  passRate: number;
  threshold: number;
  hardBreaches: number;
  oosPnlSum: number;
  oosSharpeMean: number;
  insufficientFillFolds: number;
  pass: boolean;
  reasons: string[];
}

/**
 * Out-of-sample gate. Passes only when ALL hold, each with its own reason line:
 * pass rate >= threshold; summed out-of-sample PnL > 0; mean out-of-sample Sharpe > 0; every
 * fold had at least minFillsForStatistics fills; zero hard-breaker breaches. A share of passing
 * folds alone is not enough: a format can pass most folds by a little and lose more in the rest
 * (summed PnL < 0), or average a negative Sharpe. No folds never passes.
 */
export function evaluateWalkForwardGate(input: WalkForwardGateInput): WalkForwardGateVerdict {
  const { foldVerdicts, hardBreaches, threshold, oosPnlSum, oosSharpeMean, insufficientFillFolds, minFillsForStatistics } = input;
  if (!Number.isFinite(threshold) || threshold < 0 || threshold > 1) {
    throw new RangeError(`walk-forward threshold must be in [0, 1], got ${threshold}`);
  }
  if (!Number.isInteger(hardBreaches) || hardBreaches < 0) {
    throw new RangeError(`hardBreaches must be a non-negative integer, got ${hardBreaches}`);
  }
  if (!Number.isInteger(insufficientFillFolds) || insufficientFillFolds < 0) {
    throw new RangeError(`insufficientFillFolds must be a non-negative integer, got ${insufficientFillFolds}`);
  }
  const folds = foldVerdicts.length;
  const passed = foldVerdicts.filter((v) => (typeof v === 'boolean' ? v : v.pass)).length;
  const passRate = folds === 0 ? 0 : passed / folds;
  const rateOk = folds > 0 && passRate >= threshold;
  const pnlOk = folds > 0 && Number.isFinite(oosPnlSum) && oosPnlSum > 0;
  const sharpeOk = folds > 0 && Number.isFinite(oosSharpeMean) && oosSharpeMean > 0;
  const fillsOk = insufficientFillFolds === 0;
  const breachOk = hardBreaches === 0;
  const reasons = [
    folds === 0
      ? 'FAIL no out-of-sample folds to judge'
      : rateOk
        ? `PASS pass rate ${passed}/${folds} = ${pct(passRate)} >= ${pct(threshold)}`
        : `FAIL pass rate ${passed}/${folds} = ${pct(passRate)} < ${pct(threshold)}`,
    pnlOk ? `PASS summed out-of-sample PnL ${fmt2(oosPnlSum)} > 0` : `FAIL summed out-of-sample PnL ${fmt2(oosPnlSum)} <= 0`,
    sharpeOk ? `PASS mean out-of-sample Sharpe ${fmt2(oosSharpeMean)} > 0` : `FAIL mean out-of-sample Sharpe ${fmt2(oosSharpeMean)} <= 0`,
    fillsOk
      ? `PASS every out-of-sample fold has >= ${minFillsForStatistics} fills`
      : `FAIL insufficient fills: ${insufficientFillFolds}/${folds} out-of-sample folds have < ${minFillsForStatistics} fills (their Sharpe is noise)`,
    breachOk ? 'PASS no hard-breaker breaches' : `FAIL ${hardBreaches} hard-breaker breach${hardBreaches === 1 ? '' : 'es'}`,
  ];
  return { passRate, threshold, hardBreaches, oosPnlSum, oosSharpeMean, insufficientFillFolds, pass: rateOk && pnlOk && sharpeOk && fillsOk && breachOk, reasons };
}

function fmt2(value: number): string {
  return Number.isFinite(value) ? value.toFixed(2) : String(value);
}

function fmt(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return Number.isInteger(value) ? String(value) : value.toFixed(4);
}

function pct(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return `${(value * 100).toFixed(2)}%`;
}
