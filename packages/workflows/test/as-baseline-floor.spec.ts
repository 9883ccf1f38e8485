import { createInstrument, type Instrument } from '@mml/core';
import { runBacktest } from '@mml/backtest-engine';
import { SHARED_BTCUSDT_1M, sharedDataDir } from '@mml/market-data';
import { avellanedaStoikovCandleFloor, checkFloorConfig, createFloorQuotes } from '@mml/models';
import { createStrategyFromFormat } from '@mml/strategies';
import { join } from 'node:path';
import { asBaselineModelConfig, floorCandles, floorQuotes, quoteDifferences, recordFormatRun, type RecordedRun } from '../src/bench/format-floor';
import { CandleReplay } from '../src/candle-replay';
import { packCandles, type PackedCandles } from '../src/packed-candles';
import { workflowEngineConfig } from '../src/starting-position';
import { loadWorkflowData, type WorkflowData } from '../src/workflow-data';

/**
 * The floor of format-bench (issue 15, target 1): the hand-fused loop of as-baseline's per-bar
 * decision on candles must give the format's own quotes, bar for bar, through the engine (research's
 * replay and engine config) over the shared 30 days, at the bench's tier and the one whose fills differ; so the
 * floor's rate is the cost of exactly this format's arithmetic.
 */
describe('as-baseline floor (hand-fused A-S decision on candles)', () => {
  let loaded: WorkflowData;
  let instrument: Instrument;
  let packed: PackedCandles;
  /** The 10k tier's recorded run (the bench's), kept for the second test. */
  let run10k: RecordedRun;

  beforeAll(async () => {
    loaded = await loadWorkflowData({ source: 'file', dataPath: join(sharedDataDir(), SHARED_BTCUSDT_1M), days: 30, seed: 1 });
    instrument = createInstrument(loaded.instrument);
    packed = packCandles(loaded.candles);
  });

  const engineConfig = (budget: number) => workflowEngineConfig({ ...loaded.engineDefaults, recordFills: false }, undefined, budget, loaded.instrument);

  it.each([10_000, 100_000])('gives the format\'s quotes through the engine on every bar of the shared 30 days (%d tier)', (budget) => {
    const config = engineConfig(budget);
    const run = recordFormatRun('as-baseline', new CandleReplay(packed), packed.count, instrument, config);
    if (budget === 10_000) run10k = run;
    // The recorder leaves the run as it is: the same fills as the format alone.
    const alone = runBacktest({ events: new CandleReplay(packed), strategy: createStrategyFromFormat('as-baseline', {}, { seed: 1 }), instrument, config });
    expect(run.fills).toBe(alone.metrics.fills);
    expect(run.fills).toBeGreaterThan(500);
    expect(run.firstQuoted).toBe(0);
    expect(run.quotedBars).toBeGreaterThan(0.9 * packed.count);
    const floor = floorQuotes(asBaselineModelConfig(), instrument, budget, floorCandles(loaded.candles), run);
    expect(quoteDifferences(run.quotes, floor, 0)).toEqual({ count: 0, first: -1 });
    // Not a trivial agreement: both sides quoted on most bars, prices moving with the market.
    let twoSided = 0;
    for (let i = 0; i < packed.count; i++) if (floor.bidLots[i] > 0 && floor.askLots[i] > 0) twoSided++;
    expect(twoSided).toBeGreaterThan(0.9 * packed.count);
    expect(new Set(floor.bidTicks).size).toBeGreaterThan(10_000);
  });

  it('disagrees with the format as soon as its arithmetic or its inputs differ (the comparison has teeth)', () => {
    const budget = 10_000;
    const run = run10k;
    const candles = floorCandles(loaded.candles);
    const base = asBaselineModelConfig();
    const otherGamma = floorQuotes({ ...base, gamma: base.gamma * 1.01 }, instrument, budget, candles, run);
    expect(quoteDifferences(run.quotes, otherGamma, 0).count).toBeGreaterThan(1000);
    const otherWindow = floorQuotes({ ...base, intensity: { ...base.intensity, candles: { ...base.intensity.candles, windowCandles: 239 } } }, instrument, budget, candles, run);
    expect(quoteDifferences(run.quotes, otherWindow, 0).count).toBeGreaterThan(100);
    const flat = createFloorQuotes(packed.count);
    avellanedaStoikovCandleFloor(base, instrument, budget, candles, new Float64Array(packed.count), flat);
    expect(quoteDifferences(run.quotes, flat, 0).count).toBeGreaterThan(1000);
  });

  it('refuses a configuration it does not hand-code', () => {
    const base = asBaselineModelConfig();
    expect(() => checkFloorConfig({ ...base, levels: 2 })).toThrow(/levels must be 1/);
    expect(() => checkFloorConfig({ ...base, horizon: { ...base.horizon, mode: 'session' } })).toThrow(/horizon.mode must be rolling/);
    expect(() => checkFloorConfig({ ...base, volatility: { ...base.volatility, candleEstimator: 'yang-zhang' } })).toThrow(/candleEstimator/);
  });
});
