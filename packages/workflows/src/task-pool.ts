import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { installedCodeCacheFile } from './compile-cache';
import { isTaskFailure, reviveTaskError, type TaskFailure } from './task-failure';

/**
 * A pool of executors that run independent tasks: the main thread itself plus `executors - 1`
 * worker threads. On a 2-core machine that is one extra thread, not two: the main thread has its
 * modules loaded already, while every worker thread first pays its startup (a V8 isolate, then
 * loading and compiling the handler's modules, ~0.25 s of CPU) — which it does while the main
 * thread is already working, so a thread never delays the run, it only joins it when ready.
 *
 * The main thread takes tasks from the front of the queue and the threads from the back, so with
 * tasks submitted grouped by kind (e.g. format by format) each executor mostly runs the same code:
 * every thread compiles (JIT) what it runs on its own, and two executors running every format
 * would warm every format twice. A thread holds at most two tasks (one running, one waiting) so it
 * never idles while the main thread is busy inside a task. Every task carries all it needs and
 * tasks share no state, so where a task runs never changes its result: any executor count gives
 * identical results.
 *
 * Tasks may be submitted while others run (`run` returns one promise per task), so a task that
 * depends on another (an evaluation on a trained policy) is submitted when that one resolves,
 * within the same pool.
 */
export interface TaskPoolOptions<T, R> {
  /** Executors: the main thread + (executors - 1) worker threads. 1 = in-process only. */
  executors: number;
  /** Absolute path of a built CommonJS handler module: `default` runs one task, optional `prepare(input)` runs once per thread first. */
  workerFile?: string;
  /** Passed to the handler module's `prepare` on every thread before its first task (structured-cloned). */
  prepare?: unknown;
  /** The same handler, run on the main thread. */
  runInProcess: (task: T) => R | Promise<R>;
  /** false: the main thread only coordinates (tests that must exercise the threads). Default true. */
  mainThreadExecutes?: boolean;
}

/** Where the tasks ran: executors used (1 = in-process) and how. */
export interface TaskPoolExecution {
  executors: number;
  threads: number;
  mode: 'threads' | 'in-process';
}

interface Job<T, R> {
  id: number;
  task: T;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

interface PoolThread<T, R> {
  worker: Worker;
  ready: boolean;
  /** Resolves when the thread has loaded its modules and prepared (or failed to). */
  started: Promise<void>;
  inFlight: Map<number, Job<T, R>>;
}

/**
 * The built bootstrap every thread runs: dist/pool-thread.js next to this file, or, when this file
 * runs from TypeScript sources (jest), the package's built one.
 */
const POOL_THREAD_FILE = [join(__dirname, 'pool-thread.js'), join(__dirname, '..', 'dist', 'pool-thread.js')].find((f) => existsSync(f)) ?? join(__dirname, 'pool-thread.js');
/** Tasks a thread holds at once: one running and one waiting, so it never idles between tasks. */
const THREAD_DEPTH = 2;

/** True when `workerFile` is built JavaScript that threads can run (under jest on sources it is not). */
export function threadsAvailable(workerFile: string | undefined): workerFile is string {
  return workerFile !== undefined && workerFile.endsWith('.js') && existsSync(workerFile) && existsSync(POOL_THREAD_FILE);
}

export class TaskPool<T, R> {
  private readonly queue: Job<T, R>[] = [];
  private readonly threads: PoolThread<T, R>[] = [];
  private readonly mainExecutes: boolean;
  private mainScheduled = false;
  private dispatchScheduled = false;
  private nextId = 0;
  private failure: Error | undefined;
  private closed = false;
  readonly execution: TaskPoolExecution;

  constructor(private readonly options: TaskPoolOptions<T, R>) {
    if (!Number.isInteger(options.executors) || options.executors < 1) throw new RangeError(`executors must be a positive integer, got ${options.executors}`);
    const threads = threadsAvailable(options.workerFile) ? options.executors - (options.mainThreadExecutes === false ? 0 : 1) : 0;
    this.mainExecutes = options.mainThreadExecutes !== false || threads === 0;
    for (let i = 0; i < threads; i++) this.threads.push(this.startThread(options.workerFile as string));
    this.execution = { executors: threads + (this.mainExecutes ? 1 : 0), threads, mode: threads > 0 ? 'threads' : 'in-process' };
  }

