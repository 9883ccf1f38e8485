/**
 * ccxt caches the promise of `loadMarkets()`, including a REJECTED one: after one failed
 * exchangeInfo request (an HTTP 500, a timeout) every later call that needs markets fails with the
 * same error, so retries could never recover. Forgetting the failed promise (only while no markets
 * are loaded) lets the next attempt really ask the exchange again.
 */
interface MarketsCache {
  markets?: unknown;
  marketsLoading?: unknown;
  reloadingMarkets?: boolean;
}

export function forgetFailedMarketsLoad(exchange: object): void {
  const cache = exchange as MarketsCache;
  if (cache.markets === undefined) {
    cache.marketsLoading = undefined;
    cache.reloadingMarkets = false;
  }
}
