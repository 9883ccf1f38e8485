import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../errors';
import { acquireFileLock } from './file-lock';

describe('acquireFileLock', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mml-lock-'));

  it('is exclusive: a second acquisition while held is refused naming the owner PID and the lock file', () => {
    const target = join(dir, 'run.jsonl');
    const lock = acquireFileLock(target);
    expect(JSON.parse(readFileSync(`${target}.lock`, 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() });
    expect(() => acquireFileLock(target)).toThrow(UsageError);
    expect(() => acquireFileLock(target)).toThrow(`${target} is in use by process ${process.pid}`);
    lock.release();
    expect(existsSync(`${target}.lock`)).toBe(false);
    acquireFileLock(target).release();
  });

  it('takes over a stale lock whose process is gone', () => {
    const target = join(dir, 'stale.jsonl');
    writeFileSync(`${target}.lock`, JSON.stringify({ pid: 999_999_999, host: hostname(), since: '2026-01-01T00:00:00Z' }));
    const lock = acquireFileLock(target, { isAlive: (pid) => pid !== 999_999_999 });
    expect(JSON.parse(readFileSync(lock.path, 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  it('refuses a lock from another host (its processes cannot be checked)', () => {
    const target = join(dir, 'remote.jsonl');
    writeFileSync(`${target}.lock`, JSON.stringify({ pid: 1, host: 'other-host', since: 'x' }));
    expect(() => acquireFileLock(target, { isAlive: () => false })).toThrow(/in use by process 1 on other-host .*remove the lock file if it is not running/);
  });

  it('judges an unreadable lock by its age', () => {
    const target = join(dir, 'garbage.jsonl');
    writeFileSync(`${target}.lock`, '');
    expect(() => acquireFileLock(target)).toThrow(/being locked by another process right now/);
    acquireFileLock(target, { unreadableStaleAfterMs: -1 }).release();
  });
});
