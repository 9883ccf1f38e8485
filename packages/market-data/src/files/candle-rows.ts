import type { CandleEvent } from '@mml/core';

/**
 * Candles as rows of f64 in one Float64Array (`@mml/market-data/candle-rows`, which loads nothing
 * else): the layout of the cache of loaded kline files (candle-cache.ts) and of the workflows'
 * packed candles, which send a month of bars to a worker thread as one buffer. Optional fields
 * (from CANDLE_OPTIONAL_FROM on) are NaN when absent and absent again when read back, so a round
 * trip gives the same objects, fields in the same order.
 */
export const CANDLE_ROW_FIELDS = ['ts', 'openTime', 'durationMs', 'open', 'high', 'low', 'close', 'volume', 'quoteVolume', 'trades', 'takerBuyVolume'] as const;
export const CANDLE_OPTIONAL_FROM = 8;
export const CANDLE_ROW_WIDTH = CANDLE_ROW_FIELDS.length;
const WIDTH = CANDLE_ROW_WIDTH;

/** The bars as rows; `shared`: in a SharedArrayBuffer (worker threads read the same memory). */
export function candlesToRows(candles: readonly CandleEvent[], shared = false): Float64Array {
  const bytes = candles.length * WIDTH * Float64Array.BYTES_PER_ELEMENT;
  const rows = new Float64Array(shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  for (let i = 0; i < candles.length; i++) {
    const c = candles[i];
    const o = i * WIDTH;
    rows[o] = c.ts;
    rows[o + 1] = c.openTime;
    rows[o + 2] = c.durationMs;
    rows[o + 3] = c.open;
    rows[o + 4] = c.high;
    rows[o + 5] = c.low;
    rows[o + 6] = c.close;
    rows[o + 7] = c.volume;
    rows[o + 8] = c.quoteVolume ?? NaN;
    rows[o + 9] = c.trades ?? NaN;
    rows[o + 10] = c.takerBuyVolume ?? NaN;
  }
  return rows;
}

/**
 * Rows [from, to) as the parser builds bars: the same fields in the same order, the optional ones
 * only when present (written out, not looped by name: a keyed store per field per row was most of
 * the cost of reading back a month of bars).
 */
export function rowsToCandles(rows: Float64Array, from: number, to: number): CandleEvent[] {
  const candles: CandleEvent[] = [];
  for (let i = from; i < to; i++) {
    const o = i * WIDTH;
    const c: CandleEvent = { kind: 'candle', ts: rows[o], openTime: rows[o + 1], durationMs: rows[o + 2], open: rows[o + 3], high: rows[o + 4], low: rows[o + 5], close: rows[o + 6], volume: rows[o + 7] };
    const quoteVolume = rows[o + 8];
    const trades = rows[o + 9];
    const takerBuyVolume = rows[o + 10];
    if (!Number.isNaN(quoteVolume)) c.quoteVolume = quoteVolume;
    if (!Number.isNaN(trades)) c.trades = trades;
    if (!Number.isNaN(takerBuyVolume)) c.takerBuyVolume = takerBuyVolume;
    candles.push(c);
  }
  return candles;
}
