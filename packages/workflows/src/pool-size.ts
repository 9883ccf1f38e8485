import { availableParallelism } from 'node:os';

/**
 * How many executors (the main thread + worker threads, task-pool.ts) a run uses when the user did
 * not say (`--workers` given is always respected). The rule, from costs measured on the 2-core
 * machine (research, 30 days x 3 tiers x 6 formats + 3 RL trainings on 7 days: ~0.81 M events):
 *
 *   - a worker thread costs THREAD_START_MS of CPU: its start (a V8 isolate, loading the modules:
 *     ~0.2 s) and, larger, compiling the engine and every format it runs again in its own isolate
 *     (JIT), with its own garbage collection;
 *   - a backtest costs about EVENT_COST_US of CPU per event, V8's compilation included.
 *
 * An executor is worth adding only if the share of the work it would take is at least a thread's
 * cost: executors = clamp(floor(work / THREAD_START_MS), 1, min(cores, tasks)). So a small matrix
 * (a test, the 30-day research matrix) runs in-process, and one of twice that work or more on both cores.
 *
 * The costs, re-measured as the code got faster (30 November 2026, interleaved runs of the whole
 * command, CPU per OS thread; the workflows README, "Determinism and parallelism"):
 *   - at first (load ~6): 9.8 s of CPU on 2 executors against 7.4 s in-process (a thread: ~2.4 s),
 *     ~4.5 s for the matrix (~5 µs/event): this matrix ran in-process, it was no faster on 2;
 *   - once the report's charts were drawn without Vega and the formats got faster (12 pairs at load
 *     3.7–6): in-process 3.4–4.5 s of CPU in all, 2.1–3.0 s on the main thread, matrix 1.8–2.6 s
 *     (~2.2–3 µs/event); 2 executors 4.2–5.4 s in all (a thread: ~0.6–1.3 s), 1.5–1.9 s on the
 *     main thread, whole command 2.39–3.04 s against 2.49–3.33 s (median 2.64 against 2.77 s), 8
 *     of the 12 pairs faster on 2 (at load 6.5–8 four earlier pairs went the other way: a thread
 *     pays only when the second core is free); at load ~2.3, 8 more pairs: 2.36–2.60 s on 2
 *     executors against 2.47–2.80 s in-process (medians 2.50 / 2.59 s), 7 of 8 faster on 2.
 *     Hence EVENT_COST_US 3 (and, for a while, THREAD_START_MS 1000: 2 executors for this matrix);
 *   - once the engine's fused candle and trade loops were merged too (6 alternating pairs at load
 *     ~1.5–3, the final tree of that session): in-process 2.13–2.44 s whole (median 2.37 s), 2.9–3.4 s
 *     of CPU; 2 executors 2.33–2.54 s (median 2.43 s), 4.0–4.4 s of CPU: the thread (~1 s of CPU)
 *     no longer buys wall time on this matrix. Hence THREAD_START_MS 1500: this matrix (~2.4 s of
 *     work) runs in-process again, one of twice its work (a 60-day run, 4 fee tiers) uses both cores;
 *   - with the learning chain on the thread and the other formats on the main thread (learning-
 *     warmup.ts; 1 December 2026, load ~2, 4 alternating pairs): in-process 2.59–3.01 s whole,
 *     2 executors 2.32–3.44 s with 0.7–2 s more CPU: still no clear gain, so 1500 stays;
 *   - with modules loading through V8's code cache (compile-cache.ts; the thread reads it too; 1
 *     December, 6 alternating pairs at load 1.5–3): in-process 2.2–3.0 s of CPU in all (main thread
 *     1.3–1.8 s), 2 executors 3.3–4.6 s in all (main thread 1.0–1.4 s) and slower in all 6 pairs
 *     (the thread's JIT of the engine and its formats, ~0.5 s, runs again beside the main thread's,
 *     on the same 2 cores): 1500 stays.
 * In-process the second core is not idle: V8 compiles optimised code on background threads, so a
 * second isolate that compiles everything again competes with it; that is the thread's cost.
 */
export const THREAD_START_MS = 1500;
export const EVENT_COST_US = 3;

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
