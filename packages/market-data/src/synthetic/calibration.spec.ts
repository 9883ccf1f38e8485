import { join } from 'node:path';
import type { BestBidAskEvent, TradeEvent } from '@mml/core';
import { loadCandles } from '../files/candle-file';
import { readBookTickerFile, readTradeFile } from '../files/tick-files';
import { measureClockOffset } from '../files/tick-replay';
import { SHARED_BTCUSDT_1M, sharedDataDir } from '../paths';
import { calibrateSynthetic, calibrateTradeFlow } from './calibration';
import { BTCUSDT_CALIBRATED } from './synthetic-market';

// These are the figures documented in the README; BTCUSDT_CALIBRATED must stay in line with them.
describe('calibration to the shared Binance BTC/USDT data', () => {
  it('1m bars after the end of zero-fee trading (2023-03-22 .. 2023-05-01)', async () => {
    const { candles } = await loadCandles(join(sharedDataDir(), SHARED_BTCUSDT_1M), { policy: 'drop', fromOpenTime: Date.UTC(2023, 2, 22) });
    const fit = calibrateSynthetic(candles);
    expect(fit.bars).toBe(58_710);
    expect(fit.volatilityPerMinute).toBeCloseTo(0.000499, 5);
    expect(fit.jumpsPerDay).toBeCloseTo(15.04, 1);
    expect(fit.jumpStdev).toBeCloseTo(0.00393, 4);
    expect(fit.volMeanReversionPerHour).toBeCloseTo(0.42, 2);
    expect(fit.volOfVol).toBeCloseTo(0.50, 2);
    expect(fit.volumePerMinute).toBeCloseTo(45.28, 1);
    expect(fit.volumeLogStdev).toBeCloseTo(0.99, 2);
    expect(BTCUSDT_CALIBRATED.volatilityPerMinute).toBeCloseTo(fit.volatilityPerMinute, 5);
    expect(BTCUSDT_CALIBRATED.volumePerMinute).toBeCloseTo(fit.volumePerMinute, 0);
  });

  it('spot tick capture 2024-08-08: trade rate, sizes and depth decay', async () => {
    const spot = join(sharedDataDir(), 'binance_btcusdt_spot_2024-08-08');
    const offset = await measureClockOffset(`${spot}_trades.csv.gz`);
    expect(offset).toBe(1272);
    const trades: TradeEvent[] = [];
    for await (const t of readTradeFile(`${spot}_trades.csv.gz`)) trades.push(t);
    const bbos: BestBidAskEvent[] = [];
    for await (const b of readBookTickerFile(`${spot}_bookticker.csv.gz`, { clockOffsetMs: offset })) bbos.push(b);
    const flow = calibrateTradeFlow(trades, bbos);
    expect(flow.trades).toBe(19_904);
    expect(flow.tradeRatePerSecond).toBeCloseTo(15.3, 1);
    expect(flow.tradeSizeMean).toBeCloseTo(0.022, 3);
    expect(flow.depthDecayPerQuote).toBeCloseTo(3.8, 1);
    expect(flow.medianSpread).toBeCloseTo(0.01, 6);
    expect(BTCUSDT_CALIBRATED.tradeRatePerSecond).toBeCloseTo(flow.tradeRatePerSecond, 1);
    expect(BTCUSDT_CALIBRATED.depthDecayPerQuote).toBeCloseTo(flow.depthDecayPerQuote, 1);
  });
});
