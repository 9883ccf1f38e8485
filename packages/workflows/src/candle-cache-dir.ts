import { resolve } from 'node:path';
import { findRepoRoot } from './cli-support';

/**
 * Where loaded kline files are cached (market-data's candle-cache.ts): `data/cache/candles` of this
 * repository, or, for a project that installed the packed packages (no nx.json above them), of the
 * working directory. Beside the tick cache (`data/cache/ticks`); deleting either only costs a parse.
 */
export function defaultCandleCacheDir(from: string = __dirname, cwd: string = process.cwd()): string {
  return resolve(findRepoRoot(from) ?? cwd, 'data', 'cache', 'candles');
}
