/**
 * The one retry-with-exponential-backoff loop of the product. The exchange source (market-data),
 * the market description fetches (workflows) and the realtime paper loop all use it, so "attempt",
 * "delay" and "gave up" mean the same thing in every log line.
 *
 * Attempt n (1-based) that fails and may be retried waits min(maxDelayMs, max(baseDelayMs *
 * 2^(n-1), retryAfterMs)) before attempt n+1; after maxAttempts attempts, or on an error that is
 * not retryable, the last error is thrown unchanged (callers wrap it to name what failed).
 */
export interface BackoffPolicy {
  /** Total attempts including the first (integer >= 1). */
  maxAttempts: number;
  /** Wait before the first retry; doubles with every further attempt (>= 0). */
  baseDelayMs: number;
  /** Cap on one wait, also on a server's Retry-After (>= 0). */
  maxDelayMs: number;
}

/** One failed attempt, as reported to `onFailure` (before the wait, if any). */
export interface AttemptFailure {
  /** 1-based attempt that just failed. */
  attempt: number;
  maxAttempts: number;
  error: unknown;
  /** False on the last attempt and on a non-retryable error: the error is thrown next. */
  willRetry: boolean;
  /** The wait before the next attempt (0 when `willRetry` is false). */
  delayMs: number;
}

export interface RetryControl {
  /** Which errors deserve another attempt (default: every error). */
  isRetryable?: (error: unknown) => boolean;
  /** A server-requested wait (e.g. Retry-After) for this error, if any; capped by maxDelayMs. */
  retryAfterMs?: (error: unknown) => number | undefined;
  /** Called for every failed attempt: log it here. */
  onFailure?: (failure: AttemptFailure) => void;
  /** Injected for tests; default setTimeout, cut short by `signal`. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Once aborted, no further attempt is started and the last error is thrown. */
  signal?: AbortSignal;
}

/** The wait after failed attempt `attempt` (1-based). */
export function backoffDelayMs(policy: BackoffPolicy, attempt: number, retryAfterMs?: number): number {
  return Math.min(policy.maxDelayMs, Math.max(policy.baseDelayMs * 2 ** (attempt - 1), retryAfterMs ?? 0));
}

/** Throws a RangeError naming the field when a policy could never work (0 attempts, negative waits). */
export function assertBackoffPolicy(policy: BackoffPolicy): void {
  if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1) throw new RangeError(`retry maxAttempts must be an integer >= 1, got ${policy.maxAttempts}`);
  for (const key of ['baseDelayMs', 'maxDelayMs'] as const) {
    if (!Number.isFinite(policy[key]) || policy[key] < 0) throw new RangeError(`retry ${key} must be a finite number >= 0, got ${policy[key]}`);
  }
}

/** Runs `fn(attempt)` until it resolves, retrying retryable errors with exponential backoff. */
export async function retryWithBackoff<T>(fn: (attempt: number) => Promise<T>, policy: BackoffPolicy, control: RetryControl = {}): Promise<T> {
  assertBackoffPolicy(policy);
  const sleep = control.sleep ?? abortableSleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      const willRetry = attempt < policy.maxAttempts && (control.isRetryable?.(error) ?? true);
      const delayMs = willRetry ? backoffDelayMs(policy, attempt, control.retryAfterMs?.(error)) : 0;
      control.onFailure?.({ attempt, maxAttempts: policy.maxAttempts, error, willRetry, delayMs });
      if (!willRetry || control.signal?.aborted) throw error;
      await sleep(delayMs, control.signal);
      if (control.signal?.aborted) throw error;
    }
  }
}

/** setTimeout as a promise that resolves early (without error) when `signal` aborts. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted || ms <= 0) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
