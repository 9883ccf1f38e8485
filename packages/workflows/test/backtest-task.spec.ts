import { BINANCE_BTCUSDT_SPOT, Instrument } from '@mml/core';
import { runBacktest } from '@mml/backtest-engine';
import { createStrategyFromFormat, parseFormatConfig } from '@mml/strategies';
import { downsample, downsampleCurve, runBacktestTask, type BacktestTask } from '../src/backtest-task';
import { syntheticCandles } from '../src/market-candles';
import { packCandles } from '../src/packed-candles';

const candles = packCandles(syntheticCandles(0.5, 21));
const task = (overrides: Partial<BacktestTask>): BacktestTask => ({
  index: 0,
  format: 'rl-enhanced',
  seed: 5,
  instrument: { ...BINANCE_BTCUSDT_SPOT },
  engineConfig: { quoteBudget: 10_000 },
  candles,
  seriesPoints: 0,
  ...overrides,
});

describe('runBacktestTask', () => {
  it('hands back the learned policy of a learning run, and feeds a given policy to the format', () => {
    const trained = runBacktestTask(task({ learn: true }));
    expect(trained.policy).toBeDefined();
    const evaluated = runBacktestTask(task({ policy: trained.policy }));
    expect(evaluated.policy).toBeUndefined();
    expect(evaluated.metrics.events).toBe(candles.count);
    expect(() => runBacktestTask(task({ policy: { not: 'a policy' } }))).toThrow(/policy/);
  });

  it('echoes the complete, versioned format config and runs over the requested range only', () => {
    const result = runBacktestTask(task({ format: 'fixed-spread', formatConfig: { model: { spreadBps: 55 } }, range: [100, 200], seriesPoints: 10, fillPoints: 5 }));
    expect(result.formatConfig).toMatchObject({ format: 'fixed-spread', version: 1, config: { model: { spreadBps: 55 } } });
    expect(result.metrics.events).toBe(100);
    expect(result.equityCurve.length).toBeLessThanOrEqual(10);
    expect(result.fills.length).toBeLessThanOrEqual(5);
  });

  it('rejects unknown format config keys naming them', () => {
    expect(() => runBacktestTask(task({ format: 'fixed-spread', formatConfig: { model: { spredBps: 55 } } }))).toThrow(/spredBps/);
  });
});

describe('downsample', () => {
  it('keeps at most n points, always the first and the last', () => {
    const rows = Array.from({ length: 1001 }, (_, i) => i);
    const d = downsample(rows, 100);
    expect(d.length).toBeLessThanOrEqual(100);
    expect(d[0]).toBe(0);
    expect(d[d.length - 1]).toBe(1000);
    expect(downsample(rows, 0)).toEqual([]);
    expect(downsample([1, 2], 5)).toEqual([1, 2]);
  });
});

describe('downsampleCurve', () => {
  it("keeps the rows downsample keeps of the whole curve, built from the engine's series", () => {
    const result = runBacktest({
      events: syntheticCandles(1, 7),
      strategy: createStrategyFromFormat('fixed-spread', parseFormatConfig('fixed-spread', {}), { seed: 1 }),
      instrument: new Instrument(BINANCE_BTCUSDT_SPOT),
      config: { quoteBudget: 10_000, initialInventory: 0.1 },
    });
    // A day of 1m bars: the samples span several of the recorder's chunks; some rows quote, some not.
    const series = result.equitySeries;
    expect(series?.count).toBeGreaterThan(1_000);
    for (const points of [1, 7, 500, 2_000, 5_000, 0]) expect(downsampleCurve(result, points)).toEqual(downsample(result.equityCurve, points));
    expect(result.equityCurve.some((s) => s.bid !== null) && result.equityCurve.some((s) => s.bid === null)).toBe(true);
    // A copied result carries no series (it is not enumerable): the curve itself is downsampled.
    const copy = { ...result };
    expect(copy.equitySeries).toBeUndefined();
    expect(downsampleCurve(copy, 500)).toEqual(downsample(result.equityCurve, 500));
    expect(() => series?.row(series.count)).toThrow(RangeError);
  });
});
