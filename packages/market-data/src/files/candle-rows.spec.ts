import type { CandleEvent } from '@mml/core';
import { CANDLE_ROW_WIDTH, candlesToRows, rowsToCandles } from './candle-rows';

describe('candle rows', () => {
  const bars: CandleEvent[] = [
    { kind: 'candle', ts: 120_000, openTime: 60_000, durationMs: 60_000, open: 1, high: 2, low: 0.5, close: 1.5, volume: 3 },
    { kind: 'candle', ts: 180_000, openTime: 120_000, durationMs: 60_000, open: 1.5, high: 2, low: 1, close: -0, volume: 0, quoteVolume: 4.25, trades: 7, takerBuyVolume: 0 },
    { kind: 'candle', ts: 240_000, openTime: 180_000, durationMs: 60_000, open: 1, high: 1, low: 1, close: 1, volume: 1, trades: 0 },
  ];

  it('round-trips bars to the same objects: fields, their order, absent optional fields, -0', () => {
    const rows = candlesToRows(bars);
    expect(rows).toHaveLength(bars.length * CANDLE_ROW_WIDTH);
    const back = rowsToCandles(rows, 0, bars.length);
    expect(back.map((c) => Object.keys(c))).toEqual(bars.map((c) => Object.keys(c)));
    expect(back).toStrictEqual(bars);
    expect(Object.is(back[1].close, -0)).toBe(true);
    expect(rowsToCandles(rows, 1, 2)).toStrictEqual([bars[1]]);
  });

  it('puts the rows in shared memory when asked', () => {
    expect(Object.prototype.toString.call(candlesToRows(bars, true).buffer)).toBe('[object SharedArrayBuffer]');
    expect(Object.prototype.toString.call(candlesToRows(bars).buffer)).toBe('[object ArrayBuffer]');
  });
});
