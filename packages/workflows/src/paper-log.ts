import { closeSync, openSync, readSync, statSync, truncateSync } from 'node:fs';
import { DataError, UsageError } from '@mml/core';
import { acquireFileLock, inspectJsonLines, type FileLock } from '@mml/core/io';

/**
 * A realtime-paper JSONL log, as `--resume` finds it. Nothing here modifies a file before it is
 * proven to be our log of the same run and locked: a notes file, a log of another market or
 * format, a directory, a log with damage in its middle are refused untouched; only a torn last
 * line of our own log (a kill mid-write) is cut, and only while holding the lock.
 */

/** Record types the paper loop writes; anything else means the file is not our log. */
const RECORD_TYPES = new Set(['start', 'resume', 'fault', 'iteration', 'stop', 'fill', 'status']);
/** What must match between the logged run and the resuming one. */
export const SAME_RUN_KEYS = ['exchange', 'symbol', 'timeframe', 'format'] as const;

export type PaperRecord = Record<string, unknown> & { type: string };
export type IterationRecord = PaperRecord & { iteration: number };

export interface PaperLogState {
  start: PaperRecord;
  lastIteration?: IterationRecord;
  /** Bytes of a torn last line (0 when none). */
  tornTailBytes: number;
  size: number;
}

/** Reads and checks a paper log without modifying it; throws a UsageError naming what is wrong. */
export function inspectPaperLog(path: string, expected?: Partial<Record<(typeof SAME_RUN_KEYS)[number], string>>): PaperLogState {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch (error) {
    throw new UsageError(`--resume ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `cannot read (${(error as NodeJS.ErrnoException).code})`}`);
  }
  if (isDirectory) throw new UsageError(`--resume ${path}: is a directory, not a realtime-paper log`);
  const notOurs = (why: string) => new UsageError(`--resume ${path}: not a realtime-paper log (${why}); left untouched`);
  let inspection;
  try {
    inspection = inspectJsonLines<unknown>(path);
  } catch (error) {
    if (error instanceof DataError) throw notOurs(`row ${error.row} is not JSON`);
    throw error;
  }
  const { records, tornTailBytes, size } = inspection;
  if (records.length === 0) throw notOurs(size === 0 ? 'the file is empty' : 'no complete JSON line');
  records.forEach((record, i) => {
    const type = (record as PaperRecord | null)?.type;
    if (record === null || typeof record !== 'object' || Array.isArray(record) || typeof type !== 'string' || !RECORD_TYPES.has(type)) throw notOurs(`row ${i + 1} is not a paper-loop record`);
  });
  const start = records[0] as PaperRecord;
  if (start.type !== 'start' || start['paperOnly'] !== true) throw notOurs('row 1 is not a start record');
  if (tornTailBytes > 0 && !tornTailOfOurs(path, size, tornTailBytes)) throw notOurs('its last line is not a torn paper-loop record');
  for (const key of SAME_RUN_KEYS) {
    const want = expected?.[key];
    if (want !== undefined && start[key] !== want) throw new UsageError(`--resume ${path}: the run used --${key} ${String(start[key])}, not ${want}`);
  }
  let lastIteration: IterationRecord | undefined;
  for (let i = records.length - 1; i >= 0 && lastIteration === undefined; i--) {
    if ((records[i] as PaperRecord).type === 'iteration') lastIteration = records[i] as IterationRecord;
  }
  return { start, lastIteration, tornTailBytes, size };
}

/** A torn line we wrote starts like every record we write: `{"type":"`. */
function tornTailOfOurs(path: string, size: number, tornTailBytes: number): boolean {
  const text = inspectTail(path, size - tornTailBytes, Math.min(tornTailBytes, 9));
  return '{"type":"'.startsWith(text) || text.startsWith('{"type":"');
}

function inspectTail(path: string, from: number, length: number): string {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, from);
    return buffer.toString('utf8');
  } finally {
    closeSync(fd);
  }
}

export interface ResumedPaperLog extends PaperLogState {
  lock: FileLock;
}

/**
 * Opens a paper log for `--resume`: checks it (inspectPaperLog), takes its exclusive lock (a second
 * process resuming the same log is refused naming the PID holding it; a lock left by a killed
 * process is taken over), checks it again under the lock, and only then cuts a torn last line.
 */
export function resumePaperLog(path: string, expected: Partial<Record<(typeof SAME_RUN_KEYS)[number], string>>): ResumedPaperLog {
  inspectPaperLog(path, expected);
  const lock = acquireFileLock(path);
  try {
    const state = inspectPaperLog(path, expected);
    if (state.tornTailBytes > 0) truncateSync(path, state.size - state.tornTailBytes);
    return { ...state, size: state.size - state.tornTailBytes, tornTailBytes: 0, lock };
  } catch (error) {
    lock.release();
    throw error;
  }
}
