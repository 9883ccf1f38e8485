import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ConfigError } from '@mml/core';

/** The repository root: the nearest ancestor of `from` holding nx.json. */
export function repoRoot(from: string = __dirname): string {
  let dir = resolve(from);
  while (!existsSync(join(dir, 'nx.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no nx.json above ${from}`);
    dir = parent;
  }
  return dir;
}

/** Where `sharedDataDir` looks; every field defaults to the running process (tests inject them). */
export interface SharedDataLookup {
  /** Environment holding `MML_SHARED_DATA` (default process.env). */
  env?: Record<string, string | undefined>;
  /** Directories to walk up from, in order (default: the working directory, then this package's own directory). */
  from?: readonly string[];
}

/**
 * The shared real-data folder, resolved in this order:
 *   1. `MML_SHARED_DATA`, when set and non-empty (taken as given, relative to the working directory);
 *   2. the first `shared/data` directory found walking up from the working directory (a notebook or
 *      script in a project that sits beside `shared/`, or inside it);
 *   3. the same walk from where this package is installed (inside the repo: `<repo>/../shared/data`);
 * otherwise a ConfigError naming what to set and where it looked. It never needs nx.json, so it works
 * from the packed package in any project.
 */
export function sharedDataDir(lookup: SharedDataLookup = {}): string {
  const env = lookup.env ?? process.env;
  const fromEnv = env['MML_SHARED_DATA'];
  if (fromEnv !== undefined && fromEnv.trim() !== '') return resolve(fromEnv.trim());
  const starts = lookup.from ?? [process.cwd(), __dirname];
  for (const start of starts) {
    const found = sharedDataAbove(start);
    if (found !== undefined) return found;
  }
  throw new ConfigError(
    'MML_SHARED_DATA',
    `no shared data folder: set MML_SHARED_DATA=/path/to/shared/data (no shared/data directory above ${starts.map((s) => resolve(s)).join(' or ')})`,
  );
}

/** The nearest `<ancestor>/shared/data` directory of `start` (start included), if any. */
function sharedDataAbove(start: string): string | undefined {
  let dir = resolve(start);
  for (;;) {
    const candidate = join(dir, 'shared', 'data');
    if (isDirectory(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The shared 1m BTC/USDT kline file (Binance spot, 2023-03-16 .. 2023-05-01). */
export const SHARED_BTCUSDT_1M = 'binance_btcusdt_1m_2023-03-16_2023-05-01.csv.gz';
