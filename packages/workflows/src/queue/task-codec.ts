import { createHash } from 'node:crypto';
import { deserialize, serialize } from 'node:v8';

/**
 * How tasks and results cross Redis. Both are encoded with V8's structured serialisation (not
 * JSON), so NaN, Infinity, -0, typed arrays and undefined survive the trip and a result computed on
 * a remote worker is bit-for-bit the one a local thread would return (byte-identical artifacts).
 *
 * Large top-level task fields (candle arrays shared by every task of a sweep) are stored once in
 * Redis by content hash and referenced from each job, so a 3 tiers x 6 formats sweep ships its data
 * once, and a worker on another machine needs no shared file path: data travels by content.
 */
export const BLOB_MIN_BYTES = 64 * 1024;

export interface EncodedTask {
  /** Small fields, V8-serialised, base64. */
  inline: string;
  /** Large fields by name -> sha256 of their V8 serialisation (stored under blobKey(hash)). */
  blobs: Record<string, string>;
}

export interface BlobStore {
  /** Stores bytes under the hash unless present. */
  put(hash: string, bytes: Buffer): Promise<void>;
  get(hash: string): Promise<Buffer | null>;
}

export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Splits a task into inline fields and content-addressed blobs, storing each blob once. */
export async function encodeTask(task: object, store: BlobStore, stored: Set<string>): Promise<EncodedTask> {
  const inline: Record<string, unknown> = {};
  const blobs: Record<string, string> = {};
  for (const [key, value] of Object.entries(task)) {
    if (value !== null && typeof value === 'object') {
      const bytes = serialize(value);
      if (bytes.length >= BLOB_MIN_BYTES) {
        const hash = sha256(bytes);
        if (!stored.has(hash)) {
          await store.put(hash, bytes);
          stored.add(hash);
        }
        blobs[key] = hash;
        continue;
      }
    }
    inline[key] = value;
  }
  return { inline: serialize(inline).toString('base64'), blobs };
}

/** Rebuilds a task; blobs come from a per-process cache first (a sweep reuses the same data). */
export async function decodeTask<T>(encoded: EncodedTask, store: BlobStore, cache: Map<string, unknown>): Promise<T> {
  const task = deserialize(Buffer.from(encoded.inline, 'base64')) as Record<string, unknown>;
  for (const [key, hash] of Object.entries(encoded.blobs)) {
    let value = cache.get(hash);
    if (value === undefined) {
      const bytes = await store.get(hash);
      if (bytes === null) throw new Error(`task data ${hash.slice(0, 12)}… (field ${key}) is missing from the queue's blob store (expired or another Redis)`);
      if (sha256(bytes) !== hash) throw new Error(`task data ${hash.slice(0, 12)}… (field ${key}) fails its checksum`);
      value = deserialize(bytes);
      // A small bound: a worker serves one sweep's data at a time.
      if (cache.size >= 8) cache.delete(cache.keys().next().value as string);
      cache.set(hash, value);
    }
    task[key] = value;
  }
  return task as T;
}

export function encodeResult(result: unknown): string {
  return serialize(result).toString('base64');
}

export function decodeResult<R>(encoded: string): R {
  return deserialize(Buffer.from(encoded, 'base64')) as R;
}
