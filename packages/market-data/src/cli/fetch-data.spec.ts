import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SHARED_BTCUSDT_1M, sharedDataDir } from '../paths';
import { startMockExchange, type MockExchange } from '../test-support/mock-exchange.test-helpers';
import { runFetchDataCli } from './fetch-data';

let mock: MockExchange;
beforeAll(async () => {
  mock = await startMockExchange({ data: join(sharedDataDir(), SHARED_BTCUSDT_1M) });
});
afterAll(async () => {
  await mock?.stop();
});

describe('mml-fetch-data CLI', () => {
  it('fetches 2 days from the mock, then re-runs from cache with no request', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'mml-cli-'));
    const argv = ['--exchange', 'binance', '--symbol', 'BTC/USDT', '--timeframe', '1m', '--days', '2', '--data-dir', dataDir, '--exchange-url', mock.url, '--end', '2023-05-01T21:02:00Z'];
    const out: string[] = [];
    expect(await runFetchDataCli(argv, (l) => out.push(l), () => undefined)).toBe(0);
    expect(JSON.parse(out[0])).toMatchObject({ rows: 2880, gaps: 0, chunksFetched: 3, chunksCached: 0, range: ['2023-04-29T21:02:00.000Z', '2023-05-01T21:02:00.000Z'] });
    expect(await runFetchDataCli(argv, (l) => out.push(l), () => undefined)).toBe(0);
    expect(JSON.parse(out[1])).toMatchObject({ rows: 2880, chunksFetched: 0, chunksCached: 3, requests: 0 });
  });

  it('uses MML_EXCHANGE_URL and reports an unknown symbol as one error line with exit code 2', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'mml-cli-'));
    const errors: string[] = [];
    process.env['MML_EXCHANGE_URL'] = mock.url;
    try {
      const code = await runFetchDataCli(['--symbol', 'NOPE/USDT', '--days', '1', '--data-dir', dataDir, '--end', '2023-05-01T21:02:00Z'], () => undefined, (l) => errors.push(l));
      expect(code).toBe(2);
      expect(errors).toEqual([expect.stringMatching(/^error: binance fetchOHLCV NOPE\/USDT: BadSymbol/)]);
    } finally {
      delete process.env['MML_EXCHANGE_URL'];
    }
  });
});
