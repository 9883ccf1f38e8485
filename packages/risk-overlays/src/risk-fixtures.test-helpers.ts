import { BINANCE_BTCUSDT_SPOT, type CandleEvent, Instrument, type QuoteIntent, type StrategyContext } from '@mml/core';
import type { RiskState } from './risk-state';

export const BTC = new Instrument(BINANCE_BTCUSDT_SPOT);

/** A calm risk state: sigma at half the target, no moves, no drawdown, flat. */
export function calmRisk(overrides: Partial<RiskState> = {}): RiskState {
  return {
    now: 1_700_000_000_000,
    mid: 30_000,
    midTicks: 3_000_000,
    equity: 10_000,
    initialEquity: 10_000,
    peakEquity: 10_000,
    drawdown: 0,
    inventoryLots: 0,
    inventory: 0,
    inventoryFraction: 0,
    sigma: 0.0005,
    sigmaSlow: 0.0005,
    sigmaTarget: 0.001,
    barMs: 60_000,
    recentReturn: 0,
    returnWindowBars: 5,
    trendReturn: 0,
    trendWindowBars: 30,
    bars: 100,
    ...overrides,
  };
}

/** Symmetric one-level intent around 3,000,000 ticks (30,000.00), half-spread `half` ticks. */
export function symmetricIntent(half = 500, lots = 100): QuoteIntent {
  return {
    bids: [{ priceTicks: 3_000_000 - half, sizeLots: lots }],
    asks: [{ priceTicks: 3_000_000 + half, sizeLots: lots }],
    diagnostics: { reservation: 30_000 },
    reasons: [],
  };
}

export function context(overrides: Partial<StrategyContext> = {}): StrategyContext {
  return {
    instrument: BTC,
    now: 0,
    inventoryLots: 0,
    inventory: 0,
    cash: 10_000,
    equity: 10_000,
    initialEquity: 10_000,
    peakEquity: 10_000,
    bestBid: NaN,
    bestAsk: NaN,
    mid: NaN,
    quoteBudget: 10_000,
    ...overrides,
  };
}

export function candle(ts: number, close: number, open = close): CandleEvent {
  return { kind: 'candle', ts, openTime: ts - 60_000, durationMs: 60_000, open, high: Math.max(open, close), low: Math.min(open, close), close, volume: 1 };
}

export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.freeze(value);
    for (const inner of Object.values(value as object)) deepFreeze(inner);
  }
  return value;
}
