import type * as Ccxt from 'ccxt';

let loaded: typeof Ccxt | undefined;

/**
 * ccxt, loaded on first use. Requiring ccxt costs ~0.3 s and ~100 MB, and its type declarations do
 * not compile without skipLibCheck, so nothing a file-only consumer of @mml/market-data touches may
 * load it: the exchange modules import ccxt's types only (erased at build time) and reach the
 * module through here when an exchange is really created or one of its errors inspected.
 */
export function ccxtModule(): typeof Ccxt {
  // A plain require, not `import`: a static import is hoisted to load time, which is exactly what this avoids.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require('ccxt') as typeof Ccxt;
  return loaded;
}
