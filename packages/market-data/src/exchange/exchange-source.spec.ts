import { join } from 'node:path';
import { BINANCE_BTCUSDT_SPOT, ConfigError } from '@mml/core';
import { SHARED_BTCUSDT_1M, sharedDataDir } from '../paths';
import { startMockExchange, type MockExchange } from '../test-support/mock-exchange.test-helpers';
import { createCcxtExchange } from './ccxt-exchange';
import { exchangeUrlFromEnv } from './exchange-url';
import { ExchangeSource } from './exchange-source';
import * as ccxt from 'ccxt';
import { ExchangeCallError, isRetryable, type RetryInfo } from './retry';

const DATA_END = Date.UTC(2023, 4, 1, 21, 2); // close of the last bar in the shared file
let mock: MockExchange;

beforeAll(async () => {
  mock = await startMockExchange({ data: join(sharedDataDir(), SHARED_BTCUSDT_1M), trades: join(sharedDataDir(), 'binance_btcusdt_spot_2024-08-08_trades.csv.gz') });
});
afterAll(async () => {
  await mock?.stop();
});
beforeEach(async () => {
  await mock.setFaults({ faults: [], latencyMs: 0 });
});

function source(retries: RetryInfo[] = [], maxAttempts = 4) {
  return new ExchangeSource(createCcxtExchange('binance', { url: mock.url, timeoutMs: 400 }), {
    baseDelayMs: 5,
    maxDelayMs: 20,
    maxAttempts,
    now: () => DATA_END,
    onRetry: (info) => retries.push(info),
  });
}

