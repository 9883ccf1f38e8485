import { join, resolve } from 'node:path';
import type * as Engine from '@mml/backtest-engine';
import type { RunResult } from '@mml/backtest-engine';
import { BINANCE_BTCUSDT_SPOT, createInstrument } from '@mml/core';
import { createStrategyFromFormat, parseFormatConfig } from '@mml/strategies';
import { downsample, runBacktestTask, returnMomentsOf, returnMomentsOfRun, type BacktestTask } from '../src/backtest-task';
import { loadWorkflowCandles } from '../src/market-candles';
import { packCandles, type PackedCandles } from '../src/packed-candles';
import { CandleReplay } from '../src/candle-replay';

// Every result runBacktestTask gets from the engine has an equityCurve getter that throws: a task
// that builds the curve fails. (The curve stays readable through the real engine, used below.)
jest.mock('@mml/backtest-engine', () => {
  const actual = jest.requireActual<typeof Engine>('@mml/backtest-engine');
  return {
    ...actual,
    runBacktest: (...args: Parameters<typeof actual.runBacktest>) => curveless(actual.runBacktest(...args)),
  };
});

function curveless(result: RunResult): RunResult {
  Object.defineProperty(result, 'equityCurve', {
    enumerable: true,
    get: () => {
      throw new Error('equityCurve read: the whole curve was built');
    },
  });
  return result;
}

const engine = jest.requireActual<typeof Engine>('@mml/backtest-engine');
const shared = process.env['MML_SHARED_DATA'] ?? resolve(__dirname, '..', '..', '..', '..', 'shared', 'data');
let candles: PackedCandles;

beforeAll(async () => {
  const loaded = await loadWorkflowCandles({ source: 'file', dataPath: join(shared, 'binance_btcusdt_1m_2023-03-16_2023-05-01.csv.gz'), days: 2 }, { packed: true });
  candles = loaded.packed ?? packCandles(loaded.candles);
});

const instrument = createInstrument({ ...BINANCE_BTCUSDT_SPOT });
const engineConfig = { quoteBudget: 10_000, initialInventory: 0.1 };

/** A real run through the engine itself (its curve readable), as runBacktestTask runs it. */
function realRun(format: string): RunResult {
  return engine.runBacktest({
    events: new CandleReplay(candles, 0, candles.count),
    strategy: createStrategyFromFormat(format, parseFormatConfig(format, {}), { seed: 7 }),
    instrument,
    config: engineConfig,
  });
}

/** Each sum of a and b is the same double (Object.is: -0 and NaN too). */
function expectSameBits(a: object, b: object): void {
  expect(Object.keys(a)).toEqual(Object.keys(b));
  for (const [key, value] of Object.entries(a)) expect([key, Object.is(value, (b as Record<string, unknown>)[key])]).toEqual([key, true]);
}

describe('returnMomentsOfRun', () => {
  it.each(['as-stable', 'glft'])('gives the sums of returnMomentsOf(equityCurve) bit for bit on 2 days of real 1m bars (%s)', (format) => {
    const result = realRun(format);
    const fromSeries = returnMomentsOfRun(result);
    const fromCurve = returnMomentsOf(result.equityCurve);
    // Two days of 1m samples, most of them returns, with inventory moving the equity.
    expect(fromCurve.n).toBeGreaterThan(2_800);
    expect(fromCurve.sum2).toBeGreaterThan(0);
    expectSameBits(fromSeries, fromCurve);
    // Without a series (a copied result) the curve is summed: the same numbers.
    expectSameBits(returnMomentsOfRun({ ...result }), fromCurve);
  });

  it('reads the series only: a result whose equityCurve getter throws still gives its moments', () => {
    const reference = realRun('as-stable');
    const series = reference.equitySeries;
    const result = curveless({ ...reference, equitySeries: series } as RunResult);
    expect(() => result.equityCurve).toThrow(/whole curve/);
    expectSameBits(returnMomentsOfRun(result), returnMomentsOf(reference.equityCurve));
  });

  it('counts no return after a non-positive equity, as periodReturns does', () => {
    const rows = [100, 101, 0, 50, 55, -1, 10, 11].map((equity, i) => ({ ts: i * 60_000, equity, cash: equity, inventory: 0, mid: 1, bid: null, ask: null }));
    const series = { count: rows.length, row: (i: number) => rows[i] };
    const moments = returnMomentsOfRun({ get equityCurve(): never { throw new Error('curve read'); }, equitySeries: series });
    // Returns 101/100-1, 0/101-1, 55/50-1, -1/55-1, 11/10-1: none from 0 or -1.
    expect(moments.n).toBe(5);
    expectSameBits(moments, returnMomentsOf(rows));
    expectSameBits(returnMomentsOfRun({ equityCurve: [], equitySeries: { count: 0, row: () => rows[0] } }), returnMomentsOf([]));
  });
});

describe('runBacktestTask with returnMoments', () => {
  it("sums the engine's series without building the curve, as the curve's sums", () => {
    const task: BacktestTask = {
      index: 0, format: 'as-stable', seed: 7, instrument: { ...BINANCE_BTCUSDT_SPOT }, engineConfig, candles, range: [0, candles.count],
      seriesPoints: 300, fillPoints: 300, returnMoments: true,
    };
    const run = runBacktestTask(task);
    const reference = realRun('as-stable');
    expect(run.metrics).toEqual(reference.metrics);
    expect(run.equityCurve).toEqual(downsample(reference.equityCurve, 300));
    expectSameBits(run.returnMoments as object, returnMomentsOf(reference.equityCurve));
  });
});
