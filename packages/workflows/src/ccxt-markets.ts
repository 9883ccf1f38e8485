import { retryWithBackoff } from '@mml/core';
import { ExchangeCallError, forgetFailedMarketsLoad, isRetryable } from '@mml/market-data';

// ccxt caches a rejected loadMarkets(); see forgetFailedMarketsLoad in @mml/market-data. Calls made
// outside ExchangeSource (which forgets it itself) go through withMarketsRecovery.

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

/**
 * `call` with up to `attempts` tries on transient faults, waiting `delayMs` doubling in between
 * (capped at `maxDelayMs`): core's retryWithBackoff, the same loop as the exchange source's and the
 * paper loop's. `onRetry` sees each failed attempt that will be retried.
 */
export function retryTransient<T>(
  call: () => Promise<T>,
  attempts: number,
  delayMs: number,
  maxDelayMs = 30_000,
  onRetry?: (error: unknown, attempt: number, retryInMs: number) => void,
): Promise<T> {
  return retryWithBackoff(call, { maxAttempts: attempts, baseDelayMs: delayMs, maxDelayMs }, {
    isRetryable: isTransientExchangeError,
    onFailure: ({ error, attempt, willRetry, delayMs: wait }) => {
      if (willRetry) onRetry?.(error, attempt, wait);
    },
  });
}
