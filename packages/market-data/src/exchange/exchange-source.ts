import * as ccxt from 'ccxt';
import Decimal from 'decimal.js';
import type { BookSnapshotEvent, CandleEvent, InstrumentSpec, TradeEvent } from '@mml/core';
import { CandleQualityChecker, type DataQualityReport } from '../quality/candle-quality';
import { forgetFailedMarketsLoad } from './forget-failed-markets-load';
import { withRetry, type RetryOptions } from './retry';

export interface ExchangeSourceOptions extends RetryOptions {
  /** Bars per kline request (default 1000, Binance's maximum). */
  pageLimit?: number;
  /** "Now" in ms, to decide which bars are closed (default: the exchange's clock). */
  now?: () => number;
}

export interface FetchedCandles {
  /** Closed bars with openTime in [sinceMs, untilMs), deduplicated and sorted. */
  candles: CandleEvent[];
  /** Gaps and zero-volume bars, reported (policy 'mark': nothing is dropped or fatal). */
  quality: DataQualityReport;
  /** Exchange calls made for this range, retries included (ccxt's own loadMarkets not counted). */
  requests: number;
  /**
   * Per candle, the exchange's own text for [open, high, low, close, volume] when its response
   * carried strings (Binance does), so caches can keep values digit for digit; else undefined.
   */
  text: Array<string[] | undefined>;
}

/**
 * Public market data from one ccxt exchange, with retries: klines over any range (paginated,
 * deduplicated, gaps reported), order book snapshots, recent trades and instrument metadata.
 * Every call is an idempotent GET, so transient failures are retried with exponential backoff.
 */
export class ExchangeSource {
  requests = 0;

  constructor(
    readonly exchange: ccxt.Exchange,
    private readonly options: ExchangeSourceOptions = {},
  ) {}

  get exchangeId(): string {
    return String(this.exchange.id);
  }

  /** Klines with openTime in [sinceMs, untilMs) that are closed by `now`. */
  async fetchCandles(symbol: string, timeframe: string, sinceMs: number, untilMs: number): Promise<FetchedCandles> {
    const durationMs = this.exchange.parseTimeframe(timeframe) * 1000;
    const limit = this.options.pageLimit ?? 1000;
    const now = this.options.now?.() ?? this.exchange.milliseconds();
    const end = Math.min(untilMs, Math.floor((now - durationMs) / durationMs) * durationMs + durationMs); // open times < end are closed
    const byOpenTime = new Map<number, CandleEvent>();
    const textByOpenTime = new Map<number, string[]>();
    const startRequests = this.requests;
    let cursor = Math.ceil(sinceMs / durationMs) * durationMs;
    while (cursor < end) {
      let body: unknown;
      const page = await this.call(
        symbol,
        'fetchOHLCV',
        () => this.exchange.fetchOHLCV(symbol, timeframe, cursor, limit, { endTime: end - 1 }),
        (json) => (body = json),
      );
      collectKlineText(body, textByOpenTime);
      let last = -Infinity;
      for (const [t, o, h, l, c, v] of page) {
        if (t === undefined || t < cursor || t >= end) continue;
        byOpenTime.set(t, { kind: 'candle', ts: t + durationMs, openTime: t, durationMs, open: Number(o), high: Number(h), low: Number(l), close: Number(c), volume: Number(v) });
        last = Math.max(last, t);
      }
      // A short page means the exchange has nothing more in the range.
      if (page.length < limit || last === -Infinity) break;
      cursor = last + durationMs;
    }
    const candles = [...byOpenTime.values()].sort((a, b) => a.openTime - b.openTime);
    const checker = new CandleQualityChecker(`${this.exchangeId}:${symbol}:${timeframe}`, 'exchange', { policy: 'mark' });
    candles.forEach((c, i) => checker.accept(c, i + 1));
    const text = candles.map((c) => {
      const raw = textByOpenTime.get(c.openTime);
      const values = [c.open, c.high, c.low, c.close, c.volume];
      return raw && raw.every((r, i) => Number(r) === values[i]) ? raw : undefined;
    });
    return { candles, quality: checker.report, requests: this.requests - startRequests, text };
  }

  /** An L2 snapshot of the top `depth` levels. */
  async fetchOrderBook(symbol: string, depth = 100): Promise<BookSnapshotEvent> {
    const book = await this.call(symbol, 'fetchOrderBook', () => this.exchange.fetchOrderBook(symbol, depth));
    const nonce = book.nonce;
    const levels = (side: ccxt.OrderBook['bids']) => side.map(([p, q]) => [Number(p), Number(q)] as [number, number]);
    const snapshot: BookSnapshotEvent = { kind: 'book', ts: book.timestamp ?? this.options.now?.() ?? this.exchange.milliseconds(), bids: levels(book.bids), asks: levels(book.asks) };
    if (nonce !== undefined) snapshot.updateId = Number(nonce);
    return snapshot;
  }

