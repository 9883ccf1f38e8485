import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { sharedDataDir } from '../paths';
import { dataFileSymbols, sameBaseQuote, splitSymbol, symbolFromContents, symbolFromFileName } from './data-symbol';

const names = (path: string) => {
  const s = symbolFromFileName(path);
  return s ? `${s.base}/${s.quote}` : undefined;
};

describe('the symbol a data file states', () => {
  it('reads it from the names this repository and Binance give files', () => {
    expect(names('/x/binance_ethusdt_1m_2023-03-16_2023-05-01.csv.gz')).toBe('ETH/USDT');
    expect(names('binance_btcusdt_spot_2024-08-08_trades.csv.gz')).toBe('BTC/USDT');
    expect(names('binance_usdm_btcusdt_perp_2024-08-08_depth.csv.gz')).toBe('BTC/USDT');
    expect(names('binance_spot_nexousdt_2024-07-23.dat.gz')).toBe('NEXO/USDT');
    expect(names('binance_coinm_btcusd_perp_2024-08-08.gz')).toBe('BTC/USD');
    expect(names('ETHUSDT-1m-2024-08-08.zip')).toBe('ETH/USDT');
    expect(names('BTCUSDT-aggTrades-2024-08-08.zip')).toBe('BTC/USDT');
    expect(names('ETHBTC-trades-2024-01-01.csv')).toBe('ETH/BTC');
    expect(names('BTCFDUSD-1m-2024-01-01.csv')).toBe('BTC/FDUSD');
    expect(names('ETH_USDT-1m.json')).toBe('ETH/USDT');
    expect(symbolFromFileName('binance_ethusdt_1m.csv')?.evidence).toBe('file name "binance_ethusdt_1m.csv"');
  });

  it('states none for names without a symbol, and does not read words as symbols', () => {
    for (const name of ['klines.csv.gz', 'prices-5m.csv', 'btc_halt_1m_.csv', 'registry_entry.csv', 'hourly_usd.csv', 'my-ETHusdt.csv', 'data-2023-05-01.csv', 'USDT.csv']) {
      expect([name, names(name)]).toEqual([name, undefined]);
    }
  });

  it('splits exchange, ccxt, COIN-M and delivery symbols into base and quote', () => {
    expect(splitSymbol('BTC/USDT:USDT')).toEqual({ base: 'BTC', quote: 'USDT' });
    expect(splitSymbol('eth/usdt')).toEqual({ base: 'ETH', quote: 'USDT' });
    expect(splitSymbol('btcusd_perp')).toEqual({ base: 'BTC', quote: 'USD' });
    expect(splitSymbol('BTCUSDT_240628')).toEqual({ base: 'BTC', quote: 'USDT' });
    expect(splitSymbol('SPOT')).toBeUndefined();
    expect(sameBaseQuote(splitSymbol('BTC/USDT:USDT')!, splitSymbol('btcusdt')!)).toBe(true);
    expect(sameBaseQuote(splitSymbol('BTC/USDT')!, splitSymbol('ETHUSDT')!)).toBe(false);
  });

  it("reads a capture's stream name (and an event's symbol) from its first lines", async () => {
    const eth = await symbolFromContents(join(sharedDataDir(), 'ticks', 'binance_spot_ethusdt_2024-08-08.gz'));
    expect(eth).toEqual({ base: 'ETH', quote: 'USDT', evidence: 'stream "ethusdt@bookTicker" (line 1)' });
    // NEXO's capture opens with a REST snapshot (no symbol) and names its stream on line 2.
    expect((await symbolFromContents(join(sharedDataDir(), 'ticks', 'binance_spot_nexousdt_2024-07-23.dat.gz')))?.evidence).toBe('stream "nexousdt@depth@100ms" (line 2)');
    const dir = mkdtempSync(join(tmpdir(), 'mml-symbol-'));
    const renamed = join(dir, 'capture.gz');
    writeFileSync(renamed, gzipSync('1723161254024619568 {"e":"trade","s":"SOLUSDT","p":"1"}\n'));
    expect(await dataFileSymbols(renamed)).toEqual([{ base: 'SOL', quote: 'USDT', evidence: 'symbol "SOLUSDT" (line 1)' }]);
  });

  it('kline files and flattened tick CSVs state theirs only by name; an unreadable file states none', async () => {
    expect(await symbolFromContents(join(sharedDataDir(), 'binance_ethusdt_1m_2023-03-16_2023-05-01.csv.gz'))).toBeUndefined();
    expect(await symbolFromContents(join(sharedDataDir(), 'binance_btcusdt_spot_2024-08-08_trades.csv.gz'))).toBeUndefined();
    const dir = mkdtempSync(join(tmpdir(), 'mml-symbol-'));
    writeFileSync(join(dir, 'broken.gz'), 'not gzip');
    expect(await dataFileSymbols(join(dir, 'broken.gz'))).toEqual([]);
    const both = await dataFileSymbols(join(sharedDataDir(), 'ticks', 'binance_usdm_ethusdt_2024-08-08.gz'));
    expect(both.map((s) => `${s.base}/${s.quote} by ${s.evidence.split(' ')[0]}`)).toEqual(['ETH/USDT by file', 'ETH/USDT by stream']);
  });
});

// The README's example, run as written (its printed values are pinned by its comments).
describe('README example: which symbol a file holds', () => {
  it('prints what the README says', async () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    const code = /```js\n([\s\S]*?)```/.exec(readme.slice(readme.indexOf('## Which symbol a file holds')))?.[1] ?? '';
    expect(code).toContain('symbolFromContents');
    const printed: string[] = [];
    const fakeConsole = { log: (...args: unknown[]) => printed.push(args.map(String).join(' ')) };
    const lastCall = code.lastIndexOf('md.symbolFromContents');
    const run = new Function('require', 'console', `${code.slice(0, lastCall)}return ${code.slice(lastCall)}`) as (r: NodeRequire, c: typeof fakeConsole) => Promise<void>;
    await run(require, fakeConsole);
    expect(printed).toEqual([...code.matchAll(/\/\/ (ETH .+)$/gm)].map((m) => m[1]));
    expect(printed).toHaveLength(2);
  });
});