  /**
   * Runs one task on a free executor; resolves with its result (rejects with its error, class
   * kept). `first`: put it at the front of the queue (the main thread's end), e.g. the evaluation
   * of a policy the main thread most likely just trained.
   */
  run(task: T, first = false): Promise<R> {
    if (this.closed) return Promise.reject(new Error('the task pool is closed'));
    if (this.failure !== undefined) return Promise.reject(this.failure);
    return new Promise<R>((resolve, reject) => {
      const job = { id: this.nextId++, task, resolve, reject };
      if (first) this.queue.unshift(job);
      else this.queue.push(job);
      this.dispatchSoon();
    });
  }

  /**
   * Dispatches once the caller's synchronous code is done (a microtask), so tasks submitted in one
   * go are all queued before any executor takes one: a ready thread then takes from the back of
   * the whole batch, as the main thread from its front, whatever the order of submission.
   */
  private dispatchSoon(): void {
    if (this.dispatchScheduled) return;
    this.dispatchScheduled = true;
    queueMicrotask(() => {
      this.dispatchScheduled = false;
      this.dispatch();
    });
  }

  /** Resolves once every thread has started (loaded its modules and prepared, or failed to). */
  async whenStarted(): Promise<void> {
    await Promise.all(this.threads.map((t) => t.started));
  }

  /**
   * Waits until every thread has started (so a thread that could not load its modules or plugins
   * fails the run even if it got no task), then stops the threads. Call once, after the last task.
   */
  async close(): Promise<void> {
    try {
      await Promise.all(this.threads.map((t) => t.started));
      if (this.failure !== undefined) throw this.failure;
    } finally {
      await this.abort();
    }
  }

  /** Stops the threads now (after a failure elsewhere); tasks not yet run are rejected. */
  async abort(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error('the task pool was closed before this task ran'));
    await Promise.all(this.threads.map((t) => t.worker.terminate()));
  }

  private startThread(workerFile: string): PoolThread<T, R> {
    // The threads load their modules through the main thread's code cache, if it has one (compile-cache.ts).
    const worker = new Worker(POOL_THREAD_FILE, { workerData: { workerFile, prepare: this.options.prepare, codeCache: installedCodeCacheFile() } });
    let started!: () => void;
    const thread: PoolThread<T, R> = { worker, ready: false, started: new Promise<void>((done) => (started = done)), inFlight: new Map() };
    worker.on('message', (message: { ready?: boolean; failure?: TaskFailure; id?: number; result?: unknown }) => {
      if (message.ready !== undefined) {
        if (message.ready) thread.ready = true;
        else this.fail(reviveTaskError(message.failure as TaskFailure));
        started();
        this.dispatch();
        return;
      }
      const job = thread.inFlight.get(message.id as number);
      if (job === undefined) return;
      thread.inFlight.delete(job.id);
      // A task that threw on the thread comes back as data (task-failure.ts): rethrow it with its class.
      if (isTaskFailure(message.result)) job.reject(reviveTaskError(message.result));
      else job.resolve(message.result as R);
      this.dispatch();
    });
    // A thread that dies (out of memory, a crash outside a task) fails its tasks and the run.
    const died = (error: Error) => {
      thread.ready = false;
      started();
      this.fail(error);
      for (const job of thread.inFlight.values()) job.reject(error);
      thread.inFlight.clear();
    };
    worker.on('error', died);
    worker.on('exit', (code) => {
      if (!this.closed) died(new Error(`a worker thread of the task pool exited with code ${code}`));
    });
    return thread;
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const job of this.queue.splice(0)) job.reject(error);
  }

  private dispatch(): void {
    for (const thread of this.threads) {
      while (thread.ready && thread.inFlight.size < THREAD_DEPTH && this.queue.length > 0) {
        const job = (this.mainExecutes ? this.queue.pop() : this.queue.shift()) as Job<T, R>;
        thread.inFlight.set(job.id, job);
        thread.worker.postMessage({ id: job.id, task: job.task });
      }
    }
    // With threads, the main thread takes its next task on the next turn of the event loop, after
    // the threads' messages of this turn were handled (a task it runs blocks it until done).
    // In-process only, tasks run back to back as a plain loop would (nothing to wait for).
    if (this.mainExecutes && !this.mainScheduled && this.queue.length > 0) {
      this.mainScheduled = true;
      if (this.threads.length > 0) setImmediate(() => void this.runOnMain());
      else queueMicrotask(() => void this.runOnMain());
    }
  }

  private async runOnMain(): Promise<void> {
    this.mainScheduled = false;
    const job = this.queue.shift();
    if (job === undefined) return;
    try {
      job.resolve(await this.options.runInProcess(job.task));
    } catch (error) {
      job.reject(error);
    }
    this.dispatch();
  }
}
