import { closeSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { UsageError } from '../errors';
import { toWriteError } from './write-all';

/** A held exclusive lock; `release()` removes the lock file (idempotent). */
export interface FileLock {
  readonly path: string;
  release(): void;
}

export interface FileLockOptions {
  /** Whether a process id is alive on this host (injected for tests; default: kill(pid, 0)). */
  isAlive?: (pid: number) => boolean;
  /** How the owner of an unreadable lock file is judged: older than this is stale (default 5 s). */
  unreadableStaleAfterMs?: number;
}

interface LockHolder {
  pid: number;
  host: string;
  since: string;
}

/**
 * An exclusive lock on `target`, as the file `<target>.lock` created with O_EXCL and holding the
 * owner's PID, host and start time. A lock whose owner process is gone (killed with SIGKILL, the
 * machine rebooted) is stale and taken over; a lock held by a live process, or by another host
 * (whose processes we cannot see), is refused with a UsageError naming the owner and the lock file.
 *
 * Taking over a stale lock renames it aside first and checks that what was renamed is the stale
 * lock that was judged (not a lock another process created meanwhile), so two processes finding
 * the same stale lock cannot both win.
 */
export function acquireFileLock(target: string, options: FileLockOptions = {}): FileLock {
  const lockPath = `${target}.lock`;
  const isAlive = options.isAlive ?? processAlive;
  const me: LockHolder = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  const content = JSON.stringify(me) + '\n';
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      try {
        writeSync(fd, content);
      } finally {
        closeSync(fd);
      }
      return heldLock(lockPath, content);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw toWriteError(lockPath, error);
    }
    const seen = readLockFile(lockPath);
    if (seen === undefined) continue; // released meanwhile: try again
    const holder = parseHolder(seen.text);
    if (holder === undefined) {
      if (Date.now() - seen.mtimeMs < (options.unreadableStaleAfterMs ?? 5_000)) throw new UsageError(`${target} is being locked by another process right now (lock file ${lockPath})`);
    } else if (holder.host !== me.host || isAlive(holder.pid)) {
      throw new UsageError(`${target} is in use by process ${holder.pid} on ${holder.host} since ${holder.since} (lock file ${lockPath}); stop that process first${holder.host !== me.host ? ', or remove the lock file if it is not running' : ''}`);
    }
    // Stale: move it aside, and make sure it was the one judged stale.
    const aside = `${lockPath}.stale.${process.pid}.${Date.now()}`;
    try {
      renameSync(lockPath, aside);
    } catch {
      continue; // someone else moved it first: try again
    }
    const moved = readLockFile(aside);
    if (moved !== undefined && moved.text !== seen.text) {
      try {
        renameSync(aside, lockPath); // a fresh lock of another process: give it back
      } catch {
        // it cannot be put back while a third process holds the name; that process owns the log
      }
      throw new UsageError(`${target} was locked by another process at the same moment (lock file ${lockPath})`);
    }
    rmSync(aside, { force: true });
  }
  throw new UsageError(`${target}: could not take the lock ${lockPath} (it keeps changing)`);
}

function heldLock(lockPath: string, content: string): FileLock {
  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    process.off('exit', release);
    // Remove only our own lock (never one a later owner took over after we were judged stale).
    if (readLockFile(lockPath)?.text === content) rmSync(lockPath, { force: true });
  };
  process.on('exit', release);
  return { path: lockPath, release };
}

function readLockFile(path: string): { text: string; mtimeMs: number } | undefined {
  try {
    return { text: readFileSync(path, 'utf8'), mtimeMs: statSync(path).mtimeMs };
  } catch {
    return undefined;
  }
}

function parseHolder(text: string): LockHolder | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    if (Number.isInteger(value.pid) && typeof value.host === 'string') return { pid: value.pid as number, host: value.host, since: String(value.since) };
  } catch {
    // unreadable: judged by age
  }
  return undefined;
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
