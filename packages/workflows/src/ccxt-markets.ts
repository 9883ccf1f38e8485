import { ExchangeCallError, isRetryable } from '@mml/market-data';

/**
 * ccxt caches the promise of `loadMarkets()`, including a REJECTED one: after one failed
 * exchangeInfo request (an HTTP 500, a timeout) every later call that needs markets fails with the
 * same error, so retries cannot recover. Forgetting the failed promise lets the next attempt
 * really ask the exchange again.
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

/** Runs `call`, forgetting a failed markets load before the error propagates (to a retry loop). */
export async function withMarketsRecovery<T>(exchange: object, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    forgetFailedMarketsLoad(exchange);
    throw error;
  }
}

/** A transient exchange fault worth another attempt (network, 5xx, rate limit, malformed body). */
export function isTransientExchangeError(error: unknown): boolean {
  return isRetryable(error) || (error instanceof ExchangeCallError && isRetryable(error.cause));
}

/** `call` with up to `attempts` tries on transient faults, waiting `delayMs` doubling in between. */
export async function retryTransient<T>(
  call: () => Promise<T>,
  attempts: number,
  delayMs: number,
  maxDelayMs = 30_000,
  onRetry?: (error: unknown, attempt: number, retryInMs: number) => void,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= attempts || !isTransientExchangeError(error)) throw error;
      const wait = Math.min(maxDelayMs, delayMs * 2 ** (attempt - 1));
      onRetry?.(error, attempt, wait);
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}
