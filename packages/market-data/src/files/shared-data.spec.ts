import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadCandles } from './candle-file';
import { readBookTickerFile, readDepthFile, readTradeFile } from './tick-files';
import { sharedDataDir } from '../paths';

// "Loading every file in ../shared/data works": each file, with the row counts its README states.
const dir = sharedDataDir();
const count = async (events: AsyncIterable<unknown>) => {
  let n = 0;
  for await (const _ of events) n++;
  return n;
};

describe('every file in the shared data folder loads', () => {
  it('lists exactly the files we know how to read', () => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.csv.gz'));
    expect(files.every((f) => /_1m_.*\.csv\.gz$|_(trades|depth|bookticker)\.csv\.gz$/.test(f))).toBe(true);
    expect(files).toHaveLength(8);
  });

  it.each(['binance_btcusdt_1m_2023-03-16_2023-05-01.csv.gz', 'binance_ethusdt_1m_2023-03-16_2023-05-01.csv.gz'])('%s: 66,087 bars, 72 halt bars, one 80-bar gap', async (file) => {
    const { candles, quality } = await loadCandles(join(dir, file), { policy: 'mark' });
    expect(candles).toHaveLength(66_087);
    expect(quality.counts.halt).toBe(72);
    expect(quality.gaps.map((g) => g.missingBars)).toEqual([80]);
    expect(quality.dropped).toBe(0);
    // No other finding: no price spike at the default multiple, 1m bars read from the spacing, times in ms.
    expect(Object.entries(quality.counts).filter(([, n]) => n > 0)).toEqual([['halt', 72], ['gap', 1]]);
    expect(quality).toMatchObject({ marked: 72, barMs: 60_000, timeUnit: 'milliseconds' });
  });

  it.each([
    ['binance_btcusdt_spot_2024-08-08', 19_904, 73_174, 1 + 6_495],
    ['binance_usdm_btcusdt_perp_2024-08-08', 21_313, 66_089, 1 + 6_551],
  ])('%s: trades, bookTicker and depth messages', async (prefix, trades, tickers, depthMessages) => {
    expect(await count(readTradeFile(join(dir, `${prefix}_trades.csv.gz`)))).toBe(trades);
    expect(await count(readBookTickerFile(join(dir, `${prefix}_bookticker.csv.gz`)))).toBe(tickers);
    expect(await count(readDepthFile(join(dir, `${prefix}_depth.csv.gz`)))).toBe(depthMessages);
  });
});
