import { BINANCE_BTCUSDT_SPOT, type CandleEvent, ConfigError, Instrument, intentReasons, SeededRandom, stableStringify, type StrategyContext } from '@mml/core';
import {
  createStrategyFromFormat,
  formatConfigFromJSON,
  formatConfigToJSON,
  getFormat,
  listFormats,
  parseFormatConfig,
} from './index';

const BTC = new Instrument(BINANCE_BTCUSDT_SPOT);
const MIN = 60_000;

function ctxAt(now: number, mid: number): StrategyContext {
  return { instrument: BTC, now, inventoryLots: 0, inventory: 0, cash: 10_000, equity: 10_000, initialEquity: 10_000, peakEquity: 10_000, bestBid: NaN, bestAsk: NaN, mid, quoteBudget: 10_000 };
}

/** A calm 1m candle path: tiny seeded moves (sigma ~ 0.02% per bar, a fifth of the overlays' target). */
function calmCandles(count: number, seed = 7): CandleEvent[] {
  const rng = new SeededRandom(seed);
  let price = 30_000;
  const out: CandleEvent[] = [];
  for (let i = 1; i <= count; i++) {
    const open = price;
    price = Math.round(price * Math.exp(0.0002 * rng.normal()) * 100) / 100;
    out.push({ kind: 'candle', ts: i * MIN, openTime: (i - 1) * MIN, durationMs: MIN, open, high: Math.max(open, price), low: Math.min(open, price), close: price, volume: 5 });
  }
  return out;
}

describe('format registry', () => {
  it('lists the named, versioned formats', () => {
    expect(listFormats().map((f) => `${f.name}@${f.version}`)).toEqual(
      expect.arrayContaining(['fixed-spread@1', 'as-baseline@2', 'as-stable@2', 'glft@2', 'glft-stable@2', 'rl-enhanced@2']),
    );
    expect(getFormat('as-stable').overlayOrder).toEqual(['vol-widen', 'adverse-move', 'drawdown-breaker', 'risk-off']);
    expect(getFormat('as-baseline').overlayOrder).toEqual([]);
    expect(() => getFormat('as-stabel')).toThrow(/unknown format "as-stabel" \(known: fixed-spread/);
  });

  it.each(listFormats().map((f) => f.name))('%s: config round-trips through JSON and rejects bad keys naming them', (name) => {
    const parsed = parseFormatConfig(name, {});
    const json = JSON.parse(stableStringify(formatConfigToJSON(parsed)));
    expect(json.format).toBe(name);
    expect(formatConfigFromJSON(json)).toEqual(parsed);
    expect(stableStringify(formatConfigToJSON(formatConfigFromJSON(json)))).toBe(stableStringify(formatConfigToJSON(parsed)));
    expect(() => parseFormatConfig(name, { model: { orderFractio: 0.1 } })).toThrow(new RegExp(`${name}\\.model\\.orderFractio.*unknown key`));
    // rl-enhanced nests its base model under model.base.
    const bad = name === 'rl-enhanced' ? { model: { base: { orderFraction: 2 } } } : { model: { orderFraction: 2 } };
    const key = name === 'rl-enhanced' ? 'model\\.base\\.orderFraction' : 'model\\.orderFraction';
    expect(() => parseFormatConfig(name, bad)).toThrow(ConfigError);
    expect(() => parseFormatConfig(name, bad)).toThrow(new RegExp(`${name}\\.${key}": must be <= 1`));
  });

  it('validates overlay parameters of stable formats and refuses a version mismatch', () => {
    expect(() => parseFormatConfig('as-stable', { overlays: { drawdownBreaker: { hardThreshold: -1 } } })).toThrow(/as-stable.overlays.drawdownBreaker.hardThreshold/);
    expect(() => parseFormatConfig('as-baseline', { overlays: {} })).toThrow(/as-baseline.overlays.*unknown key/);
    const json = formatConfigToJSON(parseFormatConfig('glft-stable', { overlays: { riskOffScaling: { enabled: false } } }));
    expect(() => formatConfigFromJSON({ ...json, version: 99 })).toThrow(/version.*version 2/);
    expect(() => formatConfigFromJSON({ ...json, extra: 1 })).toThrow(/extra/);
    expect(json.overlayOrder).toEqual(['vol-widen', 'adverse-move', 'drawdown-breaker']);
    expect(() => formatConfigFromJSON({ ...json, overlayOrder: ['risk-off', 'vol-widen'] })).toThrow(/overlayOrder.*vol-widen > adverse-move > drawdown-breaker/);
  });

  it('creates strategies that quote, from a partial config or an echoed FormatConfig', () => {
    for (const format of listFormats()) {
      const strategy = createStrategyFromFormat(format.name, {}, { seed: 1 });
      expect(strategy.name).toBe(format.name);
      let quoted = false;
      for (const candle of calmCandles(60)) {
        const intent = strategy.onEvent(candle, ctxAt(candle.ts, candle.close));
        if (intent && intent.bids.length > 0 && intent.asks.length > 0) quoted = true;
      }
      expect(quoted).toBe(true);
    }
    const echoed = formatConfigToJSON(parseFormatConfig('as-stable', { model: { gamma: 5 } }));
    expect(() => createStrategyFromFormat('as-stable', echoed, { seed: 1 })).not.toThrow();
    expect(() => createStrategyFromFormat('as-baseline', echoed, { seed: 1 })).toThrow(/not "as-baseline"/);
  });

  it('on a calm path the overlays change nothing: as-stable quotes exactly like as-baseline', () => {
    const stable = createStrategyFromFormat('as-stable', {}, { seed: 1 });
    const baseline = createStrategyFromFormat('as-baseline', {}, { seed: 1 });
    let compared = 0;
    for (const candle of calmCandles(300)) {
      const a = baseline.onEvent(candle, ctxAt(candle.ts, candle.close));
      const b = stable.onEvent(candle, ctxAt(candle.ts, candle.close));
      expect(b?.bids).toEqual(a?.bids);
      expect(b?.asks).toEqual(a?.asks);
      expect(b && intentReasons(b)).toEqual(a && intentReasons(a));
      if (a && a.bids.length > 0) compared++;
    }
    expect(compared).toBeGreaterThan(250);
  });
});
