import { join } from 'node:path';
import { SHARED_BTCUSDT_1M, sharedDataDir } from '../paths';
import { startMockExchange, type MockExchange } from './mock-exchange.test-helpers';

// The mock itself (tools/mock-exchange), over plain HTTP: Binance semantics and fault switching.
let mock: MockExchange;
beforeAll(async () => {
  mock = await startMockExchange({ data: join(sharedDataDir(), SHARED_BTCUSDT_1M), faults: ['latency=1'] });
});
afterAll(async () => {
  await mock?.stop();
});

const get = (path: string) => fetch(mock.url + path);

describe('mock exchange', () => {
  it('serves klines like Binance: startTime/endTime/limit, verbatim values, Binance error codes', async () => {
    const rows = (await (await get('/api/v3/klines?symbol=BTCUSDT&interval=1m&startTime=1679004900000&endTime=1679005020000&limit=10')).json()) as unknown[][];
    expect(rows).toHaveLength(3);
    expect(rows[0].slice(0, 7)).toEqual([1679004900000, '24899.18', '24943.98', '24896.29', '24934.2', '293.13711', 1679004959999]);
    const bad = await get('/api/v3/klines?symbol=ETHUSDT&interval=1m');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ code: -1121, msg: 'Invalid symbol.' });
    const info = (await (await get('/api/v3/exchangeInfo')).json()) as { symbols: Array<{ filters: Array<Record<string, string>> }> };
    expect(info.symbols[0].filters.find((f) => f['filterType'] === 'LOT_SIZE')?.['stepSize']).toBe('0.00001000');
  });

  it('injects the next-N faults, with Retry-After on 429, and counts them', async () => {
    await mock.resetStats();
    await mock.setFaults({ faults: ['429:1,retryAfter=3', 'malformed:1'] });
    const first = await get('/api/v3/ping');
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('3');
    const second = await get('/api/v3/ping');
    await expect(second.json()).rejects.toThrow();
    expect((await get('/api/v3/ping')).status).toBe(200);
    expect(await mock.stats()).toMatchObject({ requests: 3, faultsInjected: { '429': 1, malformed: 1 } });
  });

  it('probabilistic faults are reproducible for a seed', async () => {
    const pattern = async () => {
      await mock.setFaults({ faults: ['503@0.3'], seed: 7 });
      const codes: number[] = [];
      for (let i = 0; i < 20; i++) codes.push((await get('/api/v3/ping')).status);
      return codes;
    };
    const a = await pattern();
    expect(a.filter((c) => c === 503).length).toBeGreaterThan(0);
    expect(a.filter((c) => c === 200).length).toBeGreaterThan(0);
    expect(await pattern()).toEqual(a);
  });

  it('rejects an unknown fault type with a clear message', async () => {
    await expect(mock.setFaults({ faults: ['boom:1'] })).rejects.toThrow(/unknown fault type .*boom/);
  });
});
