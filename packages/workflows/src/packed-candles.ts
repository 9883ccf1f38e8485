import type { CandleEvent } from '@mml/core';

/**
 * Candles packed column-wise into one Float64Array: sending a month of 1m bars to a worker thread
 * is then a single memcpy instead of structured-cloning 40k objects per task. Optional fields that
 * are absent are stored as NaN and restored as absent, so a round trip is lossless.
 */
export interface PackedCandles {
  count: number;
  data: Float64Array;
}

/** Column order of one packed row; fields from CANDLE_OPTIONAL_FROM on are optional (NaN = absent). */
export const CANDLE_FIELDS = ['ts', 'openTime', 'durationMs', 'open', 'high', 'low', 'close', 'volume', 'quoteVolume', 'trades', 'takerBuyVolume'] as const;
export const CANDLE_OPTIONAL_FROM = 8;
export const CANDLE_WIDTH = CANDLE_FIELDS.length;
const OPTIONAL_FROM = CANDLE_OPTIONAL_FROM;
const WIDTH = CANDLE_WIDTH;

/**
 * `shared` backs the array with a SharedArrayBuffer: worker threads then read the same memory
 * (no copy per task). Tasks only ever read it.
 */
export function packCandles(candles: readonly CandleEvent[], shared = false): PackedCandles {
  const bytes = candles.length * WIDTH * Float64Array.BYTES_PER_ELEMENT;
  const data = new Float64Array(shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  for (let i = 0; i < candles.length; i++) {
    const c = candles[i];
    const o = i * WIDTH;
    data[o] = c.ts;
    data[o + 1] = c.openTime;
    data[o + 2] = c.durationMs;
    data[o + 3] = c.open;
    data[o + 4] = c.high;
    data[o + 5] = c.low;
    data[o + 6] = c.close;
    data[o + 7] = c.volume;
    data[o + 8] = c.quoteVolume ?? NaN;
    data[o + 9] = c.trades ?? NaN;
    data[o + 10] = c.takerBuyVolume ?? NaN;
  }
  return { count: candles.length, data };
}

/** Unpacks rows [from, to) (default: all). */
export function unpackCandles(packed: PackedCandles, from = 0, to = packed.count): CandleEvent[] {
  const out: CandleEvent[] = [];
  const d = packed.data;
  for (let i = from; i < to; i++) {
    const o = i * WIDTH;
    const c: CandleEvent = {
      kind: 'candle',
      ts: d[o],
      openTime: d[o + 1],
      durationMs: d[o + 2],
      open: d[o + 3],
      high: d[o + 4],
      low: d[o + 5],
      close: d[o + 6],
      volume: d[o + 7],
    };
    // The optional fields written out (not looped by name): a keyed store per field per row was
    // most of the cost of unpacking a month of bars. Same fields, same order as the loop.
    const quoteVolume = d[o + OPTIONAL_FROM];
    const trades = d[o + OPTIONAL_FROM + 1];
    const takerBuyVolume = d[o + OPTIONAL_FROM + 2];
    if (!Number.isNaN(quoteVolume)) c.quoteVolume = quoteVolume;
    if (!Number.isNaN(trades)) c.trades = trades;
    if (!Number.isNaN(takerBuyVolume)) c.takerBuyVolume = takerBuyVolume;
    out.push(c);
  }
  return out;
}

/** Bar `i`'s open time (ms) in packed rows. */
export function packedOpenTime(packed: PackedCandles, i: number): number {
  return packed.data[i * WIDTH + 1];
}

/** Bar `i`'s close time `ts` (ms) in packed rows. */
export function packedTs(packed: PackedCandles, i: number): number {
  return packed.data[i * WIDTH];
}

/** Rows [from, count) as packed candles: a view of the same memory, no copy. */
export function packedFrom(packed: PackedCandles, from: number): PackedCandles {
  return { count: packed.count - from, data: packed.data.subarray(from * WIDTH, packed.count * WIDTH) };
}
