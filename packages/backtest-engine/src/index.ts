export { engineConfigSchema, parseEngineConfig, type EngineConfig, type FillModelName } from './engine-config';
export { MarketMakingEngine } from './engine';
export { runBacktest, runBacktestAsync, type BacktestInput, type AsyncBacktestInput } from './run-backtest';
export { Ledger } from './ledger';
export { periodReturns, annualisedSharpe, annualisedSortino } from './run-statistics';
export type { OrderView, OrderUpdate, Liquidation, BreakerTrip, EngineStep, EquitySample, EquitySeries, RunResult } from './types';
export { PnlAttributionTracker, type ExactAttribution } from './pnl-attribution';
export { MarkoutTracker, TIME_MARKOUT_HORIZONS, BAR_MARKOUT_HORIZONS } from './markouts';
