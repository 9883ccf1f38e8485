import type { ConnectionOptions } from 'bullmq';
import type { RedisOptions } from 'ioredis';
import type { QueueEndpoint } from './queue-url';

/** The one BullMQ queue every sweep (research, walk-forward, campaign) puts its tasks on. */
export const TASK_QUEUE = 'mml-tasks';
/** Redis key prefix of the queue (keeps our keys apart from anything else on that Redis). */
export const QUEUE_PREFIX = 'mml';

/** ioredis options for BullMQ; `maxRetriesPerRequest: null` is what BullMQ's blocking calls need. */
export function connectionOf(endpoint: QueueEndpoint): ConnectionOptions {
  return redisOptionsOf(endpoint) as ConnectionOptions;
}

/** The same settings for a plain ioredis client (blob store). */
export function redisOptionsOf(endpoint: QueueEndpoint): RedisOptions {
  return {
    host: endpoint.host,
    port: endpoint.port,
    db: endpoint.db,
    ...(endpoint.username !== undefined ? { username: endpoint.username } : {}),
    ...(endpoint.password !== undefined ? { password: endpoint.password } : {}),
    maxRetriesPerRequest: null,
  };
}

/** A task's handler: the basename of a built module in @mml/workflows' dist whose default export runs it. */
export const HANDLER_NAME = /^[a-z][a-z0-9-]*$/;

/** What one job carries. */
export interface QueuedJobData {
  sweep: string;
  index: number;
  handler: string;
  task: import('./task-codec').EncodedTask;
}
