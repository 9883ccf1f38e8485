import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { candleCacheDir, fetchData, readCachedCandles } from './fetch-data';
import { SHARED_BTCUSDT_1M, sharedDataDir } from './paths';
import { loadCandles } from './files/candle-file';
import { startMockExchange, type MockExchange } from './test-support/mock-exchange.test-helpers';
import { ExchangeCallError } from './exchange/retry';

const DATA = join(sharedDataDir(), SHARED_BTCUSDT_1M);
const DATA_END = Date.UTC(2023, 4, 1, 21, 2); // close of the last bar
const originalRows = new Map<number, string>(
  gunzipSync(readFileSync(DATA))
    .toString('utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => [Number(line.split(',')[0]), line]),
);
let mock: MockExchange;

beforeAll(async () => {
  mock = await startMockExchange({ data: DATA });
});
afterAll(async () => {
  await mock?.stop();
});

const fast = { baseDelayMs: 5, maxDelayMs: 20, maxAttempts: 3, timeoutMs: 1000 };

/** The cached chunk files' text columns, printed back in the shared file's format. */
function cachedAsSharedRows(dir: string): string[] {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { range: { from: number; to: number }; chunks: Array<{ file: string }> };
  const rows: string[] = [];
  for (const { file } of manifest.chunks) {
    for (const line of readFileSync(join(dir, file), 'utf8').trim().split('\n').slice(1)) {
      const [t, , o, h, l, c, v] = line.split(',');
      if (Number(t) >= manifest.range.from && Number(t) < manifest.range.to) rows.push([t, o, h, l, c, v].join(','));
    }
  }
  return rows;
}

describe('fetchData against the mock exchange serving the shared 1m BTC/USDT file', () => {
  it('DAYS=30 reproduces the served bars row for row, digit for digit; a re-run makes no network call', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'mml-fetch-'));
    const options = { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1m', days: 30, dataDir, url: mock.url, now: DATA_END, source: fast };
    await mock.resetStats();
    const first = await fetchData(options);
    expect(first.dir).toBe(candleCacheDir(dataDir, 'binance', 'BTC/USDT', '1m'));
    expect(first.dir).toBe(join(dataDir, 'real', 'binance', 'BTC-USDT', '1m'));
    expect(first.manifest.rows).toBe(30 * 1440);
    expect(first.manifest.gaps).toEqual([]);
    expect(first.manifest.range).toMatchObject({ from: DATA_END - 30 * 86_400_000, to: DATA_END });
    expect(first.manifest.source).toBe(`ccxt binance via ${mock.url}`);
    expect(first.chunksFetched).toBe(31);
    const rows = cachedAsSharedRows(first.dir);
    expect(rows).toHaveLength(30 * 1440);
    const expected = [...originalRows.entries()].filter(([t]) => t >= DATA_END - 30 * 86_400_000).map(([, line]) => line);
    expect(rows).toEqual(expected);
    expect(readdirSync(first.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const loaded = await loadCandles(first.dir, { lastDays: 30 });
    expect(loaded.candles).toHaveLength(30 * 1440);
    expect(loaded.quality.gaps).toEqual([]);
    const closes: number[] = [];
    for await (const bar of readCachedCandles(first.dir)) closes.push(bar.close);
    expect(closes).toEqual(expected.map((line) => Number(line.split(',')[4])));

    const httpBefore = (await mock.stats()).requests;
    expect(httpBefore).toBe(first.requests + 1); // + ccxt's exchangeInfo
    const again = await fetchData(options);
    expect(again.requests).toBe(0);
    expect(again.chunksCached).toBe(31);
    expect((await mock.stats()).requests).toBe(httpBefore);
    expect(again.manifest.fetchedAt).toBe(first.manifest.fetchedAt);

    // Temp files of a writer killed mid-write are cleaned up; a live writer's are not touched.
    const deadPid = spawnSync(process.execPath, ['-e', '']).pid as number;
    const stale = join(first.dir, `.2023-04-02.csv.${deadPid}.1700000000000.tmp`);
    const live = join(first.dir, `.2023-04-03.csv.${process.pid}.1700000000000.tmp`);
    writeFileSync(stale, 'partial');
    writeFileSync(live, 'partial');
    await fetchData(options);
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(live)).toBe(true);
    rmSync(live);
  }, 90_000); // 31 chunks fetched, written, re-read and compared row by row (43,200 rows): it exceeded the default 30 s on the loaded 2-core machine

  it('an interrupted download resumes from its completed chunks without duplicates', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'mml-fetch-'));
    const options = { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1m', days: 10, dataDir, url: mock.url, now: DATA_END, source: fast };
    // The exchange dies after 9 kline pages: ccxt's retries give up, the run fails midway.
    await mock.setFaults({ faults: ['503:1000,after=9,path=/api/v3/klines'] });
    const error = await fetchData(options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExchangeCallError);
    expect((error as Error).message).toContain('binance fetchOHLCV BTC/USDT: gave up after 3 attempts');
    const partial = JSON.parse(readFileSync(join(candleCacheDir(dataDir, 'binance', 'BTC/USDT', '1m'), 'manifest.json'), 'utf8'));
    expect(partial.chunks.length).toBe(4); // 2 pages per day: 4 days complete, the 5th failed
    await mock.setFaults({ faults: [] });
    await mock.resetStats();
    const resumed = await fetchData(options);
    expect(resumed.chunksCached).toBe(4);
    expect(resumed.chunksFetched).toBe(7);
    expect((await mock.stats()).byPath['/api/v3/klines']).toBe(7 * 2); // 1000 + 440 bars a day; the last day (1,262 bars) too
    const rows = cachedAsSharedRows(resumed.dir);
    expect(rows).toHaveLength(10 * 1440);
    expect(new Set(rows).size).toBe(rows.length);
    expect(resumed.manifest.rows).toBe(10 * 1440);
  });

  it('reports the halt and the gap in the manifest when the range covers 2023-03-24', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'mml-fetch-'));
    const result = await fetchData({ exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1m', days: 1, dataDir, url: mock.url, now: Date.UTC(2023, 2, 25), source: fast });
    expect(result.manifest.rows).toBe(1440 - 80);
    expect(result.manifest.gaps).toMatchObject([{ fromOpenTime: Date.UTC(2023, 2, 24, 12, 40), toOpenTime: Date.UTC(2023, 2, 24, 14), missingBars: 80 }]);
    expect(result.manifest.halts).toMatchObject([{ fromOpenTime: Date.UTC(2023, 2, 24, 11, 28), bars: 72 }]);
    // The cache directory is itself a kline source for loadCandles, with the same quality checks.
    await expect(loadCandles(result.dir)).rejects.toThrow(`${join(result.dir, '2023-03-24.csv')}, row ${11 * 60 + 28 + 2}: halt`);
    const marked = await loadCandles(result.dir, { policy: 'mark' });
    expect(marked.candles).toHaveLength(1440 - 80);
    const span = (gaps: Array<{ fromOpenTime: number; toOpenTime: number; missingBars: number }>) => gaps.map(({ fromOpenTime, toOpenTime, missingBars }) => ({ fromOpenTime, toOpenTime, missingBars }));
    expect(span(marked.quality.gaps)).toEqual(span(result.manifest.gaps));
  });
});
