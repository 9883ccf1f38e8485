/**
 * Errors that name where bad input came from. Every package throws these for bad data or bad
 * configuration, so a user always learns the file, row and field (or the config key) at fault.
 */

export interface DataErrorLocation {
  /** File path or source name (e.g. "binance:BTC/USDT klines"). */
  source: string;
  /** 1-based row or line number in the source, when the source has rows. */
  row?: number;
  /** Column or field name, when one field is at fault. */
  field?: string;
}

/** Bad market data: malformed, non-finite, out of order, inconsistent. */
export class DataError extends Error {
  readonly source: string;
  readonly row?: number;
  readonly field?: string;

  constructor(location: DataErrorLocation, problem: string) {
    const where = [location.source, location.row !== undefined ? `row ${location.row}` : undefined, location.field ? `field "${location.field}"` : undefined]
      .filter((part) => part !== undefined)
      .join(', ');
    super(`${where}: ${problem}`);
    this.name = 'DataError';
    this.source = location.source;
    this.row = location.row;
    this.field = location.field;
  }
}

/** Bad configuration: an unknown key, a wrong type, a value out of range. `key` is a dotted path. */
export class ConfigError extends Error {
  readonly key: string;

  constructor(key: string, problem: string) {
    super(`config "${key}": ${problem}`);
    this.name = 'ConfigError';
    this.key = key;
  }
}

/**
 * A bad command line: an option out of its allowed range, a missing input file, an unusable
 * output directory. The message names the option (e.g. "--max-attempts must be an integer in
 * [1, 100], got \"0\""); CLIs print it as one `error: ...` line and exit 2.
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * An artifact or log that could not be written completely (full disk, read-only file system, a
 * path that is not a directory). The OS code (ENOSPC, EROFS, ENOTDIR, ...) is in `code` and in the
 * message; nothing partial was left in place of the target.
 */
export class ArtifactWriteError extends Error {
  readonly path: string;
  readonly code: string;

  constructor(path: string, code: string, detail: string) {
    super(`cannot write ${path}: ${code}${detail ? ` (${detail})` : ''}`);
    this.name = 'ArtifactWriteError';
    this.path = path;
    this.code = code;
  }
}
