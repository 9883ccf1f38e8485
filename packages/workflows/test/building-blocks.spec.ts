import type { CandleEvent } from '@mml/core';
import { assertPaperOnly, LiveTradingRefusedError } from '../src/paper-only-guard';
import { walkForwardWindows, indexRangeByTs } from '../src/walk-forward-windows';
import { distributionOf } from '../src/distribution';
import { searchCandidates, withParameters } from '../src/parameter-search';
import { packCandles, unpackCandles } from '../src/packed-candles';
import { CandleReplay } from '../src/candle-replay';
import { createProgress } from '../src/progress';

const DAY = 86_400_000;

describe('assertPaperOnly', () => {
  it.each([[{}], [{ PAPER_ONLY: '1' }], [{ PAPER_ONLY: 'yes' }]])('refuses naming PAPER_ONLY when env is %j', (env) => {
    expect(() => assertPaperOnly(env)).toThrow(/PAPER_ONLY/);
    expect(() => assertPaperOnly(env)).toThrow(LiveTradingRefusedError);
  });
  it('refuses even with PAPER_ONLY=0, because there is no live order path', () => {
    expect(() => assertPaperOnly({ PAPER_ONLY: '0' })).toThrow(/no live order path/);
  });
});

describe('walkForwardWindows', () => {
  it('rolls fixed-length train windows followed by adjacent test windows', () => {
    const w = walkForwardWindows({ startTs: 0, endTs: 10 * DAY, trainDays: 3, testDays: 2, mode: 'rolling' });
    expect(w.map((f) => [f.trainStart / DAY, f.trainEnd / DAY, f.testStart / DAY, f.testEnd / DAY])).toEqual([
      [0, 3, 3, 5],
      [2, 5, 5, 7],
      [4, 7, 7, 9],
    ]);
  });
  it('anchors train windows at the start in anchored mode, and purges a gap', () => {
    const w = walkForwardWindows({ startTs: 0, endTs: 10 * DAY, trainDays: 3, testDays: 2, mode: 'anchored', purgeMs: DAY });
    expect(w.map((f) => [f.trainStart / DAY, f.trainEnd / DAY, f.testStart / DAY, f.testEnd / DAY])).toEqual([
      [0, 3, 4, 6],
      [0, 5, 6, 8],
      [0, 7, 8, 10],
    ]);
    for (const f of w) expect(f.testStart).toBeGreaterThanOrEqual(f.trainEnd);
  });
  it('explains when no fold fits', () => {
    expect(() => walkForwardWindows({ startTs: 0, endTs: 4 * DAY, trainDays: 3, testDays: 2, mode: 'rolling' })).toThrow(/no walk-forward fold fits/);
  });
  it('finds half-open index ranges by ts', () => {
    const items = [10, 20, 30, 40].map((ts) => ({ ts }));
    expect(indexRangeByTs(items, 20, 40)).toEqual([1, 3]);
    expect(indexRangeByTs(items, 0, 5)).toEqual([0, 0]);
  });
});

describe('distributionOf', () => {
  it('computes mean, sample std and the worst value in the metric direction', () => {
    const d = distributionOf([1, 2, 3, 4], true);
    expect(d.mean).toBe(2.5);
    expect(d.std).toBeCloseTo(Math.sqrt(5 / 3), 12);
    expect(d.worst).toBe(1);
    expect(distributionOf([0.1, 0.3], false).worst).toBe(0.3);
    expect(distributionOf([7], true).std).toBe(0);
  });
});