  /** Recent public trades (since `sinceMs` if given), oldest first. */
  async fetchTrades(symbol: string, sinceMs?: number, limit = 500): Promise<TradeEvent[]> {
    const trades = await this.call(symbol, 'fetchTrades', () => this.exchange.fetchTrades(symbol, sinceMs, limit));
    return trades
      .map((t): TradeEvent => ({ kind: 'trade', ts: Number(t.timestamp), price: Number(t.price), qty: Number(t.amount), aggressor: t.side === 'sell' ? 'sell' : 'buy', id: Number(t.id) }))
      .sort((a, b) => a.ts - b.ts || a.id - b.id);
  }

  /**
   * One page of ccxt `fetchTrades` as ccxt returns it (with each trade's raw exchange record in
   * `info`), with retries; `params` pass through (e.g. Binance `fromId`, `fetchTradesMethod`).
   * The paginated download into the data cache is `fetchTradesData`.
   */
  async fetchTradesPage(symbol: string, sinceMs: number | undefined, limit: number, params: Record<string, unknown> = {}): Promise<ccxt.Trade[]> {
    return this.call(symbol, 'fetchTrades', () => this.exchange.fetchTrades(symbol, sinceMs, limit, params));
  }

  /** Instrument metadata from ccxt's market (tick, lot, min notional, fees); `overrides` win. */
  async fetchInstrument(symbol: string, overrides: Partial<InstrumentSpec> = {}): Promise<InstrumentSpec> {
    const markets = await this.call(symbol, 'loadMarkets', () => this.exchange.loadMarkets());
    const market = markets[symbol];
    if (!market) throw new Error(`${this.exchangeId} loadMarkets ${symbol}: no such market`);
    const dec = (x: number | undefined, what: string): string => {
      if (x === undefined || x === null || !Number.isFinite(Number(x))) throw new Error(`${this.exchangeId} ${symbol}: market has no ${what}`);
      return new Decimal(Number(x)).toFixed();
    };
    return {
      exchange: this.exchangeId,
      symbol,
      base: market.base,
      quote: market.quote,
      tickSize: dec(market.precision.price, 'price precision'),
      lotSize: dec(market.precision.amount, 'amount precision'),
      minNotional: dec(market.limits.cost?.min ?? 0, 'min cost'),
      makerFee: dec(market.maker, 'maker fee'),
      takerFee: dec(market.taker, 'taker fee'),
      ...overrides,
    };
  }

  /** One exchange call with retries. A 200 whose body is not valid JSON counts as a BadResponse. */
  private call<T>(symbol: string, call: string, fn: () => Promise<T>, onBody?: (json: unknown) => void): Promise<T> {
    const exchange = this.exchange as ccxt.Exchange & { last_http_response?: unknown; last_response_headers?: Record<string, string> };
    return withRetry(
      { exchange: this.exchangeId, symbol, call },
      async () => {
        this.requests++;
        exchange.last_http_response = undefined;
        let result: T;
        try {
          result = await fn();
        } catch (error) {
          // Every ccxt call loads markets first; a rejected load is cached by ccxt and would
          // fail every later attempt, so forget it before the retry loop tries again.
          forgetFailedMarketsLoad(exchange);
          throw error;
        }
        const body = lastHttpBody(exchange);
        if (typeof body === 'string' && body.length > 0) {
          try {
            onBody?.(JSON.parse(body));
          } catch {
            throw new ccxt.BadResponse(`${this.exchangeId} ${call}: response body is not valid JSON: ${body.slice(0, 80)}`);
          }
        }
        return result;
      },
      this.options,
      () => {
        const headers = exchange.last_response_headers ?? {};
        const value = headers['retry-after'] ?? headers['Retry-After'];
        return value !== undefined && Number.isFinite(Number(value)) ? Number(value) * 1000 : undefined;
      },
    );
  }
}

function lastHttpBody(exchange: { last_http_response?: unknown }): unknown {
  return exchange.last_http_response;
}

/** Binance-style raw klines: [openTime, "open", "high", "low", "close", "volume", ...]. */
function collectKlineText(body: unknown, into: Map<number, string[]>): void {
  if (!Array.isArray(body)) return;
  for (const row of body) {
    if (Array.isArray(row) && row.length >= 6 && row.slice(1, 6).every((x) => typeof x === 'string')) into.set(Number(row[0]), row.slice(1, 6) as string[]);
  }
}
