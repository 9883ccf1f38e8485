import type * as ccxt from 'ccxt';
import { ConfigError } from '@mml/core';
import { ccxtModule } from './ccxt-module';

export interface CcxtExchangeOptions {
  /**
   * Base URL overriding the exchange's public REST endpoint (e.g. a mock at http://127.0.0.1:PORT).
   * For binance the public API becomes `${url}/api/v3`. Turns ccxt's rate limiter off by default.
   */
  url?: string;
  /** ccxt request timeout (default 10 000 ms). */
  timeoutMs?: number;
  /** Default: on for real exchanges, off when `url` is given. */
  enableRateLimit?: boolean;
}

/**
 * A ccxt exchange for public endpoints only (no keys). Without `url` this is the real exchange with
 * its rate limiter on; with `url` the very same ccxt code path talks to a local server.
 */
export function createCcxtExchange(exchangeId: string, options: CcxtExchangeOptions = {}): ccxt.Exchange {
  const module = ccxtModule();
  const registry = module as unknown as Record<string, new (config: object) => ccxt.Exchange>;
  const Exchange = registry[exchangeId];
  if (typeof Exchange !== 'function' || !(Exchange.prototype instanceof module.Exchange)) {
    throw new ConfigError('exchange', `unknown ccxt exchange "${exchangeId}"`);
  }
  const exchangeOptions: Record<string, unknown> = {};
  if (exchangeId === 'binance') exchangeOptions['fetchMarkets'] = { types: ['spot'] };
  const exchange = new Exchange({
    enableRateLimit: options.enableRateLimit ?? options.url === undefined,
    timeout: options.timeoutMs ?? 10_000,
    options: exchangeOptions,
  });
  if (options.url !== undefined) {
    const base = options.url.replace(/\/+$/, '');
    if (!/^https?:\/\//.test(base)) throw new ConfigError('exchangeUrl', `must be an http(s) URL, got "${options.url}"`);
    const urls = exchange.urls as { api: Record<string, string> };
    if (exchangeId === 'binance') urls.api['public'] = `${base}/api/v3`;
    else throw new ConfigError('exchangeUrl', `a URL override is only supported for binance (Binance-compatible mock), not "${exchangeId}"`);
  }
  return exchange;
}
