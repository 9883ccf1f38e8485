import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { sharedDataDir } from '../paths';
import { startMockExchange, type MockExchange } from '../test-support/mock-exchange.test-helpers';
import { readBinanceDump } from './binance-dump';
import { fetchTradesData } from './fetch-trades';
import { scratchDir } from './capture-fixtures.test-helpers';

// The mock serves the shared spot trades (2024-08-08 23:54 .. 08-09 00:05, ids contiguous) as
// Binance aggTrades / historicalTrades; the download must give back exactly the trades in range.
const TRADES = join(sharedDataDir(), 'binance_btcusdt_spot_2024-08-08_trades.csv.gz');
const recorded = gunzipSync(readFileSync(TRADES))
  .toString('utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => line.split(','))
  .map((c) => ({ id: Number(c[3]), T: Number(c[2]), p: c[4], q: c[5], m: c[6] }));
const fast = { baseDelayMs: 5, maxDelayMs: 20, maxAttempts: 4, timeoutMs: 2000 };
let mock: MockExchange;

beforeAll(async () => {
  mock = await startMockExchange({ trades: TRADES });
});
afterAll(async () => {
  await mock?.stop();
});

describe('fetchTradesData (ccxt fetchTrades into the data cache)', () => {
  // Across midnight: two day chunks; the range starts and ends inside the data.
  const from = Date.UTC(2024, 7, 8, 23, 58);
  const to = Date.UTC(2024, 7, 9, 0, 2);
  const expected = recorded.filter((t) => t.T >= from && t.T < to);

  it('pages aggTrades by time then by id, across a day boundary, and a re-run is served from the cache', async () => {
    const dataDir = scratchDir('mml-trades-');
    const logs: string[] = [];
    const first = await fetchTradesData({ exchange: 'binance', symbol: 'BTC/USDT', from, to, dataDir, url: mock.url, source: fast, log: (l) => logs.push(l) });
    expect(first.files.map((f) => f.slice(-14))).toEqual(['2024-08-08.csv', '2024-08-09.csv']);
    expect(first.rows).toBe(expected.length);
    expect(first.chunksFetched).toBe(2);
    expect(first.requests).toBeGreaterThanOrEqual(Math.ceil(expected.length / 1000));
    expect(first.quality.counts).toEqual({ unparseable: 0, 'sequence-break': 0, 'duplicate-id': 0, 'out-of-order-time': 0 });
    const events = [];
    for await (const e of readBinanceDump(first.files)) events.push(e);
    expect(events.map((e) => (e.kind === 'trade' ? [e.id, e.ts, e.price, e.qty, e.aggressor] : []))).toEqual(
      expected.map((t) => [t.id, t.T, Number(t.p), Number(t.q), t.m === 'true' ? 'sell' : 'buy']),
    );
    const again = await fetchTradesData({ exchange: 'binance', symbol: 'BTC/USDT', from, to, dataDir, url: mock.url, source: fast });
    expect([again.requests, again.chunksCached, again.rows]).toEqual([0, 2, expected.length]);
  });

  it('retries network faults with backoff (logged) and still downloads every trade', async () => {
    const dataDir = scratchDir('mml-trades-');
    await mock.setFaults({ faults: ['503:2', '429:1,after=3,retryAfter=0'] });
    const logs: string[] = [];
    try {
      const result = await fetchTradesData({ exchange: 'binance', symbol: 'BTC/USDT', from, to, dataDir, url: mock.url, source: fast, log: (l) => logs.push(l) });
      expect(result.rows).toBe(expected.length);
      const ids: number[] = [];
      for await (const e of readBinanceDump(result.files)) if (e.kind === 'trade') ids.push(e.id);
      expect(ids).toEqual(expected.map((t) => t.id));
    } finally {
      await mock.setFaults({ faults: [] });
    }
    expect(logs.filter((l) => l.startsWith('retry ')).length).toBe(3);
  });

  it('kind "trades": the latest public trades when the range lies inside them, else a clear refusal', async () => {
    const last = recorded[recorded.length - 1].T;
    const recent = { exchange: 'binance', symbol: 'BTC/USDT', kind: 'trades' as const, url: mock.url, source: fast };
    const result = await fetchTradesData({ ...recent, from: last - 5_000, to: last + 1, dataDir: scratchDir('mml-trades-') });
    expect(result.rows).toBe(recorded.filter((t) => t.T >= last - 5_000).length);
    await expect(fetchTradesData({ ...recent, from, to, dataDir: scratchDir('mml-trades-') })).rejects.toThrow(/trades: the exchange serves only its latest 1000 trades publicly .*use kind aggTrades/);
  });
});
