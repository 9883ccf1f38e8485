// A consumer that only reads files, as a researcher's project would: compiled by
// verify-pack.sh with strict settings and WITHOUT skipLibCheck against the packed
// @mml/market-data, then run. It proves that such a consumer compiles no ccxt declarations and
// loads neither ccxt nor yargs, and that sharedDataDir() resolves outside the repository.
import { join, sep } from 'node:path';
import { SHARED_BTCUSDT_1M, loadCandles, sharedDataDir } from '@mml/market-data';

/** Modules of package `name` in require.cache (a path with node_modules and a segment named `name`). */
function loaded(name: string): string[] {
  return Object.keys(require.cache).filter((path) => path.includes('node_modules') && path.split(sep).includes(name));
}

async function main(): Promise<void> {
  const dir = sharedDataDir();
  const { candles } = await loadCandles(join(dir, SHARED_BTCUSDT_1M), { lastDays: 1 });
  const heavy = [...loaded('ccxt'), ...loaded('yargs')];
  if (heavy.length > 0) throw new Error(`reading files loaded ${heavy.length} ccxt/yargs modules, e.g. ${heavy[0]}`);
  console.log(`file-reader: ${candles.length} candles from ${dir}; ccxt and yargs not loaded`);
  // The exchange entry may be imported freely: ccxt is required only when an exchange is created.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const exchange = require('@mml/market-data/exchange') as { createCcxtExchange(id: string): unknown };
  if (loaded('ccxt').length > 0) throw new Error('importing @mml/market-data/exchange loaded ccxt');
  exchange.createCcxtExchange('binance');
  if (loaded('ccxt').length === 0) throw new Error('createCcxtExchange did not load ccxt');
  console.log('file-reader: ccxt loaded only once an exchange was created');
}

main().catch((error: unknown) => {
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
