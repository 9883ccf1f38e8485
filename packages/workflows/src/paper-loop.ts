import { abortableSleep, assertBackoffPolicy, redactCredentials, retryWithBackoff } from '@mml/core';
import type { JsonLinesWriter } from '@mml/core/io';

/**
 * The realtime paper loop's resilience, independent of what is polled: one JSON line per
 * iteration, exchange faults retried with exponential backoff (each attempt logged as a `fault`
 * line, so the log explains every gap), a clean stop on abort (SIGINT/SIGTERM) after flushing, and
 * resume from the last `iteration` line of an existing log (paper-log.ts checks and locks it).
 *
 * Retry semantics (pinned by test/paper-loop.spec.ts): the loop uses core's retryWithBackoff, the
 * same as the exchange source. Every failed fetch is one `fault` line {iteration, attempt,
 * retryInMs, gaveUp}; attempt n waits min(maxDelayMs, baseDelayMs·2^(n-1)); EVERY error is retried
 * (a long-running session outlives a misclassified fault); after maxAttempts the line says
 * gaveUp: true, the iteration is skipped without touching the paper state, and the loop goes on.
 * An abort during a wait stops at once: no further attempt, then the `stop` line.
 *
 * Each iteration is split in two so a fault can never leave the state half-updated: `fetch` does
 * the I/O (may throw, is retried) and `apply` is synchronous and updates the paper state from what
 * was fetched (it must not throw on exchange faults).
 */
export interface PaperLoopRetry {
  /** Attempts per iteration before the iteration is skipped (logged as `gaveUp`). */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface PaperLoopOptions<S> {
  /** Total iterations of the run (a resumed run continues numbering and stops at the same total). */
  iterations: number;
  intervalMs: number;
  /** First iteration number (0, or last logged + 1 on resume). */
  startIteration: number;
  log: JsonLinesWriter;
  fetch: (iteration: number) => Promise<S>;
  apply: (snapshot: S, iteration: number) => Record<string, unknown>;
  retry: PaperLoopRetry;
  signal?: AbortSignal;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface PaperLoopOutcome {
  completedIterations: number;
  faults: number;
  skippedIterations: number;
  stoppedBy: 'completed' | 'signal';
  lastIteration: number;
}

export async function runPaperLoop<S>(options: PaperLoopOptions<S>): Promise<PaperLoopOutcome> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? abortableSleep;
  const { log, retry, signal } = options;
  assertBackoffPolicy(retry); // maxAttempts 0 would silently skip every iteration
  let completed = 0;
  let faults = 0;
  let skipped = 0;
  let lastIteration = options.startIteration - 1;
  for (let iteration = options.startIteration; iteration < options.iterations; iteration++) {
    if (signal?.aborted) break;
    let snapshot: S | undefined;
    let fetched = false;
    try {
      snapshot = await retryWithBackoff(() => options.fetch(iteration), retry, {
        signal,
        sleep,
        onFailure: ({ attempt, error, willRetry, delayMs }) => {
          faults++;
          log.append({ type: 'fault', iteration, attempt, ts: now(), time: new Date(now()).toISOString(), error: describeError(error), retryInMs: delayMs, gaveUp: !willRetry });
        },
      });
      fetched = true;
    } catch {
      // Every attempt is already logged as a fault line; the iteration is skipped (or the run stops).
    }
    if (signal?.aborted && !fetched) break;
    if (fetched) {
      log.append({ type: 'iteration', iteration, ...options.apply(snapshot as S, iteration) });
      completed++;
    } else {
      skipped++;
    }
    lastIteration = iteration;
    if (iteration + 1 < options.iterations && !signal?.aborted) await sleep(options.intervalMs, signal);
  }
  const stoppedBy = signal?.aborted ? 'signal' : 'completed';
  log.append({ type: 'stop', ts: now(), time: new Date(now()).toISOString(), reason: stoppedBy === 'signal' ? String(signal?.reason ?? 'signal') : 'completed', lastIteration });
  log.flush();
  return { completedIterations: completed, faults, skippedIterations: skipped, stoppedBy, lastIteration };
}

export { abortableSleep };

/** A fault as logged: name and message, credentials removed (ccxt puts the URL in its messages). */
export function describeError(error: unknown): string {
  return redactCredentials(error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(0, 500);
}
