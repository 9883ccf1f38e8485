import type { Exchange } from 'ccxt';
import { ConfigError } from '@mml/core';
import { binanceRestApiKey } from '../exchange/binance-rest-api';

/** The ccxt pro exchanges whose public websocket streams the stream adapter supports. */
export const STREAM_EXCHANGES = ['binance', 'binanceusdm', 'binancecoinm'] as const;
export type StreamExchangeId = (typeof STREAM_EXCHANGES)[number];

export interface CcxtProExchangeOptions {
  /** REST base URL override (e.g. the mock at http://127.0.0.1:PORT); spot /api/v3, USD-M /fapi/v1, COIN-M /dapi/v1 are appended. */
  url?: string;
  /**
   * Websocket base URL override (ws:// or wss://). Layout appended (the mock in tools/mock-exchange
   * serves it): spot `<base>/stream`, USD-M `<base>/fstream/ws` (ccxt adds `/public/ws/<n>`),
   * COIN-M `<base>/dstream/ws` (ccxt adds `/<n>`).
   */
  wsUrl?: string;
  /** ccxt REST timeout (default 10 000 ms). */
  timeoutMs?: number;
}

/**
 * A ccxt pro exchange (public streams only, no keys) for spot `binance`, USD-M `binanceusdm` or
 * COIN-M `binancecoinm`. ccxt's own websocket reconnect backoff is turned off (base 0): reconnects
 * are paced by the stream adapter through core's retryWithBackoff, so every wait is logged.
 * With a `wsUrl`, ccxt's http proxy agent is loaded first: without it ccxt refuses `ws://` URLs.
 */
export async function createCcxtProExchange(exchangeId: string, options: CcxtProExchangeOptions = {}): Promise<Exchange> {
  if (!(STREAM_EXCHANGES as readonly string[]).includes(exchangeId)) {
    throw new ConfigError('exchange', `streams support ${STREAM_EXCHANGES.join(', ')}, not "${exchangeId}"`);
  }
  const restBase = options.url?.replace(/\/+$/, '');
  if (restBase !== undefined && !/^https?:\/\/[^/]/.test(restBase)) throw new ConfigError('exchangeUrl', `must be an http(s) URL, got "${options.url}"`);
  const wsBase = options.wsUrl?.replace(/\/+$/, '');
  if (wsBase !== undefined && !/^wss?:\/\/[^/]/.test(wsBase)) throw new ConfigError('exchangeWsUrl', `must be a ws:// or wss:// URL, got "${options.wsUrl}"`);
  const ccxt = require('ccxt') as typeof import('ccxt'); // loaded on first use: ~0.3 s and ~100 MB
  const Pro = (ccxt.pro as unknown as Record<string, new (config: object) => Exchange>)[exchangeId];
  const exchangeOptions: Record<string, unknown> = { ws: { backoff: { base: 0 } } };
  if (exchangeId === 'binance') exchangeOptions['fetchMarkets'] = { types: ['spot'] };
  const exchange = new Pro({ enableRateLimit: restBase === undefined, timeout: options.timeoutMs ?? 10_000, options: exchangeOptions });
  const urls = exchange.urls as unknown as { api: Record<string, unknown> & { ws: Record<string, string> } };
  if (restBase !== undefined) {
    const { key, path } = binanceRestApiKey(exchangeId);
    urls.api[key] = `${restBase}${path}`;
  }
  if (wsBase !== undefined) {
    await exchange.loadHttpProxyAgent();
    if (exchangeId === 'binance') urls.api.ws['spot'] = `${wsBase}/stream`;
    else if (exchangeId === 'binanceusdm') urls.api.ws['future'] = `${wsBase}/fstream/ws`;
    else urls.api.ws['delivery'] = `${wsBase}/dstream/ws`;
  }
  return exchange;
}

/** The websocket URL override from `MML_EXCHANGE_WS_URL`, if set and non-empty. */
export function exchangeWsUrlFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const url = env['MML_EXCHANGE_WS_URL'];
  return url !== undefined && url.trim() !== '' ? url.trim() : undefined;
}
