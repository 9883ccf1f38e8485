import { ConfigError } from '@mml/core';

/**
 * Which ccxt `urls.api` entry holds a Binance market's public REST base, and the path a mock base
 * URL gets: spot `public` + /api/v3, USD-M `fapiPublic` + /fapi/v1, COIN-M `dapiPublic` + /dapi/v1.
 */
export function binanceRestApiKey(exchangeId: string): { key: string; path: string } {
  if (exchangeId === 'binance') return { key: 'public', path: '/api/v3' };
  if (exchangeId === 'binanceusdm') return { key: 'fapiPublic', path: '/fapi/v1' };
  if (exchangeId === 'binancecoinm') return { key: 'dapiPublic', path: '/dapi/v1' };
  throw new ConfigError('exchangeUrl', `a URL override is only supported for binance, binanceusdm and binancecoinm (Binance-compatible mock), not "${exchangeId}"`);
}
