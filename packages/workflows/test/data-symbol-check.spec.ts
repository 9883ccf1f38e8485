import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataError } from '@mml/core';
import { sharedDataDir } from '@mml/market-data';
import { checkDataSymbol, warnOnce } from '../src/data-symbol-check';

const shared = sharedDataDir();
const ethKlines = join(shared, 'binance_ethusdt_1m_2023-03-16_2023-05-01.csv.gz');
const btcCapture = join(shared, 'ticks', 'binance_spot_btcusdt_2024-08-08.gz');
const ethCapture = join(shared, 'ticks', 'binance_spot_ethusdt_2024-08-08.gz');

describe('checkDataSymbol: --data against --symbol', () => {
  it('accepts data of the symbol, also as its perpetual, and refuses another naming file, evidence and the fix', async () => {
    await expect(checkDataSymbol([ethKlines], 'ETH/USDT')).resolves.toEqual({ symbol: 'ETH/USDT' });
    await expect(checkDataSymbol([join(shared, 'binance_usdm_btcusdt_perp_2024-08-08_trades.csv.gz')], 'BTC/USDT:USDT')).resolves.toEqual({ symbol: 'BTC/USDT:USDT' });
    const refused = checkDataSymbol([ethKlines], 'BTC/USDT');
    await expect(refused).rejects.toThrow(DataError);
    await expect(refused).rejects.toThrow(`${ethKlines}: holds ETH/USDT data (from its file name "binance_ethusdt_1m_2023-03-16_2023-05-01.csv.gz") but --symbol is BTC/USDT; pass --symbol ETH/USDT`);
  });

  it('without --symbol takes the symbol the data states (campaign, library calls)', async () => {
    await expect(checkDataSymbol([ethKlines], undefined)).resolves.toEqual({ symbol: 'ETH/USDT' });
  });

  it('refuses files of two symbols, also inside a directory of captures', async () => {
    await expect(checkDataSymbol([btcCapture, ethCapture], undefined)).rejects.toThrow(`holds ETH/USDT data (from its file name "binance_spot_ethusdt_2024-08-08.gz") but ${btcCapture} holds BTC/USDT: pass the files of one symbol`);
    const dir = mkdtempSync(join(tmpdir(), 'mml-symbol-dir-'));
    mkdirSync(join(dir, 'mixed'));
    copyFileSync(btcCapture, join(dir, 'mixed', 'a.gz'));
    copyFileSync(ethCapture, join(dir, 'mixed', 'b.gz'));
    await expect(checkDataSymbol([join(dir, 'mixed')], undefined)).rejects.toThrow(/b\.gz: holds ETH\/USDT data \(from its stream "ethusdt@bookTicker" \(line 1\)\) but .*a\.gz holds BTC\/USDT/);
  });

  it('warns (once per process) when no file states a symbol, and runs it as --symbol', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mml-symbol-none-'));
    const neutral = join(dir, 'klines.csv.gz');
    copyFileSync(join(shared, 'binance_btcusdt_1m_2023-03-16_2023-05-01.csv.gz'), neutral);
    const check = await checkDataSymbol([neutral], 'BTC/USDT');
    expect(check).toEqual({ symbol: 'BTC/USDT', warning: `warning: cannot tell which symbol ${neutral} holds from its file name or contents; running it as BTC/USDT (--symbol)` });
    const lines: string[] = [];
    warnOnce(check, (line) => lines.push(line));
    warnOnce(check, (line) => lines.push(line));
    expect(lines).toEqual([check.warning]);
    expect((await checkDataSymbol([neutral], undefined)).warning).toMatch(/running it as BTC\/USDT \(--symbol\)$/);
  });

  it('leaves missing paths to the loader', async () => {
    await expect(checkDataSymbol(['/nonexistent/klines.csv.gz'], 'BTC/USDT')).resolves.toMatchObject({ symbol: 'BTC/USDT' });
  });
});