describe('ExchangeSource against the mock exchange', () => {
  it('configures ccxt: URL override, rate limiter off with a mock, on for the real exchange', () => {
    const local = createCcxtExchange('binance', { url: mock.url });
    expect((local.urls as { api: Record<string, string> }).api['public']).toBe(`${mock.url}/api/v3`);
    expect(local.enableRateLimit).toBe(false);
    expect(createCcxtExchange('binance').enableRateLimit).toBe(true);
    expect(() => createCcxtExchange('nosuchexchange')).toThrow(ConfigError);
    expect(exchangeUrlFromEnv({ MML_EXCHANGE_URL: ' http://127.0.0.1:9 ' })).toBe('http://127.0.0.1:9');
    expect(exchangeUrlFromEnv({})).toBeUndefined();
  });

  it('fetchInstrument maps the real Binance filters onto the core InstrumentSpec', async () => {
    expect(await source().fetchInstrument('BTC/USDT')).toEqual(BINANCE_BTCUSDT_SPOT);
    expect(await source().fetchInstrument('BTC/USDT', { makerFee: '0.00075' })).toMatchObject({ makerFee: '0.00075' });
  });

  it('recovers when the markets load itself fails once (ccxt caches a rejected loadMarkets)', async () => {
    await mock.setFaults({ faults: ['500:1,path=/api/v3/exchangeInfo'] });
    const retries: RetryInfo[] = [];
    expect(await source(retries).fetchInstrument('BTC/USDT')).toEqual(BINANCE_BTCUSDT_SPOT);
    expect(retries).toHaveLength(1);
  });

  it('paginates klines, dedupes, and reports the 2023-03-24 halt and gap', async () => {
    const s = source();
    await mock.resetStats();
    const from = Date.UTC(2023, 2, 24, 0, 0);
    const to = Date.UTC(2023, 2, 25, 0, 0);
    const { candles, quality, requests } = await s.fetchCandles('BTC/USDT', '1m', from, to);
    expect(candles).toHaveLength(1440 - 80);
    expect(candles[0].openTime).toBe(from);
    expect(candles[candles.length - 1].openTime).toBe(to - 60_000);
    expect(new Set(candles.map((c) => c.openTime)).size).toBe(candles.length);
    expect(quality.gaps).toMatchObject([{ fromOpenTime: Date.UTC(2023, 2, 24, 12, 40), missingBars: 80 }]);
    expect(quality.halts).toMatchObject([{ bars: 72 }]);
    expect(requests).toBe(2); // 2 pages: 1000 + 360 bars
    expect((await mock.stats()).byPath).toEqual({ '/api/v3/exchangeInfo': 1, '/api/v3/klines': 2 });
  });

  it('only returns bars closed by now', async () => {
    const { candles } = await source().fetchCandles('BTC/USDT', '1m', DATA_END - 10 * 60_000, DATA_END + 3_600_000);
    expect(candles).toHaveLength(10);
  });

  it('fetchOrderBook and fetchTrades return core events', async () => {
    const book = await source().fetchOrderBook('BTC/USDT', 5);
    expect(book.kind).toBe('book');
    expect(book.bids).toHaveLength(5);
    expect(book.bids[0][0]).toBeLessThan(book.asks[0][0]);
    const trades = await source().fetchTrades('BTC/USDT', undefined, 10);
    expect(trades).toHaveLength(10);
    expect(trades[9]).toEqual({ kind: 'trade', ts: 1723161905800, price: 61602.02, qty: 0.00536, aggressor: 'buy', id: 3735703162 });
  });

  const survivable = ['429', '418', '500', '502', '503', 'binance', 'binance:2,code=-1008', 'malformed', 'truncated', 'garbage', 'empty', 'reset', 'timeout'];
  it.each(survivable)('survives fault %s (twice in a row) by retrying with backoff, reporting each retry', async (fault) => {
    const retries: RetryInfo[] = [];
    const s = source(retries);
    await s.fetchInstrument('BTC/USDT'); // markets first, so the faults hit the kline call
    await mock.setFaults({ faults: [fault.includes(':') ? fault : `${fault}:2,retryAfter=0`] });
    const { candles } = await s.fetchCandles('BTC/USDT', '1m', DATA_END - 5 * 60_000, DATA_END);
    expect(candles).toHaveLength(5);
    expect(retries).toHaveLength(2);
    expect(retries.map((r) => r.delayMs)).toEqual([5, 10]);
    expect(retries[0]).toMatchObject({ exchange: 'binance', symbol: 'BTC/USDT', call: 'fetchOHLCV', attempt: 1 });
    expect((await mock.stats()).faultsInjected[fault.split(':')[0]]).toBeGreaterThanOrEqual(2);
  });

  it('gives up after maxAttempts with an error naming exchange, call and symbol', async () => {
    const retries: RetryInfo[] = [];
    const s = source(retries, 3);
    await s.fetchInstrument('BTC/USDT');
    await mock.setFaults({ faults: ['503:100'] });
    const error = await s.fetchCandles('BTC/USDT', '1m', DATA_END - 5 * 60_000, DATA_END).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExchangeCallError);
    expect((error as Error).message).toMatch(/^binance fetchOHLCV BTC\/USDT: gave up after 3 attempts: ExchangeNotAvailable/);
    expect(retries).toHaveLength(2);
  });

  it('does not retry a non-transient error (unknown symbol) and names the call', async () => {
    const retries: RetryInfo[] = [];
    const error = await source(retries).fetchCandles('ETH/BTC', '1m', DATA_END - 5 * 60_000, DATA_END).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExchangeCallError);
    expect((error as Error).message).toMatch(/^binance fetchOHLCV ETH\/BTC: BadSymbol/);
    expect(retries).toHaveLength(0);
  });

  it('honours Retry-After (capped by maxDelayMs)', async () => {
    const retries: RetryInfo[] = [];
    const s = source(retries);
    await s.fetchInstrument('BTC/USDT');
    await mock.setFaults({ faults: ['429:1,retryAfter=1'] });
    await s.fetchCandles('BTC/USDT', '1m', DATA_END - 5 * 60_000, DATA_END);
    expect(retries.map((r) => r.delayMs)).toEqual([20]);
  });

  // Issue 10 item 3: every response's shape is checked; junk is a retried, reported fault.
  it.each(['truncated', 'garbage', 'empty'])('a %s /depth body is retried, never returned as an empty or null book', async (fault) => {
    const retries: RetryInfo[] = [];
    const s = source(retries);
    await s.fetchInstrument('BTC/USDT');
    await mock.setFaults({ faults: [`${fault}:1,path=/api/v3/depth`] });
    const book = await s.fetchOrderBook('BTC/USDT', 5);
    expect(book.bids).toHaveLength(5);
    expect(book.bids.every(([p, q]) => p > 0 && q > 0)).toBe(true);
    expect(retries).toHaveLength(1);
    expect(retries[0]).toMatchObject({ call: 'fetchOrderBook', error: expect.objectContaining({ name: 'BadResponse' }) });
  });

  it.each(['truncated', 'garbage', 'empty'])('a %s trades body is a retried BadResponse (not a TypeError)', async (fault) => {
    const retries: RetryInfo[] = [];
    const s = source(retries);
    await s.fetchInstrument('BTC/USDT');
    await mock.setFaults({ faults: [`${fault}:1,path=/api/v3/aggTrades`] });
    expect(await s.fetchTrades('BTC/USDT', undefined, 10)).toHaveLength(10);
    expect(retries.map((r) => r.error.name)).toEqual(['BadResponse']);
  });

  it.each(['truncated', 'garbage', 'empty'])('a %s exchangeInfo body is retried instead of cached as the markets', async (fault) => {
    const retries: RetryInfo[] = [];
    await mock.setFaults({ faults: [`${fault}:1,path=/api/v3/exchangeInfo`] });
    expect(await source(retries).fetchInstrument('BTC/USDT')).toEqual(BINANCE_BTCUSDT_SPOT);
    expect(retries.map((r) => r.error.name)).toEqual(['BadResponse']);
  });

  it('junk that persists gives up with an error naming the call and the shape problem', async () => {
    const s = source([], 2);
    await s.fetchInstrument('BTC/USDT');
    await mock.setFaults({ faults: ['garbage:10,path=/api/v3/depth'] });
    await expect(s.fetchOrderBook('BTC/USDT', 5)).rejects.toThrow(/^binance fetchOrderBook BTC\/USDT: gave up after 2 attempts: BadResponse: .*depth bids\[0\] is not \["price", "qty"\]/);
  });

  it('removes credentials of the exchange URL from retry reports and final errors', async () => {
    const retries: RetryInfo[] = [];
    const s = new ExchangeSource(createCcxtExchange('binance', { url: 'http://user:S3CRET@127.0.0.1:1', timeoutMs: 400 }), { baseDelayMs: 1, maxDelayMs: 1, maxAttempts: 2, onRetry: (info) => retries.push(info) });
    const error = (await s.fetchOrderBook('BTC/USDT', 5).catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(/gave up after 2 attempts/);
    expect(error.message).toContain('http://***@127.0.0.1:1');
    expect(`${error.message} ${error.stack} ${retries.map((r) => `${r.error.message} ${r.error.stack}`).join(' ')}`).not.toContain('S3CRET');
  });
});

