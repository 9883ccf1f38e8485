import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
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

/** The git command both version lookups run: the commit's 12-character short hash. */
const GIT_SHORT_HEAD = ['rev-parse', '--short=12', 'HEAD'];

/** The version a user pinned with MML_CODE_VERSION, which both lookups report instead of git's. */
function pinnedVersion(env: Record<string, string | undefined>): string | undefined {
  return env['MML_CODE_VERSION'] || undefined;
}

/**
 * The git commit of the code that ran, or "unknown" outside git. $MML_CODE_VERSION overrides it
 * (used by tests that compare two runs byte for byte while other commits land).
 */
export function codeVersion(cwd: string = findRepoRoot() ?? process.cwd(), env: Record<string, string | undefined> = process.env): string {
  const pinned = pinnedVersion(env);
  if (pinned) return pinned;
  try {
    return execFileSync('git', GIT_SHORT_HEAD, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

/**
 * codeVersion without blocking: git runs while the caller works (research asks at its start and
 * reads the answer when it writes summary.json), and the event loop stays free meanwhile.
 */
export function codeVersionAsync(cwd: string = findRepoRoot() ?? process.cwd(), env: Record<string, string | undefined> = process.env): Promise<string> {
  const pinned = pinnedVersion(env);
  if (pinned) return Promise.resolve(pinned);
  return new Promise((done) => {
    try {
      execFile('git', GIT_SHORT_HEAD, { cwd, encoding: 'utf8' }, (error, stdout) => done(error ? 'unknown' : stdout.trim()));
    } catch {
      done('unknown');
    }
  });
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

/**
 * `--data`: one or more comma-separated paths, each an existing file or a directory of data files
 * (tick captures come as several files). Checked before anything runs, naming the path.
 */
export function checkDataPaths(value: string, option = 'data'): void {
  const paths = value.split(',').map((p) => p.trim());
  if (paths.some((p) => p === '')) throw new UsageError(`--${option} ${JSON.stringify(value)}: an empty path in the list`);
  for (const path of paths) {
    let isDir = false;
    try {
      isDir = statSync(path).isDirectory();
    } catch {
      // checkInputFile names the error (ENOENT, EACCES).
    }
    if (!isDir) checkInputFile(path, option);
    else if (!readdirSync(path, { withFileTypes: true }).some((entry) => entry.isFile())) throw new UsageError(`--${option} ${path}: is a directory with no data files`);
  }
}

/**
 * The data window in days from --days / --hours / --minutes (at most one of hours/minutes may be
 * given; they override the days default). Fractions of a day are fine: tick captures span minutes.
 */
export function windowDays(args: { days: number; hours?: number; minutes?: number }): number {
  if (args.hours !== undefined && args.minutes !== undefined) throw new RangeError('give --hours or --minutes, not both');
  const days = args.minutes !== undefined ? args.minutes / 1440 : args.hours !== undefined ? args.hours / 24 : args.days;
  const option = args.minutes !== undefined ? 'minutes' : args.hours !== undefined ? 'hours' : 'days';
  const value = args.minutes ?? args.hours ?? args.days;
  if (!(days > 0) || !Number.isFinite(days)) throw new RangeError(`--${option} must be > 0, got ${value}`);
  return days;
}

/** A train/test span in days from --<name>-days / --<name>-hours / --<name>-minutes (at most one of hours/minutes). */
export function spanDays(name: string, args: { days: number; hours?: number; minutes?: number }): number {
  try {
    return windowDays(args);
  } catch (error) {
    throw new RangeError((error as Error).message.replace(/--(days|hours|minutes)/g, `--${name}-$1`));
  }
}

/** The --help text on what --data accepts (shared by the research apps). */
export const DATA_HELP =
  'data file(s), comma-separated, or a directory (implies --source file): a 1m kline CSV/CSV.gz, or tick data, ' +
  'detected from the first line: raw Binance websocket captures ("<local time> <JSON>" lines, *.gz / *.dat.gz; a capture split by date = its files in order, or their directory) ' +
  'or the flattened *_trades/_bookticker/_depth.csv.gz of one capture. Tick data runs the L2 exchange simulator (fillModel l2, 10 s equity samples, 1 ms latencies); ' +
  'captures are cached as binary columns in data/cache/ticks, so a second run skips parsing';
