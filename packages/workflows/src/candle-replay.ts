import type { CandleEvent, MarketEvent } from '@mml/core';
import { endOfReplay } from './replay-end';
import { CANDLE_FIELDS, CANDLE_OPTIONAL_FROM, CANDLE_WIDTH, type PackedCandles } from './packed-candles';

/**
 * Replays rows [from, to) of packed candles into the engine WITHOUT unpacking them into objects:
 * one mutable CandleEvent is refilled for every row (the engine keeps no reference to events and
 * the strategies read them only during onEvent; see TickEventReplay), straight from the shared
 * Float64Array a worker thread received. A row's optional fields (NaN when absent) are set when
 * present and removed when absent, so every event reads exactly as `unpackCandles` would give it.
 * Unpacking a month of 1m bars per task cost ~20 ms and 4 MB of garbage; this costs nothing.
 * Optional columns absent from every row are skipped altogether: on the shared klines
 * (none of them) 21 replays of 30 days (research's 18 runs + 3 trainings, in events) took 540-640 ms
 * with the per-row check and 60-120 ms without, at load ~8.
 */
export class CandleReplay implements IterableIterator<MarketEvent> {
  private i: number;
  private readonly result: IteratorResult<MarketEvent> = { done: false, value: undefined as unknown as MarketEvent };
  private readonly candle: CandleEvent = { kind: 'candle', ts: 0, openTime: 0, durationMs: 0, open: 0, high: 0, low: 0, close: 0, volume: 0 };

  /** The optional columns with a value in at least one row: only those are ever set (or removed). */
  private readonly optional: readonly number[];

  constructor(
    private readonly packed: PackedCandles,
    from = 0,
    private readonly to = packed.count,
  ) {
    if (!(from >= 0 && to <= packed.count && from <= to)) throw new RangeError(`candle rows [${from}, ${to}) are outside [0, ${packed.count})`);
    this.i = from;
    this.optional = presentOptionalColumns(packed.data);
  }

  [Symbol.iterator](): IterableIterator<MarketEvent> {
    return this;
  }

  next(): IteratorResult<MarketEvent> {
    const r = this.result;
    const i = this.i;
    if (i >= this.to) return endOfReplay(r);
    this.i = i + 1;
    const d = this.packed.data;
    const o = i * CANDLE_WIDTH;
    const c = this.candle;
    c.ts = d[o];
    c.openTime = d[o + 1];
    c.durationMs = d[o + 2];
    c.open = d[o + 3];
    c.high = d[o + 4];
    c.low = d[o + 5];
    c.close = d[o + 6];
    c.volume = d[o + 7];
    const optional = this.optional;
    if (optional.length > 0) {
      const fields = c as unknown as Record<string, number>;
      for (let k = 0; k < optional.length; k++) {
        const f = optional[k];
        const value = d[o + f];
        const name = CANDLE_FIELDS[f];
        if (!Number.isNaN(value)) fields[name] = value;
        else if (name in fields) delete fields[name];
      }
    }
    r.value = c;
    return r;
  }
}

/** Per packed array (the same array serves every task of a run in-process): its optional columns with any value. */
const presentColumns = new WeakMap<Float64Array, readonly number[]>();

/**
 * The optional columns with a value in at least one row. Files without them (the shared klines)
 * then replay with no per-row work for them: a column absent from every row is never set, so there
 * is never anything to remove. Found once per array (a scan of ~0.1 M values for 30 days of 1m bars).
 */
function presentOptionalColumns(data: Float64Array): readonly number[] {
  let present = presentColumns.get(data);
  if (present === undefined) {
    const found: number[] = [];
    for (let f = CANDLE_OPTIONAL_FROM; f < CANDLE_WIDTH; f++) {
      for (let o = f; o < data.length; o += CANDLE_WIDTH) {
        if (!Number.isNaN(data[o])) {
          found.push(f);
          break;
        }
      }
    }
    present = found;
    presentColumns.set(data, present);
  }
  return present;
}

