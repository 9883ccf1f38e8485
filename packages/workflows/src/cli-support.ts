import { execFileSync } from 'node:child_process';
import { existsSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ArtifactWriteError, UsageError } from '@mml/core';
import { writeFileAtomic } from '@mml/core/io';

/**
 * Small helpers the four CLIs share, kept here so the apps stay thin argument parsers.
 */

/** "1000,10000,1e5" → [1000, 10000, 100000]; names the option on bad input. */
export function parseNumberList(text: string, option: string): number[] {
  const values = text.split(',').map((part) => part.trim()).filter((part) => part.length > 0).map(Number);
  if (values.length === 0 || values.some((v) => !Number.isFinite(v) || v <= 0)) {
    throw new UsageError(`--${option} must be a comma-separated list of positive numbers, got "${text}"`);
  }
  return values;
}

/** The repository root: the nearest ancestor of `from` holding nx.json. */
export function findRepoRoot(from: string = __dirname): string | undefined {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'nx.json'))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * The git commit of the code that ran, or "unknown" outside git. $MML_CODE_VERSION overrides it
 * (used by tests that compare two runs byte for byte while other commits land).
 */
export function codeVersion(cwd: string = findRepoRoot() ?? process.cwd(), env: Record<string, string | undefined> = process.env): string {
  const fromEnv = env['MML_CODE_VERSION'];
  if (fromEnv) return fromEnv;
  try {
    return execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

/**
 * Creates the artifacts root and proves it writable (a probe file written atomically and removed)
 * BEFORE any computation, so a bad `--out` (ENOTDIR, EROFS, EACCES, a full disk) fails in a second
 * with the option named, not after the whole run.
 */
export function checkOutputRoot(out: string, option = 'out'): void {
  const probe = join(out, `.mml-write-check-${process.pid}`);
  try {
    writeFileAtomic(probe, 'ok\n');
    rmSync(probe, { force: true });
  } catch (error) {
    const reason = error instanceof ArtifactWriteError ? `${error.code}${error.detail ? ` (${error.detail})` : ''}` : String(error);
    throw new UsageError(`--${option} ${out} is not a writable directory: ${reason}`);
  }
}

/** An input file option must name an existing, readable regular file. */
export function checkInputFile(path: string, option: string): void {
  let kind: 'file' | 'directory' | 'other';
  try {
    const stat = statSync(path);
    kind = stat.isFile() ? 'file' : stat.isDirectory() ? 'directory' : 'other';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`--${option} ${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : `cannot read (${code ?? String(error)})`}`);
  }
  if (kind !== 'file') throw new UsageError(`--${option} ${path}: is a ${kind}, not a file`);
}
