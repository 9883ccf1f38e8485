import { Observable, Subject } from 'rxjs';
import type { Exchange, OrderBook, Ticker, Trade } from 'ccxt';
import { redactCredentials, retryWithBackoff, type BackoffPolicy } from '@mml/core';
import { isRetryable } from '../exchange/retry';
import { captureLine, type CaptureLineResult } from './capture-line';
import { createCcxtProExchange, type CcxtProExchangeOptions } from './ccxt-pro-exchange';
import { tapRawMessages, type RawMessage } from './raw-tap';

export type StreamChannel = 'markets' | 'orderBook' | 'trades' | 'bidsAsks' | 'tap';

/**
 * One fault of a live stream, logged as one JSON line (`faultLogLine`):
 * - disconnect: the connection closed or failed (ccxt NetworkError); ccxt reconnects on the next watch call;
 * - sequence-gap: a depth diff did not continue the book (ccxt ChecksumError): the book is unwatched
 *   and watched again, which fetches a fresh REST snapshot (resync);
 * - timeout: a request or the websocket keep-alive timed out (ccxt RequestTimeout);
 * - garbage-frame: a frame that is not JSON (or not market data) arrived; it is skipped;
 * - error: any other failure of a watch call;
 * - gave-up: the backoff policy's attempts are exhausted: the Observable errors.
 */
export interface StreamFault {
  kind: 'disconnect' | 'sequence-gap' | 'timeout' | 'garbage-frame' | 'error' | 'gave-up';
  channel: StreamChannel;
  exchange: string;
  symbol: string;
  /** 1-based failed attempt of the current call (retries reset after every success). */
  attempt?: number;
  /** Wait before the next attempt. */
  delayMs?: number;
  message: string;
}

/** A tapped message with what it is for the capture file (see captureLine). */
export interface TappedMessage extends RawMessage {
  capture: CaptureLineResult;
}

export interface LiveMarketStreamsOptions extends CcxtProExchangeOptions {
  /** binance (spot), binanceusdm (USD-M), binancecoinm (COIN-M). */
  exchange: string;
  /** ccxt symbol: BTC/USDT (spot), BTC/USDT:USDT (USD-M), BTC/USD:BTC (COIN-M). */
  symbol: string;
  /** Reconnect/resubscribe backoff per watch call (default 8 attempts, 200 ms doubling, capped at 10 s). */
  backoff?: BackoffPolicy;
  /** Every fault, once (default: none). Use faultLogLine for the product's JSON line. */
  onFault?: (fault: StreamFault) => void;
  /** Levels ccxt keeps in its book (and asks the REST snapshot for); default ccxt's 1000. */
  depthLimit?: number;
}

export const DEFAULT_STREAM_BACKOFF: BackoffPolicy = { maxAttempts: 8, baseDelayMs: 200, maxDelayMs: 10_000 };

/** Bound on waiting for an UNSUBSCRIBE reply during a resync (a dead connection never answers). */
const UNWATCH_TIMEOUT_MS = 3_000;

/**
 * Live public streams of one symbol through ccxt pro, as rxjs Observables: `orderBook$` (ccxt
 * watchOrderBook), `trades$` (watchTrades) and `bidsAsks$` (watchBidsAsks: Binance's bookTicker).
 * Each watch call is retried with backoff through core's retryWithBackoff; every fault is reported
 * once to `onFault`. `tapped$` emits every message ccxt receives (websocket frames and the REST
 * depth snapshots that sync its book), as received, with the local receive time, synchronously
 * before ccxt processes it: a recorder subscribed to it writes the session's capture, and a paper
 * engine fed by parsing those lines sees exactly what a replay of the capture will.
 */
export class LiveMarketStreams {
  private readonly tapped = new Subject<TappedMessage>();
  /** Every received message, in receive order (hot: subscribe before the first watch). */
  readonly tapped$: Observable<TappedMessage> = this.tapped.asObservable();
  private readonly untap: () => void;
  private closed = false;

  private constructor(
    readonly exchange: Exchange,
    readonly exchangeId: string,
    readonly symbol: string,
    private readonly options: LiveMarketStreamsOptions,
  ) {
    const depthRate = String((exchange.options as Record<string, unknown>)['watchOrderBookRate'] ?? 100);
    this.untap = tapRawMessages(exchange, (raw) => {
      const capture = captureLine(raw, { depthRate: `${depthRate}ms` });
      if (capture.kind === 'garbage') this.fault({ kind: 'garbage-frame', channel: 'tap', message: `${capture.reason}: ${raw.text.slice(0, 80)}` });
      this.tapped.next({ ...raw, capture });
    });
  }

  /** Creates the ccxt pro exchange (URL overrides applied), taps it and loads its markets (with retries). */
  static async open(options: LiveMarketStreamsOptions): Promise<LiveMarketStreams> {
    return LiveMarketStreams.fromExchange(await createCcxtProExchange(options.exchange, options), options);
  }

  /** Taps an existing ccxt pro exchange (its URLs as they are) and loads its markets (with retries). */
  static async fromExchange(exchange: Exchange, options: Omit<LiveMarketStreamsOptions, 'url' | 'wsUrl' | 'timeoutMs'>): Promise<LiveMarketStreams> {
    const streams = new LiveMarketStreams(exchange, options.exchange, options.symbol, options);
    try {
      await retryWithBackoff(() => exchange.loadMarkets(), streams.policy(), {
        isRetryable,
        onFailure: (f) => streams.failure('markets', f.error, f.attempt, f.willRetry ? f.delayMs : undefined),
      });
      exchange.market(options.symbol); // throws BadSymbol naming the symbol
    } catch (error) {
      await streams.close();
      throw error;
    }
    return streams;
  }

