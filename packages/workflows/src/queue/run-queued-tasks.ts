import { randomUUID } from 'node:crypto';
import { Job, Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { connectionOf, redisOptionsOf, HANDLER_NAME, QUEUE_PREFIX, TASK_QUEUE, type QueuedJobData } from './queue-names';
import { parseQueueUrl } from './queue-url';
import { redisBlobStore, blobKey } from './redis-blob-store';
import { decodeResult, encodeTask } from './task-codec';

export interface QueuedTasksOptions {
  /** redis://host:port[/db] */
  url: string;
  /** Basename of the built handler module in @mml/workflows' dist (e.g. "task-worker"). */
  handler: string;
  onProgress?: (done: number, total: number) => void;
  /** Attempts per task before the sweep fails (a killed worker's task is retried, not lost). */
  attempts?: number;
  /** Give up when no task finishes for this long (no worker running?). Default 10 minutes. */
  idleTimeoutMs?: number;
  /** Called when the sweep waits with nothing done, e.g. to say "start workers". */
  log?: (line: string) => void;
}

/**
 * Runs tasks on a BullMQ queue served by `queue-worker` processes on any machine that reaches the
 * Redis. Results come back in task order whatever worker ran them, so the output is the same as
 * the local pool's (byte-identical artifacts for the same seeds).
 *
 * Exactly-once accounting: each task is one job with a sweep-unique id; a result is taken only from
 * a job BullMQ reports completed, once per index. A worker killed mid-task holds a lock that
 * expires; BullMQ's stalled-job check puts the job back and another worker runs it from scratch
 * (tasks are pure functions of their inputs, so a rerun gives the same result).
 */
export async function runQueuedTasks<T extends object, R>(tasks: readonly T[], options: QueuedTasksOptions): Promise<R[]> {
  if (!HANDLER_NAME.test(options.handler)) throw new RangeError(`invalid task handler name ${JSON.stringify(options.handler)}`);
  const endpoint = parseQueueUrl(options.url);
  const connection = connectionOf(endpoint);
  const total = tasks.length;
  const results: R[] = new Array(total);
  if (total === 0) return results;
  const sweep = randomUUID();
  const redis = new Redis(redisOptionsOf(endpoint));
  const queue = new Queue(TASK_QUEUE, { connection, prefix: QUEUE_PREFIX });
  const events = new QueueEvents(TASK_QUEUE, { connection, prefix: QUEUE_PREFIX });
  const store = redisBlobStore(redis);
  const stored = new Set<string>();
  const pending = new Set<number>();
  let done = 0;
  try {
    await events.waitUntilReady();
    const jobs = [];
    for (let index = 0; index < total; index++) {
      const data: QueuedJobData = { sweep, index, handler: options.handler, task: await encodeTask(tasks[index], store, stored) };
      jobs.push({
        name: options.handler,
        data,
        opts: {
          jobId: `${sweep}-${index}`,
          attempts: options.attempts ?? 3,
          backoff: { type: 'exponential', delay: 500 },
          removeOnComplete: false,
          removeOnFail: false,
        },
      });
      pending.add(index);
    }

    const outcome = new Promise<void>((resolve, reject) => {
      const idleMs = options.idleTimeoutMs ?? 600_000;
      let lastProgress = Date.now();
      const settle = async (jobId: string): Promise<void> => {
        const prefix = `${sweep}-`;
        if (!jobId.startsWith(prefix)) return; // another sweep's job
        const index = Number(jobId.slice(prefix.length));
        if (!pending.has(index)) return; // already counted: never twice
        // The state first, then the job: BullMQ sets the return value and moves the job to
        // completed in one step, so a job read after its state is 'completed' has its result.
        // The other way round, a job finishing between the two reads (the periodic reconcile
        // below races the worker) came back 'completed' with the return value of before: null
        // (seen as a TypeError in decodeResult in the queue test on a loaded machine).
        const state = await queue.getJobState(jobId);
        if (state !== 'completed' && state !== 'failed') return;
        const job = await Job.fromId(queue, jobId);
        if (job === undefined) return;
        if (state === 'completed') {
          if (!pending.delete(index)) return;
          results[index] = decodeResult<R>(job.returnvalue as string);
          done++;
          lastProgress = Date.now();
          options.onProgress?.(done, total);
          if (pending.size === 0) finish();
        } else if (state === 'failed') {
          finish(new Error(`task ${index} failed after ${job.attemptsMade} attempt(s): ${job.failedReason}`));
        }
      };
      // Events can be missed (a reconnect); a periodic sweep of the outstanding jobs catches up.
      const reconcile = setInterval(() => {
        for (const index of [...pending].slice(0, 200)) void settle(`${sweep}-${index}`).catch(finish);
        if (Date.now() - lastProgress > idleMs) finish(new Error(`no task of the sweep finished in ${Math.round(idleMs / 1000)} s: is a worker running on ${endpoint.display}? (make worker QUEUE=${endpoint.display})`));
      }, 1000);
      const onCompleted = ({ jobId }: { jobId: string }) => void settle(jobId).catch(finish);
      const onFailed = ({ jobId }: { jobId: string }) => void settle(jobId).catch(finish);
      events.on('completed', onCompleted);
      events.on('failed', onFailed);
      let finished = false;
      function finish(error?: unknown): void {
        if (finished) return;
        finished = true;
        clearInterval(reconcile);
        events.off('completed', onCompleted);
        events.off('failed', onFailed);
        if (error !== undefined) reject(error);
        else resolve();
      }
    });
    await queue.addBulk(jobs);
    options.log?.(`queue: ${total} task(s) on ${endpoint.display} (sweep ${sweep.slice(0, 8)})`);
    await outcome;
    return results;
  } finally {
    // The sweep's jobs and data are no longer needed once their results are here (or it failed).
    await Promise.allSettled([...Array(total).keys()].map(async (index) => (await Job.fromId(queue, `${sweep}-${index}`))?.remove()));
    if (stored.size > 0) await redis.del(...[...stored].map(blobKey)).catch(() => undefined);
    await Promise.allSettled([events.close(), queue.close()]);
    redis.disconnect();
  }
}
