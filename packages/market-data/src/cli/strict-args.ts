import type { Argv } from 'yargs';

/**
 * Parses a CLI's options the product's way: unknown options refused, no process exit inside yargs,
 * every parse problem thrown (the caller prints one `error: ...` line and exits 2), `--help` on.
 */
export function parseStrictArgs<T>(parser: Argv<T>): Promise<T & { help?: unknown }> {
  return parser
    .strict()
    .exitProcess(false)
    .fail((message, error) => {
      throw error ?? new Error(message);
    })
    .help()
    .parseAsync() as Promise<T & { help?: unknown }>;
}
