import { BINANCE_BTCUSDT_SPOT, type CandleEvent, DiagnosticsSchema, Instrument, type QuoteLevel, QuoteIntentBuffer, type StrategyContext, intentRecord } from '@mml/core';
import type { RiskOverlay } from './overlay';
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

/** An intent as tests write it: levels, and diagnostics by name (written into the overlay's slots). */
export interface TestIntent {
  bids: QuoteLevel[];
  asks: QuoteLevel[];
  flatten?: boolean;
  diagnostics?: Record<string, number>;
}

/** Symmetric one-level intent around 3,000,000 ticks (30,000.00), half-spread `half` ticks. */
export function symmetricIntent(half = 500, lots = 100): TestIntent {
  return {
    bids: [{ priceTicks: 3_000_000 - half, sizeLots: lots }],
    asks: [{ priceTicks: 3_000_000 + half, sizeLots: lots }],
  };
}

/** What one application gave, as plain data (the intent's record, the overlay's live state, the reasons). */
export interface OverlayStep<S> {
  intent: { bids: QuoteLevel[]; asks: QuoteLevel[]; flatten: boolean | undefined; diagnostics: Record<string, number>; reasons: string[] };
  state: S;
  reasons: string[];
}

/**
 * Runs an overlay (or a stack) the way withOverlays does: bound once to a schema of its own slots,
 * applied in place to a preallocated intent into which each test intent is copied first.
 */
export function harness<S>(overlay: RiskOverlay<S>): { apply(intent: TestIntent, risk: RiskState): OverlayStep<S>; readonly state: S } {
  const schema = new DiagnosticsSchema(overlay.slots, overlay.reasons);
  const active = overlay.bind(schema);
  const buffer = new QuoteIntentBuffer(64, schema);
  return {
    get state() {
      return active.state;
    },
    apply(intent, risk) {
      buffer.clear();
      intent.bids.forEach((level, i) => Object.assign(buffer.bidLevel(i), level));
      intent.asks.forEach((level, i) => Object.assign(buffer.askLevel(i), level));
      buffer.setBidCount(intent.bids.length);
      buffer.setAskCount(intent.asks.length);
      buffer.flatten = intent.flatten === true;
      for (const [name, value] of Object.entries(intent.diagnostics ?? {})) buffer.diagnostics.values[schema.slot(name)] = value;
      active.apply(buffer, risk);
      const record = intentRecord(buffer);
      return { intent: { ...record, flatten: record.flatten ? true : undefined }, state: active.state, reasons: record.reasons };
    },
  };
}

/** One application of an overlay with a fresh state. */
export function run<S>(overlay: RiskOverlay<S>, intent: TestIntent, risk: RiskState): OverlayStep<S> {
  return harness(overlay).apply(intent, risk);
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