  orderBook$(): Observable<OrderBook> {
    const limit = this.options.depthLimit;
    return this.watch$('orderBook', () => this.exchange.watchOrderBook(this.symbol, limit), (error) => this.resyncAfter(error));
  }

  trades$(): Observable<Trade[]> {
    return this.watch$('trades', () => this.exchange.watchTrades(this.symbol));
  }

  /** Best bid/offer updates (Binance bookTicker) as ccxt tickers. */
  bidsAsks$(): Observable<Ticker> {
    return this.watch$('bidsAsks', async () => {
      const tickers = await this.exchange.watchBidsAsks([this.symbol]);
      return tickers[this.symbol] ?? Object.values(tickers)[0];
    });
  }

  /** Stops tapping and closes every connection (pending watch calls reject; the Observables complete). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.untap();
    this.tapped.complete();
    await this.exchange.close();
  }

  private policy(): BackoffPolicy {
    return this.options.backoff ?? DEFAULT_STREAM_BACKOFF;
  }

  private watch$<T>(channel: StreamChannel, call: () => Promise<T>, recover?: (error: unknown) => Promise<void>): Observable<T> {
    return new Observable<T>((subscriber) => {
      const abort = new AbortController();
      void (async () => {
        while (!abort.signal.aborted && !this.closed) {
          const value = await retryWithBackoff(
            async () => {
              try {
                return await call();
              } catch (error) {
                if (!this.closed && recover) await recover(error);
                throw error;
              }
            },
            this.policy(),
            {
              isRetryable: (error) => !this.closed && isStreamRetryable(error),
              signal: abort.signal,
              onFailure: (f) => {
                if (!this.closed && !abort.signal.aborted) this.failure(channel, f.error, f.attempt, f.willRetry ? f.delayMs : undefined);
              },
            },
          );
          if (abort.signal.aborted || this.closed) break;
          subscriber.next(value);
        }
        subscriber.complete();
      })().catch((error: unknown) => {
        if (abort.signal.aborted || this.closed) return subscriber.complete();
        this.fault({ kind: 'gave-up', channel, message: errorText(error) });
        subscriber.error(error);
      });
      return () => abort.abort();
    });
  }

  /**
   * After a ChecksumError ccxt keeps the symbol's book in a failed state when no watch call is
   * waiting: every later watchOrderBook fails at once (measured: ~200,000 instant failures in 15 s,
   * starving the other streams). Unwatching the book clears it; the retry then subscribes afresh,
   * which fetches a new REST snapshot. ccxt 4.5.84's binance never resolves unWatchOrderBook's
   * promise (the UNSUBSCRIBE reply only removes the pending unsubscription), so the wait is for that
   * removal: resubscribing earlier would let the late reply cancel the new subscription.
   */
  private async resyncAfter(error: unknown): Promise<void> {
    const ccxt = require('ccxt') as typeof import('ccxt');
    if (!(error instanceof ccxt.ChecksumError)) return;
    let settled = false;
    this.exchange.unWatchOrderBook(this.symbol).then(
      () => (settled = true),
      () => (settled = true), // the connection may be gone as well; the next watch call reconnects
    );
    const pending = `unsubscribe:orderbook:${this.symbol}`;
    const clients = () => Object.values((this.exchange as unknown as { clients?: Record<string, { subscriptions: Record<string, unknown> }> }).clients ?? {});
    const deadline = Date.now() + UNWATCH_TIMEOUT_MS;
    while (!settled && !this.closed && Date.now() < deadline && clients().some((c) => pending in c.subscriptions)) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  private failure(channel: StreamChannel, error: unknown, attempt: number, delayMs: number | undefined): void {
    this.fault({ kind: faultKind(error), channel, attempt, delayMs, message: errorText(error) });
  }

  private fault(fault: Omit<StreamFault, 'exchange' | 'symbol'>): void {
    this.options.onFault?.({ ...fault, exchange: this.exchangeId, symbol: this.symbol });
  }
}

/** The product's log line for a fault: one JSON object with `event: "fault"` and its kind. */
export function faultLogLine(fault: StreamFault, now: Date = new Date()): string {
  return JSON.stringify({ ts: now.toISOString(), event: 'fault', ...fault });
}

function faultKind(error: unknown): StreamFault['kind'] {
  const ccxt = require('ccxt') as typeof import('ccxt');
  if (error instanceof ccxt.ChecksumError) return 'sequence-gap';
  if (error instanceof ccxt.RequestTimeout) return 'timeout';
  if (error instanceof ccxt.NetworkError) return 'disconnect';
  return 'error';
}

/**
 * Streams retry what the REST source retries (isRetryable: network, rate limits, bad responses,
 * Binance's transient codes), plus ccxt's websocket book errors ("nonce is behind the cache"),
 * which a fresh subscription fixes. A wrong request (unknown symbol, bad arguments) is not retried.
 */
function isStreamRetryable(error: unknown): boolean {
  const ccxt = require('ccxt') as typeof import('ccxt');
  if (isRetryable(error)) return true;
  if (error instanceof ccxt.BadRequest || error instanceof ccxt.NotSupported || error instanceof ccxt.ArgumentsRequired || error instanceof ccxt.ExchangeClosedByUser) return false;
  return error instanceof ccxt.ExchangeError && /nonce|cache|orderbook/i.test(error.message);
}

function errorText(error: unknown): string {
  const text = error instanceof Error ? `${error.constructor.name}: ${error.message}` : String(error);
  return redactCredentials(text).slice(0, 500);
}
