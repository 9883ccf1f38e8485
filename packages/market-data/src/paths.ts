import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

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

/** The shared real-data folder: `MML_SHARED_DATA`, else `<repo>/../shared/data`. */
export function sharedDataDir(): string {
  return process.env['MML_SHARED_DATA'] ?? resolve(repoRoot(), '..', 'shared', 'data');
}

/** The shared 1m BTC/USDT kline file (Binance spot, 2023-03-16 .. 2023-05-01). */
export const SHARED_BTCUSDT_1M = 'binance_btcusdt_1m_2023-03-16_2023-05-01.csv.gz';
