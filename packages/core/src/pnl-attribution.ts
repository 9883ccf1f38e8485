/**
 * Where a run's PnL came from. Plain data produced by the engine (every run, backtest or paper)
 * and read by reports. Monetary values in quote currency; markouts in basis points.
 *
 * The identity `pnl = spreadCapture + inventoryPnl - fees - liquidationCost` holds exactly in the
 * ledger's integer units (the float views below may differ by float rounding only).
 */
export interface PnlAttribution {
  /** Sum over quote fills of side x (mid known at fill time - fill price) x size: the edge captured against the mid. */
  spreadCapture: number;
  /** Mark-to-market of held inventory: sum over mid changes of inventory x change of mid. */
  inventoryPnl: number;
  /** Fees paid (maker and taker; negative = net rebates earned). */
  fees: number;
  /** Distance from the mid of forced flattening fills (liquidation or a strategy's flatten), >= 0 when they sold below / bought above the mid. */
  liquidationCost: number;
  /** PnL minus the PnL of holding the starting position untouched (initial inventory x mid change). */
  hedgedPnl: number;
  /** Per horizon label ("1s", "10s", "60s", "300s" on tick data; "0bar", "1bar", "5bar", "15bar" on candles). */
  markoutsBps: Record<string, MarkoutStat>;
}

/**
 * Mean markout of quote fills at one horizon: side x (mid at fill time + horizon - fill price) /
 * fill price, in bps (positive = the fill made money at that mid), with its standard error and
 * the number of fills whose horizon lay inside the data.
 */
export interface MarkoutStat {
  mean: number;
  stderr: number;
  n: number;
}
