/**
 * The metrics of one run. Plain data, produced by the engine and read by reports and gates.
 * Monetary values are in quote currency; fractions are plain fractions (0.4 = 40%).
 */
export interface RunMetrics {
  startTs: number;
  endTs: number;
  events: number;
  initialEquity: number;
  finalEquity: number;
  pnl: number;
  /** pnl / initialEquity. */
  totalReturn: number;
  /** Sampling interval of the equity curve used for Sharpe/Sortino, in ms. */
  samplingIntervalMs: number;
  /** Annualised with 365-day years: mean/std of period returns x sqrt(periods per year). */
  sharpe: number;
  sortino: number;
  calmar: number;
  /** Max peak-to-trough equity fall as a fraction of the initial budget (the research gate). */
  maxDrawdown: number;
  /** Max peak-to-trough equity fall as a fraction of the running peak. */
  maxDrawdownOfPeak: number;
  quotes: number;
  fills: number;
  makerFills: number;
  takerFills: number;
  /** fills / quotes placed. */
  fillRatio: number;
  /** Base volume traded. */
  volume: number;
  /** Quote notional traded. */
  notional: number;
  /** notional / initialEquity. */
  turnover: number;
  /** Fees paid in quote (negative = net rebates earned). */
  fees: number;
  avgAbsInventory: number;
  maxAbsInventory: number;
  /** Fraction of time the inventory sat at the hard limit. */
  timeAtInventoryLimit: number;
  breakerTrips: number;
  liquidations: number;
}
