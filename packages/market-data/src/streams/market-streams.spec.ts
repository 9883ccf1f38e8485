import { join } from 'node:path';
import { firstValueFrom, lastValueFrom, take, tap, toArray } from 'rxjs';
import type { CandleEvent, MarketEvent } from '@mml/core';
import { loadCandles } from '../files/candle-file';
import { SHARED_BTCUSDT_1M, sharedDataDir } from '../paths';
import { createCcxtExchange } from '../exchange/ccxt-exchange';
import { ExchangeSource } from '../exchange/exchange-source';
import { generateSyntheticMarket } from '../synthetic/synthetic-market';
import { startMockExchange, type MockExchange } from '../test-support/mock-exchange.test-helpers';
import { poll$, replay$ } from './market-streams';

const DATA = join(sharedDataDir(), SHARED_BTCUSDT_1M);
const T0 = Date.UTC(2023, 3, 30, 12, 0);

describe('replay$', () => {
  it('replays a synthetic market fast, in order, completely', async () => {
    const events = [...generateSyntheticMarket({ durationMinutes: 5, emitTrades: true })];
    const replayed = await lastValueFrom(replay$(events).pipe(toArray()));
    expect(replayed).toEqual(events);
  });

  it('paces by event time: 3 one-minute bars at 600x take about 200 ms', async () => {
    const bars = [...generateSyntheticMarket({ durationMinutes: 3 })];
    const start = Date.now();
    await lastValueFrom(replay$(bars, { pace: 600 }));
    const elapsed = Date.now() - start;
    expect(elapsed).toBeGreaterThanOrEqual(190);
    expect(elapsed).toBeLessThan(1500);
  });

  it('stops reading when unsubscribed', async () => {
    let pulled = 0;
    async function* source(): AsyncGenerator<MarketEvent> {
      for (const e of generateSyntheticMarket({ durationMinutes: 100 })) {
        pulled++;
        yield e;
      }
    }
    await firstValueFrom(replay$(source()).pipe(take(3), toArray()));
    await new Promise((r) => setTimeout(r, 20));
    expect(pulled).toBeLessThan(10);
  });
});

describe('poll$ against the mock exchange', () => {
  let mock: MockExchange;
  beforeAll(async () => {
    mock = await startMockExchange({ data: DATA, now: T0 });
  });
  afterAll(async () => {
    await mock?.stop();
  });

  it('emits each newly closed candle once, then a book, with the same shapes as the file source', async () => {
    let now = T0;
    const source = new ExchangeSource(createCcxtExchange('binance', { url: mock.url }), { baseDelayMs: 5, now: () => now });
    const events = await lastValueFrom(
      poll$(source, { symbol: 'BTC/USDT', timeframe: '1m', intervalMs: 150, iterations: 3, lookbackBars: 2, bookDepth: 5, now: () => now }).pipe(
        tap((e) => {
          // Advance the exchange clock by 2 minutes after each book (one per poll).
          if (e.kind === 'book') {
            now += 120_000;
            void mock.setNow(now);
          }
        }),
        toArray(),
      ),
    );
    const candles = events.filter((e): e is CandleEvent => e.kind === 'candle');
    expect(candles.map((c) => c.openTime)).toEqual([-2, -1, 0, 1, 2, 3].map((i) => T0 + i * 60_000));
    expect(events.filter((e) => e.kind === 'book')).toHaveLength(3);
    const fromFile = (await loadCandles(DATA, { fromOpenTime: T0 - 120_000, toOpenTime: T0 + 240_000 })).candles;
    expect(candles).toEqual(fromFile);
  });

  it('with trades: emits each new trade once, ids strictly increasing, same TradeEvent shape', async () => {
    const now = T0 + 3_600_000;
    await mock.setNow(now);
    const source = new ExchangeSource(createCcxtExchange('binance', { url: mock.url }), { now: () => now });
    const events = await lastValueFrom(poll$(source, { symbol: 'BTC/USDT', timeframe: '1m', intervalMs: 20, iterations: 2, bookDepth: 0, trades: true, now: () => now }).pipe(toArray()));
    const trades = events.filter((e) => e.kind === 'trade');
    expect(trades).toHaveLength(500); // the mock's latest 500 (one per bar); the second poll adds none
    for (let i = 1; i < trades.length; i++) expect(trades[i].kind === 'trade' && trades[i - 1].kind === 'trade' && (trades[i] as { id: number }).id > (trades[i - 1] as { id: number }).id).toBe(true);
    expect(Object.keys(trades[0]).sort()).toEqual(['aggressor', 'id', 'kind', 'price', 'qty', 'ts']);
    expect(events.filter((e) => e.kind === 'candle')).toHaveLength(1);
  });
});
