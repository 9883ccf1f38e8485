import { BINANCE_BTCUSDT_SPOT } from '@mml/core';
import { downsample, runBacktestTask, type BacktestTask } from '../src/backtest-task';
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
