import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { BINANCE_BTCUSDT_SPOT, createInstrument, type CandleEvent, type StrategyContext } from '@mml/core';

/** Shared data directory: $MML_SHARED_DATA or <repo>/../shared/data. Never copied into the repo. */
export const SHARED_DATA_DIR = process.env.MML_SHARED_DATA ?? resolve(__dirname, '../../../../shared/data');
export const BTC_1M_FILE = resolve(SHARED_DATA_DIR, 'binance_btcusdt_1m_2023-03-16_2023-05-01.csv.gz');
export const hasBtcCandles = existsSync(BTC_1M_FILE);

/** The first `limit` 1m candles of the shared BTC/USDT file (header open_time_ms,open,high,low,close,volume). */
export function readBtcCandles(limit: number): CandleEvent[] {
  const lines = gunzipSync(readFileSync(BTC_1M_FILE)).toString('utf8').split('\n');
  const out: CandleEvent[] = [];
  for (let i = 1; i < lines.length && out.length < limit; i++) {
    if (!lines[i]) continue;
    const [openTime, open, high, low, close, volume] = lines[i].split(',').map(Number);
    out.push({ kind: 'candle', ts: openTime + 60_000, openTime, durationMs: 60_000, open, high, low, close, volume });
  }
  return out;
}

export const BTC = createInstrument(BINANCE_BTCUSDT_SPOT);

/** A flat-account context at `mid` (inventory in base units), as the engine would pass it. */
export function context(now: number, mid: number, overrides: Partial<StrategyContext> = {}): StrategyContext {
  return {
    instrument: BTC,
    now,
    inventoryLots: 0,
    inventory: 0,
    cash: 10_000,
    equity: 10_000,
    initialEquity: 10_000,
    peakEquity: 10_000,
    bestBid: NaN,
    bestAsk: NaN,
    mid,
    quoteBudget: 10_000,
    ...overrides,
  };
}
