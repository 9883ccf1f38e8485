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
 */
export class CandleReplay implements IterableIterator<MarketEvent> {
  private i: number;
  private readonly result: IteratorResult<MarketEvent> = { done: false, value: undefined as unknown as MarketEvent };
  private readonly candle: CandleEvent = { kind: 'candle', ts: 0, openTime: 0, durationMs: 0, open: 0, high: 0, low: 0, close: 0, volume: 0 };

  constructor(
    private readonly packed: PackedCandles,
    from = 0,
    private readonly to = packed.count,
  ) {
    if (!(from >= 0 && to <= packed.count && from <= to)) throw new RangeError(`candle rows [${from}, ${to}) are outside [0, ${packed.count})`);
    this.i = from;
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
    const fields = c as unknown as Record<string, number>;
    for (let f = CANDLE_OPTIONAL_FROM; f < CANDLE_WIDTH; f++) {
      const value = d[o + f];
      const name = CANDLE_FIELDS[f];
      if (!Number.isNaN(value)) fields[name] = value;
      else if (name in fields) delete fields[name];
    }
    r.value = c;
    return r;
  }
}
