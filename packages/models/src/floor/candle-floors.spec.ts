import { BINANCE_BTCUSDT_SPOT, createInstrument, parseConfig, SeededRandom, type CandleEvent, type Strategy, type StrategyContext } from '@mml/core';
import { avellanedaStoikovConfigSchema, createAvellanedaStoikovStrategy } from '../strategies/avellaneda-stoikov-strategy';
import { createGlftStrategy, glftConfigSchema } from '../strategies/glft-strategy';
import { avellanedaStoikovCandleFloor, checkAvellanedaStoikovFloorConfig } from './avellaneda-stoikov-candle-floor';
import { createFloorQuotes, LARGEST_FINITE_EXP_ARGUMENT, type FloorCandles, type FloorQuotes } from './floor-steps';
import { checkGlftFloorConfig, glftCandleFloor } from './glft-candle-floor';

/** The next double above x (x finite and > 0). */
function nextUp(x: number): number {
  const f = new Float64Array([x]);
  const bits = new BigInt64Array(f.buffer);
  bits[0] += 1n;
  return f[0];
}

const instrument = createInstrument(BINANCE_BTCUSDT_SPOT);
const BUDGET = 10_000;

describe('candle floors (hand-fused per-bar decisions)', () => {
  it('tells a finite exp exactly by its overflow threshold', () => {
    expect(Number.isFinite(Math.exp(LARGEST_FINITE_EXP_ARGUMENT))).toBe(true);
    expect(Number.isFinite(Math.exp(nextUp(LARGEST_FINITE_EXP_ARGUMENT)))).toBe(false);
    const rng = new SeededRandom(3);
    for (let i = 0; i < 2000; i++) {
      const x = LARGEST_FINITE_EXP_ARGUMENT + (rng.uniform() - 0.5) * (i < 1000 ? 1e-9 : 2000);
      expect(x <= LARGEST_FINITE_EXP_ARGUMENT).toBe(Number.isFinite(Math.exp(x)));
    }
  });

  /**
   * A random walk of 1m candles with bad ones (no open, high below low, no duration), gaps and flat
   * bars, and an inventory path that crosses both bounds (a side withdrawn).
   */
  function syntheticPath(seed: number, n: number): { bars: FloorCandles; inventory: Float64Array } {
    const rng = new SeededRandom(seed);
    const bars: FloorCandles = { count: n, ts: new Float64Array(n), durationMs: new Float64Array(n), open: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n), close: new Float64Array(n) };
    const inventory = new Float64Array(n);
    let price = 28_000;
    let ts = 0;
    let position = 0;
    for (let i = 0; i < n; i++) {
      ts += rng.uniform() < 0.02 ? 60_000 * (2 + Math.floor(rng.uniform() * 30)) : 60_000;
      const open = price;
      const close = rng.uniform() < 0.05 ? open : Math.round(open * Math.exp(0.0007 * rng.normal()) * 100) / 100;
      bars.ts[i] = ts;
      bars.durationMs[i] = rng.uniform() < 0.01 ? 0 : 60_000;
      bars.open[i] = rng.uniform() < 0.01 ? 0 : open;
      bars.high[i] = Math.max(open, close) * (1 + rng.exponential(4000));
      bars.low[i] = rng.uniform() < 0.01 ? bars.high[i] * 1.001 : Math.min(open, close) * (1 - rng.exponential(4000));
      bars.close[i] = close;
      price = close;
      // Inventory in whole lots, drifting over +-15 orders of the ~0.0178 BTC order size.
      position = Math.max(-0.3, Math.min(0.3, position + (rng.uniform() - 0.5) * 0.02));
      inventory[i] = instrument.lotsToSize(instrument.floorLots(Math.abs(position))) * Math.sign(position);
    }
    return { bars, inventory };
  }

  /** The strategy's intent on every bar of the path against the floor's quote; returns the bars with a side withdrawn. */
  function expectSameQuotes(strategy: Strategy, path: { bars: FloorCandles; inventory: Float64Array }, floor: FloorQuotes): number {
    const { bars, inventory } = path;
    let withdrawn = 0;
    for (let i = 0; i < bars.count; i++) {
      const candle: CandleEvent = { kind: 'candle', ts: bars.ts[i], openTime: bars.ts[i] - 60_000, durationMs: bars.durationMs[i], open: bars.open[i], high: bars.high[i], low: bars.low[i], close: bars.close[i], volume: 1 };
      const ctx: StrategyContext = {
        instrument, now: candle.ts, inventoryLots: instrument.sizeToLots(inventory[i]), inventory: inventory[i], cash: BUDGET, equity: BUDGET,
        initialEquity: BUDGET, peakEquity: BUDGET, bestBid: NaN, bestAsk: NaN, mid: candle.close, quoteBudget: BUDGET,
      };
      const intent = strategy.onEvent(candle, ctx);
      if (intent === undefined) throw new Error(`no intent at bar ${i}`);
      const model = [intent.bids[0]?.priceTicks ?? 0, intent.bids[0]?.sizeLots ?? 0, intent.asks[0]?.priceTicks ?? 0, intent.asks[0]?.sizeLots ?? 0];
      expect([i, ...model]).toEqual([i, floor.bidTicks[i], floor.bidLots[i], floor.askTicks[i], floor.askLots[i]]);
      if (model[1] === 0 || model[3] === 0) withdrawn++;
    }
    return withdrawn;
  }

  it('avellanedaStoikovCandleFloor quotes as the A-S strategy does on every bar, including bad candles, gaps and both inventory bounds', () => {
    const path = syntheticPath(21, 4000);
    const floor = createFloorQuotes(path.bars.count);
    avellanedaStoikovCandleFloor(parseConfig(avellanedaStoikovConfigSchema, {}, 'as'), instrument, BUDGET, path.bars, path.inventory, floor);
    const withdrawn = expectSameQuotes(createAvellanedaStoikovStrategy({}), path, floor);
    // The bounds were crossed (one side withdrawn) on part of the path, not all of it.
    expect(withdrawn).toBeGreaterThan(100);
    expect(withdrawn).toBeLessThan(path.bars.count / 2);
  });

  it('glftCandleFloor quotes as the GLFT strategy does on every bar, on the same kind of path', () => {
    const path = syntheticPath(22, 4000);
    const floor = createFloorQuotes(path.bars.count);
    glftCandleFloor(parseConfig(glftConfigSchema, {}, 'glft'), instrument, BUDGET, path.bars, path.inventory, floor);
    const withdrawn = expectSameQuotes(createGlftStrategy({}), path, floor);
    expect(withdrawn).toBeGreaterThan(100);
    expect(withdrawn).toBeLessThan(path.bars.count / 2);
  });

  it('each floor refuses a configuration it does not hand-code', () => {
    const as = parseConfig(avellanedaStoikovConfigSchema, {}, 'as');
    expect(() => checkAvellanedaStoikovFloorConfig({ ...as, levels: 2 })).toThrow(/levels must be 1/);
    expect(() => checkAvellanedaStoikovFloorConfig({ ...as, horizon: { ...as.horizon, mode: 'session' } })).toThrow(/horizon.mode must be rolling/);
    expect(() => checkAvellanedaStoikovFloorConfig({ ...as, volatility: { ...as.volatility, candleEstimator: 'yang-zhang' } })).toThrow(/candleEstimator/);
    const glft = parseConfig(glftConfigSchema, {}, 'glft');
    expect(() => checkGlftFloorConfig({ ...glft, intensity: { ...glft.intensity, source: 'trades' } })).toThrow(/intensity.source/);
    expect(() => checkGlftFloorConfig({ ...glft, volatility: { ...glft.volatility, kind: 'rolling' } })).toThrow(/volatility.kind/);
  });
});
