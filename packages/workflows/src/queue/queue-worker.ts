import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { Piscina } from 'piscina';
import { connectionOf, redisOptionsOf, HANDLER_NAME, QUEUE_PREFIX, TASK_QUEUE, type QueuedJobData } from './queue-names';
import { parseQueueUrl } from './queue-url';
import { redisBlobStore } from './redis-blob-store';
import { decodeTask, encodeResult } from './task-codec';

export interface QueueWorkerOptions {
  url: string;
  /** Tasks run at once by this process, each on its own thread. */
  concurrency: number;
  /**
   * How long a task's lock lasts without renewal. Renewal runs on this process's event loop, which
   * tasks never block (they run on threads), so a live worker keeps its locks; a killed one loses
   * them after this long and its task goes back to the queue.
   */
  lockMs?: number;
  /** Where the handler modules live (default: this package's dist). */
  handlerDir?: string;
  log?: (line: string) => void;
}

export interface RunningQueueWorker {
  /** Tasks completed by this worker so far. */
  readonly completed: number;
  /** Stops taking tasks, lets running ones finish, closes connections. */
  close(): Promise<void>;
}

/**
 * A worker process for `--queue` sweeps: takes tasks from the queue, runs each with the named
 * handler module (the same `default` export the local thread pool runs) on a thread, and returns
 * the result. Any number of these may run, on any machines that reach the Redis; task data comes
 * through Redis by content hash, so workers need no shared files for candle sweeps.
 */
export async function startQueueWorker(options: QueueWorkerOptions): Promise<RunningQueueWorker> {
  const endpoint = parseQueueUrl(options.url);
  const connection = connectionOf(endpoint);
  const handlerDir = options.handlerDir ?? join(__dirname, '..');
  const log = options.log ?? (() => undefined);
  const lockMs = options.lockMs ?? 30_000;
  const redis = new Redis(redisOptionsOf(endpoint));
  const store = redisBlobStore(redis);
  const cache = new Map<string, unknown>();
  const pools = new Map<string, Piscina>();
  let completed = 0;

  const poolFor = (handler: string): Piscina => {
    if (!HANDLER_NAME.test(handler)) throw new Error(`refusing task handler ${JSON.stringify(handler)}`);
    let pool = pools.get(handler);
    if (pool === undefined) {
      const filename = join(handlerDir, `${handler}.js`);
      if (!existsSync(filename)) throw new Error(`task handler ${handler} not found at ${filename} (is this worker's build the same version as the sweep's?)`);
      pool = new Piscina({ filename, minThreads: 1, maxThreads: options.concurrency, idleTimeout: 60_000 });
      pools.set(handler, pool);
    }
    return pool;
  };

  const worker = new Worker<QueuedJobData, string>(
    TASK_QUEUE,
    async (job: Job<QueuedJobData, string>) => {
      const started = Date.now();
      log(`worker ${hostname()}:${process.pid}: task ${job.data.index} of sweep ${job.data.sweep.slice(0, 8)} started`);
      const task = await decodeTask<object>(job.data.task, store, cache);
      const result = await poolFor(job.data.handler).run(task);
      completed++;
      log(`worker ${hostname()}:${process.pid}: task ${job.data.index} of sweep ${job.data.sweep.slice(0, 8)} done in ${Date.now() - started} ms (attempt ${job.attemptsMade + 1})`);
      return encodeResult(result);
    },
    {
      connection,
      prefix: QUEUE_PREFIX,
      concurrency: options.concurrency,
      lockDuration: lockMs,
      stalledInterval: Math.max(1000, Math.floor(lockMs / 2)),
      // A task whose worker died is put back once more before the sweep is told it failed.
      maxStalledCount: 2,
    },
  );
  worker.on('failed', (job, error) => log(`worker ${hostname()}:${process.pid}: task ${job?.data.index ?? '?'} failed: ${error.message}`));
  worker.on('error', (error) => log(`worker ${hostname()}:${process.pid}: ${error.message}`));
  await worker.waitUntilReady();
  log(`worker ${hostname()}:${process.pid}: serving ${TASK_QUEUE} on ${endpoint.display} with ${options.concurrency} thread(s)`);
  return {
    get completed() {
      return completed;
    },
    async close() {
      await worker.close();
      await Promise.allSettled([...pools.values()].map((p) => p.destroy()));
      redis.disconnect();
    },
  };
}
