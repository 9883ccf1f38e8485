import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { merge } from 'rxjs';
import { ConfigError } from '@mml/core';
import { ccxtModule } from '../exchange/ccxt-module';
import { sharedDataDir } from '../paths';
import { rebuildBook } from '../test-support/binance-book-oracle.test-helpers';
import { startReplayMock, type MockExchange } from '../test-support/mock-exchange.test-helpers';
import { runReadmeExample } from '../test-support/readme-example.test-helpers';
import { readBinanceCapture } from '../ticks/binance-capture';
import { checkBook } from '../ticks/check-book';
import { loadTickGroup, tickSourceGroups } from '../ticks/tick-sources';
import { CaptureRecorder } from './capture-recorder';
import { createCcxtProExchange, exchangeWsUrlFromEnv } from './ccxt-pro-exchange';
import { LiveMarketStreams, type StreamFault } from './live-market-streams';

// ccxt pro for each Binance market: the URL layout, then spot (combined /stream framing, no pu) and
// COIN-M (contracts, pu chain) against the websocket mock: a short recording of each must rebuild a
// book that matches its bookTickers. (One file: loading ccxt under jest costs seconds.)
const ticks = join(sharedDataDir(), 'ticks');
const SPOT = join(ticks, 'binance_spot_btcusdt_2024-08-08.gz');

/** Records until `linesAfterSnapshot` lines followed the first REST snapshot (or 20 s: a loaded machine is slow). */
async function recordFor(linesAfterSnapshot: number, mock: MockExchange, exchange: string, symbol: string, path: string) {
  const faults: StreamFault[] = [];
  const streams = await LiveMarketStreams.open({ exchange, symbol, url: mock.url, wsUrl: mock.wsUrl, backoff: { maxAttempts: 6, baseDelayMs: 10, maxDelayMs: 100 }, onFault: (f) => faults.push(f) });
  const recorder = new CaptureRecorder(path);
  let after = -1;
  let enough: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (enough = resolve));
  const tap = streams.tapped$.subscribe((m) => {
    recorder.record(m.capture);
    if (m.source === 'rest') after = Math.max(after, 0);
    else if (after >= 0 && ++after >= linesAfterSnapshot) enough();
  });
  const watch = merge(streams.orderBook$(), streams.trades$(), streams.bidsAsks$()).subscribe();
  const timer = setTimeout(enough, 20_000);
  await done;
  clearTimeout(timer);
  watch.unsubscribe();
  tap.unsubscribe();
  await streams.close();
  recorder.close();
  const [group] = await tickSourceGroups([path]);
  const { columns } = await loadTickGroup(group, { policy: 'mark' });
  return { faults, stats: recorder.stats, book: checkBook(columns, group.name) };
}

describe('createCcxtProExchange (ccxt pro with URL overrides)', () => {
  // Loading ccxt (and ts-jest's transform of its ESM dependencies) takes seconds on a loaded machine:
  // done here, outside the first test's 30 s timeout (that test took 20 s alone on a loaded machine).
  beforeAll(() => void ccxtModule(), 120_000);

  it('points REST and websocket URLs of spot, USD-M and COIN-M at one base, in the layout the mock serves', async () => {
    const urls = async (id: string) => {
      const ex = await createCcxtProExchange(id, { url: 'http://127.0.0.1:9/', wsUrl: 'ws://127.0.0.1:9/' });
      const api = (ex.urls as unknown as { api: Record<string, unknown> & { ws: Record<string, string> } }).api;
      const options = ex.options as { ws: { backoff: { base: number } } };
      expect(options.ws.backoff.base).toBe(0); // reconnect pacing is ours (retryWithBackoff), not ccxt's
      expect(ex.enableRateLimit).toBe(false);
      await ex.close();
      return api;
    };
    const spot = await urls('binance');
    expect([spot['public'], spot.ws['spot']]).toEqual(['http://127.0.0.1:9/api/v3', 'ws://127.0.0.1:9/stream']);
    const usdm = await urls('binanceusdm');
    expect([usdm['fapiPublic'], usdm.ws['future']]).toEqual(['http://127.0.0.1:9/fapi/v1', 'ws://127.0.0.1:9/fstream/ws']);
    const coinm = await urls('binancecoinm');
    expect([coinm['dapiPublic'], coinm.ws['delivery']]).toEqual(['http://127.0.0.1:9/dapi/v1', 'ws://127.0.0.1:9/dstream/ws']);
    const real = await createCcxtProExchange('binanceusdm');
    expect((real.urls as unknown as { api: { ws: Record<string, string> } }).api.ws['future']).toBe('wss://fstream.binance.com/ws');
    expect(real.enableRateLimit).toBe(true);
    await real.close();
  });

  it('refuses an unsupported exchange and URLs of the wrong scheme, naming the option', async () => {
    await expect(createCcxtProExchange('kraken')).rejects.toThrow(ConfigError);
    await expect(createCcxtProExchange('kraken')).rejects.toThrow('streams support binance, binanceusdm, binancecoinm, not "kraken"');
    await expect(createCcxtProExchange('binance', { wsUrl: 'http://127.0.0.1:9' })).rejects.toThrow('must be a ws:// or wss:// URL, got "http://127.0.0.1:9"');
    await expect(createCcxtProExchange('binance', { url: 'ws://127.0.0.1:9' })).rejects.toThrow('must be an http(s) URL, got "ws://127.0.0.1:9"');
    expect(exchangeWsUrlFromEnv({ MML_EXCHANGE_WS_URL: ' ws://127.0.0.1:5 ' })).toBe('ws://127.0.0.1:5');
    expect(exchangeWsUrlFromEnv({ MML_EXCHANGE_WS_URL: '' })).toBeUndefined();
  });
});

