import { ConfigError, DataError } from '@mml/core';
import { LiveTradingRefusedError } from './paper-only-guard';

/**
 * Runs a CLI's main function: user errors (bad options, bad data, config errors, live refusal)
 * print one clear `error: …` line and exit 2 without a stack trace; anything else is a bug and
 * prints the stack (exit 1).
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
      } else if (error instanceof DataError || error instanceof ConfigError || error instanceof RangeError) {
        // Exit 2 = the input is wrong (bad data, option or config), not the program.
        process.stderr.write(`error: ${error.message}\n`);
        process.exitCode = 2;
      } else {
        process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
        process.exitCode = 1;
      }
    },
  );
}
