import { ArtifactWriteError, ConfigError, DataError, redactCredentials, UsageError } from '@mml/core';
import { LiveTradingRefusedError } from './paper-only-guard';

/** File-system codes that mean "the path the user gave is wrong", not "the program is wrong". */
const USER_FS_CODES = new Set(['ENOENT', 'ENOTDIR', 'EISDIR', 'EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EDQUOT', 'EEXIST']);

/**
 * Whether `error` is the user's to fix (a bad option, bad data, a missing or unwritable path, an
 * unknown symbol, an unreachable exchange) rather than a bug. Exchange errors are recognised by
 * name so this module does not load ccxt.
 */
export function isUserError(error: unknown): error is Error {
  if (error instanceof UsageError || error instanceof ConfigError || error instanceof DataError || error instanceof RangeError || error instanceof ArtifactWriteError) return true;
  if (!(error instanceof Error)) return false;
  if (error.name === 'ExchangeCallError') return true;
  const code = (error as NodeJS.ErrnoException).code;
  return typeof code === 'string' && USER_FS_CODES.has(code) && typeof (error as NodeJS.ErrnoException).path === 'string';
}

/**
 * Runs a CLI's main function. A user error prints exactly one line, `error: <message>` (naming the
 * file, row and field, or the option and its allowed range), and exits 2; the live-trading refusal
 * exits 2 with its own message; anything else is a bug and prints the stack with exit 1. Every
 * line is stripped of URL credentials.
 */
export function runCli(main: () => Promise<void>): void {
  main().then(
    () => {
      process.exitCode = process.exitCode ?? 0;
    },
    (error: unknown) => {
      if (error instanceof LiveTradingRefusedError) {
        process.stderr.write(`${error.message}\n`);
        process.exitCode = error.exitCode;
      } else if (isUserError(error)) {
        process.stderr.write(`${redactCredentials(`error: ${error.message}`.split('\n')[0])}\n`);
        process.exitCode = 2;
      } else {
        process.stderr.write(`${redactCredentials(error instanceof Error ? (error.stack ?? error.message) : String(error))}\n`);
        process.exitCode = 1;
      }
    },
  );
}