describe('LiveMarketStreams on spot and COIN-M (ccxt pro binance, binancecoinm) against the mock', () => {
  let mock: MockExchange | undefined;
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'mml-markets-'))));
  afterEach(async () => {
    await mock?.stop();
    mock = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('spot BTC/USDT: records without a gap; the recording\'s book equals the capture\'s at the same update id and matches every comparable bookTicker', async () => {
    mock = await startReplayMock({ captures: [SPOT], speed: 40 });
    const { stats, book, faults } = await recordFor(8000, mock, 'binance', 'BTC/USDT', join(dir, 'capture.txt'));
    // One comparison, so that a failure shows everything (faults, counts, first mismatches). How many
    // spot bookTickers name a rebuilt state depends on the order the three connections were read in
    // (a loaded machine reads the depth socket late; even none may): all that do must match, and the
    // book itself is checked below, independently of that order.
    const summary = { faults: faults.filter((f) => f.kind !== 'disconnect' && f.kind !== 'timeout'), enoughLines: stats.lines > 500, market: book.market, mismatches: book.mismatches };
    expect(summary).toEqual({ faults: [], enoughLines: true, market: 'spot', mismatches: [] });
    expect(book.matched).toBe(book.compared);
    // Recorded without a gap, duplicate or damaged line: the capture reader's strict policy accepts it.
    let events = 0;
    for await (const _ of readBinanceCapture(join(dir, 'capture.txt'))) events++;
    expect(events).toBe(stats.lines);
    // The recording's book at its last diff = the original capture's book at that update id
    // (independent of the order the connections were read in).
    const recorded = readFileSync(join(dir, 'capture.txt'), 'utf8').split('\n').filter((l) => l !== '');
    const mine = rebuildBook(recorded, 'spot', 20);
    const original = gunzipSync(readFileSync(SPOT)).toString('utf8').split('\n').filter((l) => l !== '');
    expect(mine.lastUpdateId).toBeGreaterThan(0);
    expect(mine).toEqual(rebuildBook(original, 'spot', 20, mine.lastUpdateId));
  }, 40_000);

  it('COIN-M BTC/USD:BTC: the rebuilt book matches every comparable bookTicker (ccxt\'s delivery resync faults, if any, recovered)', async () => {
    mock = await startReplayMock({ captures: [join(ticks, 'binance_coinm_btcusd_perp_2024-08-08.gz')], speed: 40 });
    const { stats, book, faults } = await recordFor(4000, mock, 'binancecoinm', 'BTC/USD:BTC', join(dir, 'capture.txt'));
    const summary = { gaveUp: faults.filter((f) => f.kind === 'gave-up'), enoughLines: stats.lines > 500, market: book.market, compared: book.compared > 0, mismatches: book.mismatches };
    expect(summary).toEqual({ gaveUp: [], enoughLines: true, market: 'futures', compared: true, mismatches: [] });
    expect(book.matched).toBe(book.compared);
  }, 40_000);
});

// The live-streams example of the package README, run as written against the mock (its printed values are pinned).
describe('README live-streams example', () => {
  const saved = { url: process.env['MML_EXCHANGE_URL'], ws: process.env['MML_EXCHANGE_WS_URL'] };
  let mock: MockExchange | undefined;
  afterEach(async () => {
    await mock?.stop();
    for (const [key, value] of [['MML_EXCHANGE_URL', saved.url], ['MML_EXCHANGE_WS_URL', saved.ws]] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  it('prints what the README says', async () => {
    mock = await startReplayMock({ captures: [join(ticks, 'binance_usdm_btcusdt_2023-04-04.dat.gz')], speed: 20 });
    process.env['MML_EXCHANGE_URL'] = mock.url;
    process.env['MML_EXCHANGE_WS_URL'] = mock.wsUrl;
    const requireMd = (id: string) => (id === '@mml/market-data' ? require('../index') : id === '@mml/market-data/exchange' ? require('../exchange/index') : require(id));
    const { code, printed } = await runReadmeExample('## Live websocket streams', requireMd);
    expect(code).toContain('LiveMarketStreams.open');
    expect(printed.filter((l) => !l.startsWith('{"ts"'))).toEqual(['true true']);
    for (const fault of printed.filter((l) => l.startsWith('{"ts"'))) expect(JSON.parse(fault)).toMatchObject({ event: 'fault' });
  }, 30_000);
});
