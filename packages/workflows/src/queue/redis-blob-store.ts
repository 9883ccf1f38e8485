import type { Redis } from 'ioredis';
import type { BlobStore } from './task-codec';

/** Content-addressed task data in Redis, kept for a day (a sweep that outlives it fails loudly). */
export const BLOB_TTL_SECONDS = 86_400;

export function blobKey(hash: string): string {
  return `mml:blob:${hash}`;
}

export function redisBlobStore(redis: Redis): BlobStore {
  return {
    async put(hash, bytes) {
      await redis.set(blobKey(hash), bytes, 'EX', BLOB_TTL_SECONDS, 'NX');
    },
    async get(hash) {
      return redis.getBuffer(blobKey(hash));
    },
  };
}
