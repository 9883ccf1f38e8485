import { availableParallelism } from 'node:os';

/**
 * How many executors (the main thread + worker threads, task-pool.ts) a run uses when the user did
 * not say (`--workers` given is always respected). The rule, from costs measured on the 2-core CI
 * machine (idle; November 2026):
 *
 *   - a worker thread costs THREAD_START_MS of CPU before its first task (V8 isolate, then loading
 *     and compiling the backtest modules: 0.25-0.3 s measured);
 *   - a backtest costs about EVENT_COST_US of CPU per event (engine + strategy; the formats ran at
 *     0.3-2 M events/s on 1m candles, so 1 µs under-counts the slow ones: the rule leans towards
 *     fewer threads).
 *
 * An executor is worth adding only if the share of the work it would take is at least a thread's
 * startup: executors = clamp(floor(work / THREAD_START_MS), 1, min(cores, tasks)). So a small
 * matrix (a test, a day of data: tens of ms of work) runs in-process and pays no thread at all,
 * while the 30-day research matrix (~1 M events, ~1 s of work) uses both cores.
 */
export const THREAD_START_MS = 300;
export const EVENT_COST_US = 1;

/** Estimated CPU ms of `events` backtest events in total (over all tasks). */
export function estimatedWorkMs(events: number): number {
  return (events * EVENT_COST_US) / 1000;
}

export function defaultWorkerCount(): number {
  return Math.max(1, availableParallelism());
}

/**
 * Executors for a run: `requested` when given (capped at the task count), otherwise the cost rule
 * above; unknown work (NaN, e.g. tick data before loading) counts as large.
 */
export function executorCount(tasks: number, workMs: number, requested?: number, cores: number = defaultWorkerCount()): number {
  if (requested !== undefined) {
    if (!Number.isInteger(requested) || requested < 1) throw new RangeError(`workers must be a positive integer, got ${requested}`);
    return Math.max(1, Math.min(requested, tasks));
  }
  const byCost = Number.isNaN(workMs) ? cores : Math.floor(workMs / THREAD_START_MS);
  return Math.max(1, Math.min(byCost, cores, tasks));
}
