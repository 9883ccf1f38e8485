import { availableParallelism } from 'node:os';

/**
 * How many executors (the main thread + worker threads, task-pool.ts) a run uses when the user did
 * not say (`--workers` given is always respected). The rule, from costs measured on the 2-core
 * machine (research, 30 days x 3 tiers x 6 formats, load average ~6; November 2026):
 *
 *   - a worker thread costs THREAD_START_MS of CPU: its start (a V8 isolate, loading the modules:
 *     ~0.2 s) and, larger, compiling every format it runs again in its own isolate (JIT) with its
 *     own garbage collection: the whole command used 9.8 s of CPU on 2 executors against 7.4 s
 *     in-process;
 *   - a backtest costs about EVENT_COST_US of CPU per event (that matrix: ~0.81 M events incl. the
 *     RL warm-up trainings, ~4.5 s in-process).
 *
 * An executor is worth adding only if the share of the work it would take is at least a thread's
 * cost: executors = clamp(floor(work / THREAD_START_MS), 1, min(cores, tasks)). So a small matrix
 * (a test, a day of data) and, at today's per-event cost, the 30-day research matrix run
 * in-process; a matrix of twice that work or more uses both cores.
 *
 * Checked again on 30 November 2026 by timing both counts alternately (the workflows README,
 * "Determinism and parallelism"): the 18-run matrix is no faster on 2 executors (+2.1 s of CPU),
 * the 72-run one (4 fee tiers) is (matrix 26.9 -> 21.6 s). In-process the second core is not idle:
 * V8 compiles optimised code on background threads (~3 s of CPU on that run), so a second isolate
 * that compiles everything again competes with it.
 *
 * Checked again on 30 November 2026 (evening) with the report's charts drawn without Vega, 4
 * interleaved pairs at load 6.5–8, CPU per OS thread: in-process 3.3–4.2 s in all, 2.2–2.9 s on
 * the main thread; 2 executors 4.2–4.8 s in all, 1.4–1.7 s on the main thread. The main thread's
 * share and half the total are then about equal (the same wall on a quiet machine, worse under
 * load), so the rule, and THREAD_START_MS, stay: this matrix runs in-process by default.
 */
export const THREAD_START_MS = 2400;
export const EVENT_COST_US = 5;

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