describe('isRetryable: the classification of ccxt errors', () => {
  it('retries OperationFailed and its subtree except CancelPending, and Binance transient codes', () => {
    expect(isRetryable(new ccxt.OperationFailed('binance {"code":-1001,"msg":"Internal error"}'))).toBe(true);
    for (const E of [ccxt.NetworkError, ccxt.DDoSProtection, ccxt.RateLimitExceeded, ccxt.ExchangeNotAvailable, ccxt.OnMaintenance, ccxt.RequestTimeout, ccxt.BadResponse, ccxt.NullResponse]) {
      expect([E.name, isRetryable(new E('x'))]).toEqual([E.name, true]);
    }
    expect(isRetryable(new ccxt.CancelPending('x'))).toBe(false);
    expect(isRetryable(new ccxt.ExchangeError('binance {"code":-1008,"msg":"Server is currently overloaded"}'))).toBe(true);
    expect(isRetryable(new ccxt.OperationRejected('binance {"code":-1004,"msg":"Server is busy"}'))).toBe(true);
    for (const E of [ccxt.ExchangeError, ccxt.BadSymbol, ccxt.BadRequest, ccxt.AuthenticationError, ccxt.PermissionDenied, ccxt.NotSupported, ccxt.InvalidOrder, ccxt.InsufficientFunds, ccxt.ArgumentsRequired]) {
      expect([E.name, isRetryable(new E('binance {"code":-1121,"msg":"Invalid symbol."}'))]).toEqual([E.name, false]);
    }
    expect(isRetryable(new TypeError('bug'))).toBe(false);
  });
});
