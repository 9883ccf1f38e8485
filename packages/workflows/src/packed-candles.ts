import type { CandleEvent } from '@mml/core';
import { CANDLE_OPTIONAL_FROM, CANDLE_ROW_FIELDS, CANDLE_ROW_WIDTH, candlesToRows, rowsToCandles } from '@mml/market-data/candle-rows';

/**
 * Candles packed column-wise into one Float64Array: sending a month of 1m bars to a worker thread
 * is then a single memcpy instead of structured-cloning 40k objects per task. Optional fields that
 * are absent are stored as NaN and restored as absent, so a round trip is lossless.
 */
export interface PackedCandles {
  count: number;
  data: Float64Array;
}

/** Column order of one packed row (market-data's candle rows); fields from CANDLE_OPTIONAL_FROM on are optional (NaN = absent). */
export const CANDLE_FIELDS = CANDLE_ROW_FIELDS;
export { CANDLE_OPTIONAL_FROM };
export const CANDLE_WIDTH = CANDLE_ROW_WIDTH;
const WIDTH = CANDLE_WIDTH;

/**
 * `shared` backs the array with a SharedArrayBuffer: worker threads then read the same memory
 * (no copy per task). Tasks only ever read it.
 */
export function packCandles(candles: readonly CandleEvent[], shared = false): PackedCandles {
  return { count: candles.length, data: candlesToRows(candles, shared) };
}

/** Unpacks rows [from, to) (default: all). */
export function unpackCandles(packed: PackedCandles, from = 0, to = packed.count): CandleEvent[] {
  return rowsToCandles(packed.data, from, to);
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
