import type * as ccxt from 'ccxt';
import { redactCredentials, retryWithBackoff, type BackoffPolicy } from '@mml/core';
import { ccxtModule } from './ccxt-module';

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
    super(redactCredentials(`${exchange} ${call} ${symbol}: ${attempts > 1 ? `gave up after ${attempts} attempts: ` : ''}${reason}`).slice(0, 2000));
    this.name = 'ExchangeCallError';
  }
}

/**
 * Binance error codes that its API documentation describes as transient ("please try again"),
 * whatever ccxt class they arrive as (ccxt maps them inconsistently across Binance's APIs: -1001
 * is OperationFailed, -1008 a plain ExchangeError on spot, -1004 OperationRejected):
 *   -1000 UNKNOWN (an unknown error occurred while processing the request)
 *   -1001 DISCONNECTED (internal error; unable to process your request; please try again)
 *   -1003 TOO_MANY_REQUESTS (request weight exceeded; back off)
 *   -1004 SERVER_BUSY (older docs: server is busy, please wait and try again)
 *   -1006 UNEXPECTED_RESP (unexpected response from the message bus)
 *   -1007 TIMEOUT (timeout waiting for the backend)
 *   -1008 SERVER_BUSY / throttled by system-level protection (try again in a few minutes)
 * Not transient, never retried: -1021 INVALID_TIMESTAMP (signed calls only; we make none),
 * -11xx request errors (-1121 invalid symbol, -1100..-1130 bad parameters), -2xxx order errors.
 */
export const BINANCE_TRANSIENT_CODES: ReadonlySet<number> = new Set([-1000, -1001, -1003, -1004, -1006, -1007, -1008]);

/**
 * Which failures are retried. Every call we make is an idempotent public GET, so a retry can never
 * do harm; the question is only whether it can help. Against ccxt's whole error tree
 * (node_modules/ccxt/js/src/base/errorHierarchy.js, ccxt 4.5):
 *
 * retried (transient):
 *   OperationFailed ("the exchange could not process the request right now"; Binance -1000,
 *     -1001, -1006 arrive as exactly this class), and below it:
 *     NetworkError: DDoSProtection (HTTP 418 ban, with Retry-After), RateLimitExceeded (429,
 *       -1003), ExchangeNotAvailable (HTTP 5xx incl. 503, connection refused/reset) and
 *       OnMaintenance, InvalidNonce and ChecksumError, RequestTimeout
 *     BadResponse, NullResponse (a 200 whose body is malformed, truncated or of the wrong shape)
 *   any ExchangeError carrying one of BINANCE_TRANSIENT_CODES (see above)
 *   an ExchangeError whose message says the JSON was broken (how some exchanges surface it)
 * not retried (the request itself is wrong; retrying gives the same answer):
 *   OperationFailed > CancelPending (orders only; we send none)
 *   ExchangeError and everything below it: AuthenticationError, PermissionDenied,
 *     AccountNotEnabled, AccountSuspended, ArgumentsRequired, BadRequest, BadSymbol (unknown
 *     symbol), OperationRejected, NoChange, MarginModeAlreadySet, MarketClosed,
 *     ManualInteractionNeeded, RestrictedLocation, InsufficientFunds, InvalidAddress,
 *     AddressPending, InvalidOrder and its children, NotSupported, InvalidProxySettings,
 *     ExchangeClosedByUser
 *   UnsubscribeError (websockets; unused), and anything that is not a ccxt error (a bug).
 */
export function isRetryable(error: unknown): boolean {
  // Only an Error can be a ccxt error; anything else is never retried and needs no ccxt.
  if (!(error instanceof Error)) return false;
  const { CancelPending, OperationFailed, ExchangeError } = ccxtModule();
  if (error instanceof CancelPending) return false;
  if (error instanceof OperationFailed) return true; // incl. NetworkError and BadResponse
  if (error instanceof ExchangeError) return BINANCE_TRANSIENT_CODES.has(binanceCode(error.message) ?? 0) || isJsonCorruption(error);
  return false;
}

/** The Binance error code in a ccxt message such as `binance {"code":-1008,"msg":"..."}`. */
function binanceCode(message: string): number | undefined {
  const match = /"code"\s*:\s*(-\d+)/.exec(message);
  return match ? Number(match[1]) : undefined;
}

/** ccxt surfaces a malformed 200 body in several ways depending on the exchange; recognise them. */
function isJsonCorruption(error: ccxt.ExchangeError): boolean {
  return /JSON|Unexpected token|Unexpected end|not valid/i.test(error.message);
}

/**
 * Runs `fn` with bounded exponential backoff on transient errors (core's retryWithBackoff: the
 * same loop as the paper loop's); honours Retry-After up to maxDelayMs. The final error is an
 * ExchangeCallError naming exchange, call and symbol, with credentials removed from any URL.
 */
export async function withRetry<T>(
  context: { exchange: string; symbol: string; call: string },
  fn: () => Promise<T>,
  options: RetryOptions = {},
  retryAfterMs: () => number | undefined = () => undefined,
): Promise<T> {
  const policy: BackoffPolicy = { maxAttempts: options.maxAttempts ?? 5, baseDelayMs: options.baseDelayMs ?? 500, maxDelayMs: options.maxDelayMs ?? 30_000 };
  let attempts = 0;
  try {
    return await retryWithBackoff(
      () => {
        attempts++;
        return fn();
      },
      policy,
      {
        isRetryable,
        retryAfterMs,
        sleep: options.sleep,
        onFailure: ({ attempt, maxAttempts, error, willRetry, delayMs }) => {
          if (willRetry) options.onRetry?.({ ...context, attempt, maxAttempts, delayMs, error: redactedError(error) });
        },
      },
    );
  } catch (error) {
    throw new ExchangeCallError(context.exchange, context.symbol, context.call, attempts, redactedError(error));
  }
}

/** The error with credentials removed from its message (ccxt puts the request URL in it). */
export function redactedError(error: unknown): Error {
  if (!(error instanceof Error)) return new Error(redactCredentials(String(error)));
  const clean = redactCredentials(error.message);
  if (clean !== error.message) {
    error.message = clean;
    if (error.stack) error.stack = redactCredentials(error.stack);
  }
  return error;
}
