import { runBacktest, type RunResult } from '@mml/backtest-engine';
import { BINANCE_BTCUSDT_SPOT, type CandleEvent, Instrument, SeededRandom } from '@mml/core';
import { createStrategyFromFormat, formatConfigToJSON, getFormat, parseFormatConfig } from '@mml/strategies';

/**
 * End-to-end checks of the stability overlays through the real engine (they cannot live in
 * @mml/risk-overlays or @mml/strategies: the engine is another layer).
 */
const BTC = new Instrument(BINANCE_BTCUSDT_SPOT);
const MIN = 60_000;
const START = Date.UTC(2024, 0, 1);

/** Candles from a list of closes: highs/lows a little beyond open/close so resting quotes can fill. */
function candles(closes: number[], rng: SeededRandom, wickFraction = 0.0008): CandleEvent[] {
  return closes.slice(1).map((close, i) => {
    const open = closes[i];
    const high = Math.max(open, close) * (1 + wickFraction * rng.uniform());
    const low = Math.min(open, close) * (1 - wickFraction * rng.uniform());
    return { kind: 'candle', ts: START + (i + 1) * MIN, openTime: START + i * MIN, durationMs: MIN, open, high, low, close, volume: 50 };
  });
}

/** A calm, mean-reverting path: +-0.1% oscillation with small noise, no trend. */
function calmCloses(bars: number, rng: SeededRandom): number[] {
  return Array.from({ length: bars + 1 }, (_, i) => Math.round(30_000 * (1 + 0.001 * Math.sin((2 * Math.PI * i) / 20) + 0.0002 * rng.normal()) * 100) / 100);
}

/** 10 calm hours, a -30% crash in one hour (log-linear), then 2 flat hours. */
function crashPath(seed: number): CandleEvent[] {
  const rng = new SeededRandom(seed);
  const closes = calmCloses(600, rng);
  const top = closes[closes.length - 1];
  for (let i = 1; i <= 60; i++) closes.push(Math.round(top * Math.pow(0.7, i / 60) * 100) / 100);
  const bottom = closes[closes.length - 1];
  for (let i = 1; i <= 120; i++) closes.push(Math.round(bottom * (1 + 0.0005 * rng.normal()) * 100) / 100);
  return candles(closes, rng);
}

/**
 * The same model config for both formats of a pair: orders of 30% of the budget, at most 3 held, so
 * an unprotected maker can put ~90% of its budget into a falling market.
 */
const MODEL = { orderFraction: 0.3, maxInventoryOrders: 3 };

function run(format: string, events: CandleEvent[], engine: Record<string, unknown> = {}): RunResult {
  const strategy = createStrategyFromFormat(format, { model: MODEL }, { seed: 1 });
  return runBacktest({ events, strategy, instrument: BTC, config: { quoteBudget: 10_000, ...engine } });
}

describe('strategy formats end to end (engine)', () => {
  const hardThreshold = (parseFormatConfig('as-stable').config.overlays as { drawdownBreaker: { hardThreshold: number } }).drawdownBreaker.hardThreshold;

  it.each([
    ['as-baseline', 'as-stable', 11],
    ['as-baseline', 'as-stable', 12],
    ['glft', 'glft-stable', 13],
  ])('on a -30%% crash in an hour, %s breaches the hard threshold and %s stays below it (seed %i)', (bare, stableFormat, seed) => {
    const events = crashPath(seed);
    const baseline = run(bare, events);
    const stable = run(stableFormat, events);
    expect(baseline.metrics.fills).toBeGreaterThan(0);
    expect(stable.metrics.fills).toBeGreaterThan(0);
    expect(baseline.metrics.maxDrawdown).toBeGreaterThan(hardThreshold);
    expect(stable.metrics.maxDrawdown).toBeLessThan(hardThreshold);
    expect(stable.metrics.maxDrawdown).toBeLessThan(baseline.metrics.maxDrawdown / 2);
  });

  it('on a calm path the overlays change nothing: identical fills and PnL', () => {
    // Two calm days: the A-S spread (volatility now from OHLC bars) spans much of the +-0.1% swing,
    // so fills are rare and a shorter path would test the overlays on a handful of fills.
    const events = candles(calmCloses(2880, new SeededRandom(3)), new SeededRandom(4));
    // Half the budget in base from the start (research's default), so both sides quote from bar one.
    const baseline = run('as-baseline', events, { startBaseFraction: 0.5 });
    const stable = run('as-stable', events, { startBaseFraction: 0.5 });
    expect(baseline.metrics.fills).toBeGreaterThan(10);
    expect(stable.fills).toEqual(baseline.fills);
    expect(stable.metrics.pnl).toBe(baseline.metrics.pnl);
    expect(stable.metrics.breakerTrips).toBe(0);
  });

  it('the format config echoed into an artifact rebuilds the same run', () => {
    const events = crashPath(5);
    const echoed = JSON.parse(JSON.stringify(formatConfigToJSON(parseFormatConfig('glft-stable', { model: MODEL }))));
    const a = runBacktest({ events, strategy: createStrategyFromFormat('glft-stable', echoed, { seed: 9 }), instrument: BTC });
    const b = runBacktest({ events, strategy: createStrategyFromFormat('glft-stable', { model: MODEL }, { seed: 9 }), instrument: BTC });
    expect(a.metrics).toEqual(b.metrics);
    expect(getFormat(echoed.format).version).toBe(echoed.version);
  });
});
