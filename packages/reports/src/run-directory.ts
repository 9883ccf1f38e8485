import { mkdirSync, readFileSync, readlinkSync, renameSync, rmSync, symlinkSync, lstatSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { writeFileAtomic } from '@mml/core/io';

export const LATEST_NAME = 'latest';

export interface RunDirectory {
  /** Sortable by time: "20261124T101500Z-<suffix>". */
  runId: string;
  /** `<artifactsRoot>/<app>/<runId>`, created. */
  dir: string;
}

export interface RunDirectoryOptions {
  /**
   * Suffix after the timestamp. Default: the process id in base 36, which keeps concurrent
   * processes apart without randomness. A clash within the same second adds "-2", "-3", ...
   */
  suffix?: string;
  /** Point `<app>/latest` at the new directory now (default true). Pass false and call `linkLatest` once the artifacts are complete. */
  linkLatest?: boolean;
}

/**
 * Creates `<artifactsRoot>/<app>/<runId>/` where runId starts with the UTC time, so a plain sort
 * of the directory names is a sort by start time, and (by default) points `<app>/latest` at it.
 */
export function createRunDirectory(artifactsRoot: string, app: string, now: Date = new Date(), options: RunDirectoryOptions = {}): RunDirectory {
  if (!/^[A-Za-z0-9._-]+$/.test(app) || app === LATEST_NAME || app.startsWith('.')) throw new RangeError(`invalid app name "${app}"`);
  const suffix = options.suffix ?? process.pid.toString(36);
  if (!/^[A-Za-z0-9_-]+$/.test(suffix)) throw new RangeError(`invalid run-id suffix "${suffix}"`);
  const appDir = join(artifactsRoot, app);
  mkdirSync(appDir, { recursive: true });
  const base = `${timestamp(now)}-${suffix}`;
  for (let attempt = 1; ; attempt++) {
    const runId = attempt === 1 ? base : `${base}-${attempt}`;
    const dir = join(appDir, runId);
    try {
      mkdirSync(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST' && attempt < 1000) continue;
      throw error;
    }
    if (options.linkLatest !== false) linkLatest(dir);
    return { runId, dir };
  }
}

/**
 * Points `<app>/latest` (the sibling of `runDir`) at `runDir`, atomically: a temporary relative
 * symlink is renamed over the old one, so readers always see a complete link. Where symlinks are
 * not allowed, `latest` becomes a text file holding the run id instead (see `resolveLatest`).
 */
export function linkLatest(runDir: string): void {
  const appDir = dirname(runDir);
  const runId = basename(runDir);
  const latest = join(appDir, LATEST_NAME);
  const tmp = join(appDir, `.${LATEST_NAME}.${process.pid}.tmp`);
  rmSync(tmp, { force: true });
  try {
    symlinkSync(runId, tmp, 'dir');
    renameSync(tmp, latest);
  } catch (error) {
    rmSync(tmp, { force: true });
    // A "latest" left as a real directory (or a file system without symlinks): fall back to a text file.
    if (isDirectory(latest)) throw new Error(`${latest} is a directory, not a link; remove it to let runs update it (${(error as Error).message})`);
    writeFileAtomic(latest, runId + '\n');
  }
}

/** The directory `<app>/latest` points to, or undefined when there is none. Follows the text-file fallback too. */
export function resolveLatest(artifactsRoot: string, app: string): string | undefined {
  const appDir = join(artifactsRoot, app);
  const latest = join(appDir, LATEST_NAME);
  let stat;
  try {
    stat = lstatSync(latest);
  } catch {
    return undefined;
  }
  const runId = stat.isSymbolicLink() ? readlinkSync(latest) : readFileSync(latest, 'utf8').trim();
  // resolve() also copes with an absolute link target written by another tool.
  return resolve(appDir, runId);
}

/** "20261124T101500Z" in UTC. */
export function timestamp(now: Date): string {
  if (Number.isNaN(now.getTime())) throw new RangeError('invalid date for run id');
  return now.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}

function isDirectory(path: string): boolean {
  try {
    return lstatSync(path).isDirectory();
  } catch {
    return false;
  }
}