describe('searchCandidates', () => {
  const space = { 'model.gamma': { grid: [0.1, 1], min: 0.01, max: 10, log: true, decimals: 4 }, orderFraction: { grid: [0.02, 0.05, 0.1], min: 0.01, max: 0.2 } };
  it('enumerates the grid in key order, capped at trials', () => {
    const all = searchCandidates(space, { kind: 'grid', trials: 100, seed: 1 });
    expect(all).toHaveLength(6);
    expect(all[0]).toEqual({ 'model.gamma': 0.1, orderFraction: 0.02 });
    expect(searchCandidates(space, { kind: 'grid', trials: 4, seed: 1 })).toHaveLength(4);
  });
  it('samples random candidates inside the ranges, identical for the same seed', () => {
    const a = searchCandidates(space, { kind: 'random', trials: 20, seed: 7 });
    expect(a).toEqual(searchCandidates(space, { kind: 'random', trials: 20, seed: 7 }));
    expect(a).not.toEqual(searchCandidates(space, { kind: 'random', trials: 20, seed: 8 }));
    for (const s of a) {
      expect(s['model.gamma']).toBeGreaterThanOrEqual(0.01);
      expect(s['model.gamma']).toBeLessThanOrEqual(10);
      expect(s.orderFraction).toBeGreaterThanOrEqual(0.01);
      expect(s.orderFraction).toBeLessThanOrEqual(0.2);
    }
  });
  it('sets dotted keys without mutating the base config', () => {
    const base = { model: { gamma: 0.5, k: 2 }, orderFraction: 0.05 };
    expect(withParameters(base, { 'model.gamma': 2, orderFraction: 0.1 })).toEqual({ model: { gamma: 2, k: 2 }, orderFraction: 0.1 });
    expect(base.model.gamma).toBe(0.5);
  });
});

describe('packCandles', () => {
  it('round-trips candles, keeping absent optional fields absent', () => {
    const candles: CandleEvent[] = [
      { kind: 'candle', ts: 60_000, openTime: 0, durationMs: 60_000, open: 1, high: 2, low: 0.5, close: 1.5, volume: 3 },
      { kind: 'candle', ts: 120_000, openTime: 60_000, durationMs: 60_000, open: 1.5, high: 2, low: 1, close: 1.2, volume: 4, quoteVolume: 5, trades: 6, takerBuyVolume: 2 },
    ];
    expect(unpackCandles(packCandles(candles))).toEqual(candles);
    expect(unpackCandles(packCandles(candles), 1, 2)).toEqual([candles[1]]);
  });

  it('CandleReplay gives, event by event, exactly what unpackCandles gives (one reused object, optional fields set and removed)', () => {
    const candles: CandleEvent[] = [
      { kind: 'candle', ts: 60_000, openTime: 0, durationMs: 60_000, open: 1, high: 2, low: 0.5, close: 1.5, volume: 3, quoteVolume: 4.5, trades: 7, takerBuyVolume: 1 },
      { kind: 'candle', ts: 120_000, openTime: 60_000, durationMs: 60_000, open: 1.5, high: 2, low: 1, close: 1.2, volume: 4 },
      { kind: 'candle', ts: 180_000, openTime: 120_000, durationMs: 60_000, open: 1.2, high: 1.3, low: 1.1, close: 1.25, volume: 2, trades: 3 },
    ];
    const packed = packCandles(candles, true);
    const seen: CandleEvent[] = [];
    const objects = new Set<unknown>();
    for (const event of new CandleReplay(packed, 0, 3)) {
      objects.add(event);
      seen.push({ ...(event as CandleEvent) });
    }
    expect(seen).toStrictEqual(unpackCandles(packed));
    expect(objects.size).toBe(1);
    expect([...new CandleReplay(packed, 1, 2)].map((e) => ({ ...e }))).toEqual([candles[1]]);
    // Columns absent from every row of the range are skipped; one present in a later row only is set there.
    const later: CandleEvent[] = [];
    for (const event of new CandleReplay(packed, 1, 3)) later.push({ ...(event as CandleEvent) });
    expect(later).toStrictEqual(unpackCandles(packed, 1, 3));
    expect(() => new CandleReplay(packed, 2, 4)).toThrow(RangeError);
  });
});

describe('createProgress', () => {
  it('writes plain lines per decile when not a TTY', () => {
    const out: string[] = [];
    const p = createProgress('runs', { isTTY: false, write: (s: string) => out.push(s) });
    for (let i = 1; i <= 20; i++) p.update(i, 20);
    p.finish();
    expect(out).toHaveLength(11);
    expect(out[0]).toBe('runs: 1/20 (5%)\n');
    expect(out[out.length - 1]).toBe('runs: 20/20 (100%)\n');
  });
  it('redraws a bar in place on a TTY', () => {
    const out: string[] = [];
    const p = createProgress('runs', { isTTY: true, write: (s: string) => out.push(s) }, 10);
    p.update(5, 10);
    p.finish();
    expect(out[0]).toBe('\rruns [#####.....] 5/10');
    expect(out[1]).toBe('\n');
  });
});
