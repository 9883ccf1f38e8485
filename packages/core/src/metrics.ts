/** Why the order manager dropped (or shrank to nothing) an intent level: counts per reason over a run. */
export interface RejectedLevels {
  /** Inside maker fee + minEdgeBps of mid and not inventory-reducing (those are moved out, not dropped). */
  edge: number;
  /** No room under the hard inventory limit (or shrunk to zero by the soft limit). */
  inventory: number;
  /** Spot balances: no cash for a bid, no base held for an ask (without allowShort). */
  balance: number;
  /** Marketable (would cross the touch / last price): at decision time or on arrival. */
  postOnly: number;
  /** Below the instrument's min notional. */
  minNotional: number;
  /** Not a positive whole number of lots / ticks. */
  lot: number;
}

export const REJECT_REASONS: ReadonlyArray<keyof RejectedLevels> = ['edge', 'inventory', 'balance', 'postOnly', 'minNotional', 'lot'];

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
  /** Fills that bought / sold (maker and taker). */
  buyFills: number;
  sellFills: number;
  /** Share of the run's time with at least one live (arrived, not cancelled) quote resting on the bid / ask side. */
  bidUptime: number;
  askUptime: number;
  /** Intent levels the order manager dropped, by reason (a level counts once, under its first failed check). */
  rejectedLevels: RejectedLevels;
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
