import * as ccxt from 'ccxt';

/** What a retry loop reports before each wait. */
export interface RetryInfo {
  exchange: string;
  symbol: string;
  call: string;
  /** 1-based attempt that just failed. */
  attempt: number;
  maxAttempts: number;
  delayMs: number;
  error: Error;
}

export interface RetryOptions {
  /** Total attempts including the first (default 5). */
  maxAttempts?: number;
  /** Wait before the first retry; doubles each time (default 500 ms). */
  baseDelayMs?: number;
  /** Cap on one wait, also on a server's Retry-After (default 30 000 ms). */
  maxDelayMs?: number;
  onRetry?: (info: RetryInfo) => void;
  /** Injected for tests; default setTimeout. */
  sleep?: (ms: number) => Promise<void>;
}

/** A failed exchange call, naming exchange, symbol and call (e.g. "binance fetchOHLCV BTC/USDT"). */
export class ExchangeCallError extends Error {
  constructor(
    readonly exchange: string,
    readonly symbol: string,
    readonly call: string,
    readonly attempts: number,
    override readonly cause: unknown,
  ) {
    const reason = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    super(`${exchange} ${call} ${symbol}: ${attempts > 1 ? `gave up after ${attempts} attempts: ` : ''}${reason}`.slice(0, 2000));
    this.name = 'ExchangeCallError';
  }
}

/**
 * Transient failures worth retrying: ccxt's NetworkError family (RateLimitExceeded, DDoSProtection
 * incl. HTTP 418, ExchangeNotAvailable incl. 5xx, RequestTimeout, connection resets) and
 * BadResponse (a 200 whose body is malformed or truncated JSON: transport damage, and every call
 * here is an idempotent GET). Everything else (bad symbol, bad arguments) fails at once.
 */
export function isRetryable(error: unknown): boolean {
  return error instanceof ccxt.NetworkError || error instanceof ccxt.BadResponse || isJsonCorruption(error);
}

/** ccxt surfaces a malformed 200 body in several ways depending on the exchange; recognise them. */
function isJsonCorruption(error: unknown): boolean {
  return error instanceof ccxt.ExchangeError && /JSON|Unexpected token|Unexpected end|not valid/i.test(error.message);
}

/** Runs `fn` with bounded exponential backoff on transient errors; honours Retry-After up to maxDelayMs. */
export async function withRetry<T>(
  context: { exchange: string; symbol: string; call: string },
  fn: () => Promise<T>,
  options: RetryOptions = {},
  retryAfterMs: () => number | undefined = () => undefined,
): Promise<T> {
  const maxAttempts = options.maxAttempts ?? 5;
  const base = options.baseDelayMs ?? 500;
  const cap = options.maxDelayMs ?? 30_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (!isRetryable(error) || attempt >= maxAttempts) throw new ExchangeCallError(context.exchange, context.symbol, context.call, attempt, error);
      const delayMs = Math.min(cap, Math.max(base * 2 ** (attempt - 1), retryAfterMs() ?? 0));
      options.onRetry?.({ ...context, attempt, maxAttempts, delayMs, error: error as Error });
      await sleep(delayMs);
    }
  }
}
