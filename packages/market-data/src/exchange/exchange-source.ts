import type * as ccxt from 'ccxt';
import Decimal from 'decimal.js';
import { UsageError, type BookSnapshotEvent, type CandleEvent, type InstrumentSpec, type TradeEvent } from '@mml/core';
import { CandleQualityChecker, type DataQualityReport } from '../quality/candle-quality';
import { ccxtModule } from './ccxt-module';
import { forgetFailedMarketsLoad } from './forget-failed-markets-load';
import { marketsProblem, ohlcvProblem, orderBookProblem, rawBodyProblem, tradesProblem } from './response-shape';
import type { ExchangeSourceOptions } from './exchange-source-options';
import { withRetry } from './retry';

export type { ExchangeSourceOptions } from './exchange-source-options';


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
 * Every response is checked (response-shape.ts): a body that is not JSON, or JSON of the wrong
 * shape, is a BadResponse, retried and reported like a 503, never an empty book or a short page.
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
        (rows, json) => {
          body = json;
          return ohlcvProblem(rows);
        },
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
    const book = await this.call(symbol, 'fetchOrderBook', () => this.exchange.fetchOrderBook(symbol, depth), (result) => orderBookProblem(result));
    const nonce = book.nonce;
    const levels = (side: ccxt.OrderBook['bids']) => side.map(([p, q]) => [Number(p), Number(q)] as [number, number]);
    const snapshot: BookSnapshotEvent = { kind: 'book', ts: book.timestamp ?? this.options.now?.() ?? this.exchange.milliseconds(), bids: levels(book.bids), asks: levels(book.asks) };
    if (nonce !== undefined) snapshot.updateId = Number(nonce);
    return snapshot;
  }

  /** Recent public trades (since `sinceMs` if given), oldest first. */
  async fetchTrades(symbol: string, sinceMs?: number, limit = 500): Promise<TradeEvent[]> {
    const trades = await this.call(symbol, 'fetchTrades', () => this.exchange.fetchTrades(symbol, sinceMs, limit), (result) => tradesProblem(result));
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
    const problem = marketsProblem(markets, symbol);
    if (problem) throw new Error(`${this.exchangeId} loadMarkets ${symbol}: ${problem}`);
    const market = markets[symbol];
    if (!market) throw new UsageError(`unknown symbol "${symbol}": ${this.exchangeId} lists no such market`);
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

  /** The exchange's clock in Unix ms (decides which bars are closed), checked and retried. */
  async fetchTime(): Promise<number> {
    const time = await this.call('-', 'fetchTime', () => this.exchange.fetchTime(), (t) => (Number.isSafeInteger(t) && Number(t) > 0 ? undefined : `no server time (${String(t)})`));
    return Number(time);
  }

  /**
   * One exchange call with retries. Markets are loaded (and checked) first as a step of their own,
   * so a junk exchangeInfo is retried rather than cached by ccxt. The response body is always
   * parsed and checked against the exchange's documented shape, and `check` checks ccxt's parsed
   * result: any problem (or a TypeError from ccxt choking on junk) becomes a retried BadResponse.
   */
  private call<T>(symbol: string, call: string, fn: () => Promise<T>, check?: (result: T, body: unknown) => string | undefined): Promise<T> {
    const exchange = this.exchange as ccxt.Exchange & { last_http_response?: unknown; last_response_headers?: Record<string, string> };
    return withRetry(
      { exchange: this.exchangeId, symbol, call },
      async () => {
        this.requests++;
        if (exchange.markets === undefined && call !== 'fetchTime') await this.checked(exchange, symbol, 'loadMarkets', () => exchange.loadMarkets(), (markets) => marketsProblem(markets, symbol), true);
        return this.checked(exchange, symbol, call, fn, check, call === 'loadMarkets');
      },
      this.options,
      () => {
        const headers = exchange.last_response_headers ?? {};
        const value = headers['retry-after'] ?? headers['Retry-After'];
        return value !== undefined && Number.isFinite(Number(value)) ? Number(value) * 1000 : undefined;
      },
    );
  }

  /** One attempt of `fn`, its body and result checked (see `call`). */
  private async checked<T>(
    exchange: ccxt.Exchange & { last_http_response?: unknown },
    symbol: string,
    call: string,
    fn: () => Promise<T>,
    check: ((result: T, body: unknown) => string | undefined) | undefined,
    loadsMarkets: boolean,
  ): Promise<T> {
    exchange.last_http_response = undefined;
    // An ExchangeSource exists only around a ccxt exchange, so ccxt is loaded already: this is a lookup.
    const { BadResponse, BaseError } = ccxtModule();
    let result: T;
    try {
      result = await fn();
    } catch (error) {
      // Every ccxt call loads markets first; a rejected load is cached by ccxt and would
      // fail every later attempt, so forget it before the retry loop tries again.
      forgetFailedMarketsLoad(exchange);
      // ccxt's parsers throw TypeError/SyntaxError on junk they received: a malformed response.
      if (!(error instanceof BaseError) && exchange.last_http_response !== undefined) {
        throw new BadResponse(`${this.exchangeId} ${call} ${symbol}: malformed response (${error instanceof Error ? `${error.name}: ${error.message}` : String(error)})`);
      }
      throw error;
    }
    const raw = lastHttpBody(exchange);
    let body: unknown;
    if (typeof raw === 'string' && raw.length > 0) {
      try {
        body = JSON.parse(raw);
      } catch {
        if (loadsMarkets) forgetMarkets(exchange);
        throw new BadResponse(`${this.exchangeId} ${call} ${symbol}: response body is not valid JSON: ${raw.slice(0, 80)}`);
      }
    }
    const problem = (body !== undefined ? rawBodyProblem(this.exchangeId, call, body) : undefined) ?? check?.(result, body);
    if (problem !== undefined) {
      if (loadsMarkets) forgetMarkets(exchange);
      throw new BadResponse(`${this.exchangeId} ${call} ${symbol}: malformed response: ${problem}`);
    }
    return result;
  }
}

/** Drops markets ccxt loaded from a junk response, so the next attempt loads them again. */
function forgetMarkets(exchange: object): void {
  const cache = exchange as { markets?: unknown };
  cache.markets = undefined;
  forgetFailedMarketsLoad(exchange);
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
