import { existsSync } from 'node:fs';
import { JsonLinesWriter, readJsonLines, repairJsonLines } from '@mml/core/io';

/**
 * The realtime paper loop's resilience, independent of what is polled: one JSON line per
 * iteration, exchange faults retried with exponential backoff (each attempt logged as a `fault`
 * line, so the log explains every gap), a clean stop on abort (SIGINT/SIGTERM) after flushing, and
 * resume from the last `iteration` line of an existing log.
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
  let completed = 0;
  let faults = 0;
  let skipped = 0;
  let lastIteration = options.startIteration - 1;
  for (let iteration = options.startIteration; iteration < options.iterations; iteration++) {
    if (signal?.aborted) break;
    let snapshot: S | undefined;
    let fetched = false;
    for (let attempt = 1; attempt <= retry.maxAttempts && !signal?.aborted; attempt++) {
      try {
        snapshot = await options.fetch(iteration);
        fetched = true;
        break;
      } catch (error) {
        faults++;
        const gaveUp = attempt === retry.maxAttempts;
        const retryInMs = gaveUp ? 0 : Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1));
        log.append({ type: 'fault', iteration, attempt, ts: now(), time: new Date(now()).toISOString(), error: describeError(error), retryInMs, gaveUp });
        if (!gaveUp) await sleep(retryInMs, signal);
      }
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

/** The run's `start` record of a paper log, or undefined when it has none (killed before starting). */
export function startRecord(path: string): Record<string, unknown> | undefined {
  if (!existsSync(path)) throw new RangeError(`--resume ${path}: no such file`);
  repairJsonLines(path);
  return readJsonLines<Record<string, unknown>>(path).find((record) => record['type'] === 'start');
}

/** The last `iteration` record of a paper log (repairing a torn last line first), or undefined. */
export function lastIterationRecord(path: string): Record<string, unknown> & { iteration: number } | undefined {
  if (!existsSync(path)) throw new RangeError(`--resume ${path}: no such file`);
  repairJsonLines(path);
  const records = readJsonLines<Record<string, unknown>>(path);
  for (let i = records.length - 1; i >= 0; i--) {
    if (records[i]['type'] === 'iteration') return records[i] as Record<string, unknown> & { iteration: number };
  }
  return undefined;
}

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

function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 500);
  return String(error).slice(0, 500);
}
