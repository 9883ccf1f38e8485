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

export const SPOT_TRADES_FILE = resolve(SHARED_DATA_DIR, 'binance_btcusdt_spot_2024-08-08_trades.csv.gz');
export const SPOT_BOOKTICKER_FILE = resolve(SHARED_DATA_DIR, 'binance_btcusdt_spot_2024-08-08_bookticker.csv.gz');
export const hasSpotTicks = existsSync(SPOT_TRADES_FILE) && existsSync(SPOT_BOOKTICKER_FILE);

export type SpotTickEvent = { kind: 'trade'; ts: number; price: number; side: 'buy' | 'sell' } | { kind: 'mid'; ts: number; mid: number };

/**
 * The shared BTC/USDT spot trades and bookTicker of 2024-08-08, merged in the order they were
 * received (local_ts_ns, the only clock both files share): a trade sees exactly the bookTicker
 * updates received before it. Trades carry the exchange trade time (ms); mids the local time.
 */
export function readSpotTicks(): { events: SpotTickEvent[]; prints: number } {
  const rows = (file: string) => gunzipSync(readFileSync(file)).toString('utf8').trim().split('\n').slice(1).map((l) => l.split(','));
  const trades = rows(SPOT_TRADES_FILE).map((c) => ({ local: BigInt(c[0]), e: { kind: 'trade' as const, ts: Number(c[2]), price: Number(c[4]), side: c[6] === 'true' ? ('sell' as const) : ('buy' as const) } }));
  const book = rows(SPOT_BOOKTICKER_FILE).map((c) => ({ local: BigInt(c[0]), e: { kind: 'mid' as const, ts: Number(BigInt(c[0]) / 1_000_000n), mid: (Number(c[4]) + Number(c[6])) / 2 } }));
  const events: SpotTickEvent[] = [];
  let i = 0;
  let j = 0;
  // On equal receive times the book update goes first (a trade then sees the newest book).
  while (i < trades.length || j < book.length) {
    if (j < book.length && (i >= trades.length || book[j].local <= trades[i].local)) events.push(book[j++].e);
    else events.push(trades[i++].e);
  }
  return { events, prints: trades.length };
}
