import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import { Piscina } from 'piscina';
import { runQueuedTasks } from './queue/run-queued-tasks';

/**
 * A deterministic task pool. Every task carries everything it needs (including its own seed), tasks
 * never share state, and results are returned in task order, so the output is identical for any
 * worker count. Threads come from piscina; with one worker, or when the worker script is not
 * available as built JavaScript (e.g. under jest on TypeScript sources), tasks run in-process
 * through the same function.
 */
export interface PoolOptions<T, R> {
  /** Requested worker threads; default = number of cores. */
  workers?: number;
  /** Absolute path of a built CommonJS worker script whose default export handles one task. */
  workerFile?: string;
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
}

export interface PoolExecution {
  /** Threads actually used (1 = in-process). */
  workers: number;
  requestedWorkers: number;
  mode: 'threads' | 'in-process' | 'queue';
}

export function defaultWorkerCount(): number {
  return Math.max(1, availableParallelism());
}

export async function runOrderedTasks<T, R>(tasks: readonly T[], options: PoolOptions<T, R>): Promise<{ results: R[]; execution: PoolExecution }> {
  const requested = options.workers ?? defaultWorkerCount();
  if (!Number.isInteger(requested) || requested < 1) throw new RangeError(`workers must be a positive integer, got ${requested}`);
  const total = tasks.length;
  if (options.queue !== undefined) {
    if (options.workerFile === undefined) throw new RangeError('a queue run needs the workerFile that names its task handler');
    const results = await runQueuedTasks<T & object, R>(tasks as readonly (T & object)[], {
      url: options.queue,
      handler: basename(options.workerFile, '.js'),
      onProgress: options.onProgress,
      log: options.log,
    });
    return { results, execution: { workers: 0, requestedWorkers: requested, mode: 'queue' } };
  }
  let done = 0;
  const progress = () => options.onProgress?.(++done, total);
  const useThreads = requested > 1 && total > 1 && options.workerFile !== undefined && options.workerFile.endsWith('.js') && existsSync(options.workerFile);
  if (!useThreads) {
    const results: R[] = [];
    for (const task of tasks) {
      results.push(await options.runInProcess(task));
      progress();
    }
    return { results, execution: { workers: 1, requestedWorkers: requested, mode: 'in-process' } };
  }
  const threads = Math.min(requested, total);
  const pool = new Piscina({ filename: options.workerFile, minThreads: threads, maxThreads: threads, idleTimeout: 1000 });
  try {
    // Promise.all keeps task order whatever order the threads finish in.
    const results = await Promise.all(
      tasks.map(async (task) => {
        const result = (await pool.run(task)) as R;
        progress();
        return result;
      }),
    );
    return { results, execution: { workers: threads, requestedWorkers: requested, mode: 'threads' } };
  } finally {
    await pool.destroy();
  }
}
