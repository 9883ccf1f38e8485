import { createInstrument, type Instrument } from '@mml/core';
import { runBacktest } from '@mml/backtest-engine';
import { SHARED_BTCUSDT_1M, sharedDataDir } from '@mml/market-data';
import { createFloorQuotes, type FloorCandles } from '@mml/models';
import { createStrategyFromFormat } from '@mml/strategies';
import { join } from 'node:path';
import { floorCandles, floorQuotes, formatFloor, quoteDifferences, recordFormatRun, ReplayedQuotes, type FloorFormat, type RecordedRun } from '../src/bench/format-floor';
import { CandleReplay } from '../src/candle-replay';
import { packCandles, type PackedCandles } from '../src/packed-candles';
import { workflowEngineConfig } from '../src/starting-position';
import { loadWorkflowData, type WorkflowData } from '../src/workflow-data';

/**
 * The floors of format-bench (issue 15, target 1): the hand-fused loop of a format's per-bar
 * decision on candles (as-baseline, glft) must give the format's own quotes, bar for bar, through
 * the engine (research's replay and engine config) over the shared 30 days, at the bench's budget
 * tier (and as-baseline at another); so a floor's rate is the cost of exactly that format's arithmetic. And the
 * recorded quotes played back through the engine give the format's fills (the bench's E).
 */
describe('format floors (hand-fused per-bar decisions on candles)', () => {
  let loaded: WorkflowData;
  let instrument: Instrument;
  let packed: PackedCandles;
  let candles: FloorCandles;
  /** The recorded runs by format and tier, kept for the later tests. */
  const runs = new Map<string, RecordedRun>();

  beforeAll(async () => {
    loaded = await loadWorkflowData({ source: 'file', dataPath: join(sharedDataDir(), SHARED_BTCUSDT_1M), days: 30, seed: 1 });
    instrument = createInstrument(loaded.instrument);
    packed = packCandles(loaded.candles);
    candles = floorCandles(loaded.candles);
  });

  const engineConfig = (budget: number) => workflowEngineConfig({ ...loaded.engineDefaults, recordFills: false }, undefined, budget, loaded.instrument);

  it.each<[FloorFormat, number]>([
    ['as-baseline', 10_000],
    ['glft', 10_000],
  ])("%s: the floor gives the format's quotes through the engine on every bar of the shared 30 days (%d tier, the bench's)", (format, budget) => {
    const config = engineConfig(budget);
    const run = recordFormatRun(format, new CandleReplay(packed), packed.count, instrument, config);
    runs.set(`${format} ${budget}`, run);
    // The recorder leaves the run as it is: the same fills as the format alone.
    const alone = runBacktest({ events: new CandleReplay(packed), strategy: createStrategyFromFormat(format, {}, { seed: 1 }), instrument, config });
    expect(run.fills).toBe(alone.metrics.fills);
    expect(run.fills).toBeGreaterThan(500);
    expect(run.firstQuoted).toBe(0);
    expect(run.quotedBars).toBeGreaterThan(0.9 * packed.count);
    const floor = floorQuotes(formatFloor(format), instrument, budget, candles, run);
    expect(quoteDifferences(run.quotes, floor, 0)).toEqual({ count: 0, first: -1 });
    // Not a trivial agreement: both sides quoted on most bars, prices moving with the market.
    let twoSided = 0;
    for (let i = 0; i < packed.count; i++) if (floor.bidLots[i] > 0 && floor.askLots[i] > 0) twoSided++;
    expect(twoSided).toBeGreaterThan(0.9 * packed.count);
    expect(new Set(floor.bidTicks).size).toBeGreaterThan(10_000);
    // Played back through the engine, the recorded quotes make the format's fills.
    const replayed = runBacktest({ events: new CandleReplay(packed), strategy: new ReplayedQuotes(run.quotes), instrument, config });
    expect(replayed.metrics.fills).toBe(run.fills);
  });

  it("as-baseline at the 100k tier (other fills, so another inventory path): the format's quotes on every bar", () => {
    const run = recordFormatRun('as-baseline', new CandleReplay(packed), packed.count, instrument, engineConfig(100_000));
    expect(quoteDifferences(run.quotes, floorQuotes(formatFloor('as-baseline'), instrument, 100_000, candles, run), 0)).toEqual({ count: 0, first: -1 });
    expect(run.fills).not.toBe((runs.get('as-baseline 10000') as RecordedRun).fills);
  });

  it('disagrees with the format as soon as its arithmetic or its inputs differ (the comparison has teeth)', () => {
    const budget = 10_000;
    const asBaseline = runs.get(`as-baseline ${budget}`) as RecordedRun;
    expect(quoteDifferences(asBaseline.quotes, floorQuotes(formatFloor('as-baseline', { gamma: 20.2 }), instrument, budget, candles, asBaseline), 0).count).toBeGreaterThan(1000);
    const window = { intensity: { candles: { windowCandles: 239 } } };
    expect(quoteDifferences(asBaseline.quotes, floorQuotes(formatFloor('as-baseline', window), instrument, budget, candles, asBaseline), 0).count).toBeGreaterThan(100);
    const glft = runs.get(`glft ${budget}`) as RecordedRun;
    expect(quoteDifferences(glft.quotes, floorQuotes(formatFloor('glft', { gamma: 1010 }), instrument, budget, candles, glft), 0).count).toBeGreaterThan(1000);
    // The inventory path is an input: flat inventory quotes differently.
    const flat = createFloorQuotes(packed.count);
    formatFloor('as-baseline')(instrument, budget, candles, new Float64Array(packed.count), flat);
    expect(quoteDifferences(asBaseline.quotes, flat, 0).count).toBeGreaterThan(1000);
  });
});
