import { Observable } from 'rxjs';
import type { BookSnapshotEvent, CandleEvent, MarketEvent, TradeEvent } from '@mml/core';

export interface ReplayOptions {
  /**
   * 'fast' (default): as fast as the consumer takes them. A number: speed-up over event time, e.g.
   * 60 replays one minute of data per second; waits are measured from the first event's ts.
   */
  pace?: 'fast' | number;
}

/**
 * Historical events as an Observable (the same `MarketEvent` shapes poll$ emits live), so a
 * strategy cannot tell backtest from paper by the data it sees. Unsubscribing stops the reading.
 */
export function replay$(events: Iterable<MarketEvent> | AsyncIterable<MarketEvent>, options: ReplayOptions = {}): Observable<MarketEvent> {
  const pace = options.pace ?? 'fast';
  if (pace !== 'fast' && !(pace > 0)) throw new RangeError(`replay$ pace must be 'fast' or > 0, got ${pace}`);
  return new Observable<MarketEvent>((subscriber) => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const wait = (ms: number) => new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
    void (async () => {
      let firstTs: number | undefined;
      const startWall = Date.now();
      for await (const event of events as AsyncIterable<MarketEvent>) {
        if (stopped) return;
        if (pace !== 'fast') {
          firstTs ??= event.ts;
          const due = startWall + (event.ts - firstTs) / pace - Date.now();
          if (due > 0) await wait(due);
          if (stopped) return;
        }
        subscriber.next(event);
      }
      subscriber.complete();
    })().catch((error: unknown) => subscriber.error(error));
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  });
}

/** What poll$ needs from a live source; ExchangeSource satisfies it. */
export interface PollSource {
  fetchCandles(symbol: string, timeframe: string, sinceMs: number, untilMs: number): Promise<{ candles: CandleEvent[] }>;
  fetchOrderBook?(symbol: string, depth: number): Promise<BookSnapshotEvent>;
  fetchTrades?(symbol: string, sinceMs?: number, limit?: number): Promise<TradeEvent[]>;
}

export interface PollOptions {
  symbol: string;
  timeframe: string;
  /** Wall-clock time between polls. */
  intervalMs: number;
  /** Stop after this many polls (default: forever). */
  iterations?: number;
  /** Closed bars to emit on the first poll (default 1). */
  lookbackBars?: number;
  /** Levels of the book snapshot emitted after each poll's candles (0 = none; default 20). */
  bookDepth?: number;
  /** Emit trades newer than the last one seen (default false). */
  trades?: boolean;
  /** The source's clock, for the first poll's range (default Date.now). */
  now?: () => number;
}

/**
 * Live events by polling: each poll emits the newly closed candles (never one twice), then a
 * `book` snapshot, then new trades. Errors end the stream (wrap with rxjs `retry` to keep going).
 */
export function poll$(source: PollSource, options: PollOptions): Observable<MarketEvent> {
  const now = options.now ?? Date.now;
  const depth = options.bookDepth ?? 20;
  return new Observable<MarketEvent>((subscriber) => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    void (async () => {
      let lastOpenTime = -Infinity;
      let lastTradeId = -Infinity;
      let since: number | undefined;
      for (let i = 0; options.iterations === undefined || i < options.iterations; i++) {
        if (i > 0) await new Promise<void>((resolve) => (timer = setTimeout(resolve, options.intervalMs)));
        if (stopped) return;
        if (since === undefined) {
          const tf = timeframeToMs(options.timeframe);
          since = Math.floor(now() / tf) * tf - (options.lookbackBars ?? 1) * tf;
        }
        const { candles } = await source.fetchCandles(options.symbol, options.timeframe, since, Number.MAX_SAFE_INTEGER);
        for (const c of candles) {
          if (stopped) return;
          if (c.openTime <= lastOpenTime) continue;
          lastOpenTime = c.openTime;
          since = c.openTime + c.durationMs;
          subscriber.next(c);
        }
        if (depth > 0 && source.fetchOrderBook) {
          const book = await source.fetchOrderBook(options.symbol, depth);
          if (stopped) return;
          subscriber.next(book);
        }
        if (options.trades && source.fetchTrades) {
          for (const t of await source.fetchTrades(options.symbol)) {
            if (stopped) return;
            if (t.id <= lastTradeId) continue;
            lastTradeId = t.id;
            subscriber.next(t);
          }
        }
      }
      subscriber.complete();
    })().catch((error: unknown) => {
      if (!stopped) subscriber.error(error);
    });
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  });
}

function timeframeToMs(timeframe: string): number {
  const match = /^(\d+)([smhdw])$/.exec(timeframe);
  if (!match) throw new RangeError(`unsupported timeframe "${timeframe}"`);
  return Number(match[1]) * { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[match[2] as 's'];
}
