/**
 * What the overlays may know when they transform a quote intent: the account and the market as
 * observed up to `now`, never later. Built online by `RiskStateTracker`; plain data so overlays
 * stay pure functions of (intent, risk, state).
 */
export interface RiskState {
  /** Time of the event being handled, Unix epoch ms. */
  now: number;
  /** Mid (or last price on candle data), quote per base. NaN until a price is known. */
  mid: number;
  /** The same mid expressed in (fractional) ticks of the instrument, so overlays work on the grid. */
  midTicks: number;
  equity: number;
  initialEquity: number;
  peakEquity: number;
  /** (peakEquity - equity) / initialEquity: the research gate's drawdown measure, >= 0. */
  drawdown: number;
  /** Signed inventory in lots and in base units. */
  inventoryLots: number;
  inventory: number;
  /** |inventory| x mid / quoteBudget: how much of the budget is held as inventory (0 when unknown). */
  inventoryFraction: number;
  /** Realised per-bar volatility of log returns, fast EWMA. NaN during warm-up. */
  sigma: number;
  /** Realised per-bar volatility, slow EWMA: what "normal" looks like recently. NaN during warm-up. */
  sigmaSlow: number;
  /** Per-bar volatility the strategy is sized for (configured). */
  sigmaTarget: number;
  /** Bar length that sigma is measured on, ms. */
  barMs: number;
  /** Log return of the mid over the last `returnWindowBars` bars (0 until enough history). */
  recentReturn: number;
  returnWindowBars: number;
  /** Log return of the mid over the last `trendWindowBars` bars (0 until enough history). */
  trendReturn: number;
  trendWindowBars: number;
  /** Number of bar returns seen so far. */
  bars: number;
}

/** A field of `RiskState` (all are numbers): what an overlay declares it reads, in `ActiveOverlay.reads`. */
export type RiskField = keyof RiskState;

/** Volatility the overlays normalise moves by: the slow realised sigma once known, else the target. */
export function referenceSigma(risk: RiskState): number {
  return Number.isFinite(risk.sigmaSlow) && risk.sigmaSlow > 0 ? risk.sigmaSlow : risk.sigmaTarget;
}
