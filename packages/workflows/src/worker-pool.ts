import { basename } from 'node:path';
import type * as QueuedTasks from './queue/run-queued-tasks';
import { defaultWorkerCount, executorCount } from './pool-size';
import { TaskPool, threadsAvailable } from './task-pool';
import { isTaskFailure, reviveTaskError } from './task-failure';

export { defaultWorkerCount } from './pool-size';

/**
 * A deterministic task pool. Every task carries everything it needs (including its own seed), tasks
 * never share state, and results are returned in task order, so the output is identical for any
 * worker count. The executors are the main thread plus worker threads (task-pool.ts); with one
 * worker, or when the worker script is not available as built JavaScript (e.g. under jest on
 * TypeScript sources), tasks run in-process through the same function.
 */
export interface PoolOptions<T, R> {
  /** Requested executors (main thread + worker threads); default: the cost rule of pool-size.ts. */
  workers?: number;
  /** Estimated CPU ms of all the tasks (pool-size.ts); unknown = as many executors as cores. */
  estimatedWorkMs?: number;
  /** Absolute path of a built CommonJS worker script whose default export handles one task. */
  workerFile?: string;
  /** Passed to the worker script's `prepare` export once per thread, before its first task. */
  prepare?: unknown;
  /** The same handler, called in-process when threads are not used. */
  runInProcess: (task: T) => R | Promise<R>;
  /** Called after each completed task with the number done so far. */
  onProgress?: (done: number, total: number) => void;
  /**
   * redis://host:port: run the tasks on a BullMQ queue served by `mml-worker` processes (any
   * machine) instead of local threads; `workerFile`'s basename names the handler they run.
   */
  queue?: string;
  /** Progress lines of the queue backend (e.g. where the tasks went). */
  log?: (line: string) => void;
  /** false: only the worker threads run tasks (tests of the thread path). Default true. */
  mainThreadExecutes?: boolean;
}

export interface PoolExecution {
  /** Executors actually used: the main thread and worker threads (1 = in-process; 0 = a queue). */
  workers: number;
  requestedWorkers: number;
  mode: 'threads' | 'in-process' | 'queue';
}

/** Opens a local pool sized by `workers` (or the cost rule) for `tasks` tasks. */
export function openTaskPool<T, R>(tasks: number, options: Omit<PoolOptions<T, R>, 'queue' | 'log' | 'onProgress'>): TaskPool<T, R> {
  const executors = executorCount(tasks, options.estimatedWorkMs ?? NaN, options.workers);
  const threads = executors > 1 && threadsAvailable(options.workerFile);
  return new TaskPool<T, R>({
    executors: threads ? executors : 1,
    workerFile: options.workerFile,
    prepare: options.prepare,
    runInProcess: options.runInProcess,
    mainThreadExecutes: options.mainThreadExecutes,
  });
}

/** The PoolExecution a local pool reports. */
export function poolExecution(pool: TaskPool<unknown, unknown>, requested: number | undefined): PoolExecution {
  return { workers: pool.execution.executors, requestedWorkers: requested ?? defaultWorkerCount(), mode: pool.execution.mode };
}

export async function runOrderedTasks<T, R>(tasks: readonly T[], options: PoolOptions<T, R>): Promise<{ results: R[]; execution: PoolExecution }> {
  const requested = options.workers ?? defaultWorkerCount();
  if (!Number.isInteger(requested) || requested < 1) throw new RangeError(`workers must be a positive integer, got ${requested}`);
  const total = tasks.length;
  if (options.queue !== undefined) {
    if (options.workerFile === undefined) throw new RangeError('a queue run needs the workerFile that names its task handler');
    // Loaded only for a queue run: BullMQ and ioredis cost ~0.1 s of startup every other run would pay.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { runQueuedTasks } = require('./queue/run-queued-tasks') as typeof QueuedTasks;
    const results = await runQueuedTasks<T & object, R>(tasks as readonly (T & object)[], {
      url: options.queue,
      handler: basename(options.workerFile, '.js'),
      onProgress: options.onProgress,
      log: options.log,
    });
    // A task that threw on a worker comes back as data (task-failure.ts): rethrow it with its class.
    for (const result of results) if (isTaskFailure(result)) throw reviveTaskError(result);
    return { results, execution: { workers: 0, requestedWorkers: requested, mode: 'queue' } };
  }
  const pool = openTaskPool<T, R>(total, options);
  let done = 0;
  try {
    // Promise.all keeps task order whatever order the executors finish in.
    const results = await Promise.all(
      tasks.map(async (task) => {
        const result = await pool.run(task);
        options.onProgress?.(++done, total);
        return result;
      }),
    );
    return { results, execution: poolExecution(pool as TaskPool<unknown, unknown>, options.workers) };
  } finally {
    await pool.close();
  }
}
