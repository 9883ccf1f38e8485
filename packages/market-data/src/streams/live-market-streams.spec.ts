import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { firstValueFrom, take, toArray, type Subscription } from 'rxjs';
import type { Exchange, OrderBook } from 'ccxt';
import { sharedDataDir } from '../paths';
import { rebuildBook } from '../test-support/binance-book-oracle.test-helpers';
import { startReplayMock, type MockExchange } from '../test-support/mock-exchange.test-helpers';
import { readBinanceCapture } from '../ticks/binance-capture';
import { checkBook } from '../ticks/check-book';
import { loadTickGroup, tickSourceGroups } from '../ticks/tick-sources';
import { CaptureRecorder } from './capture-recorder';
import { faultLogLine, LiveMarketStreams, type StreamFault } from './live-market-streams';

const ccxt = require('ccxt') as typeof import('ccxt');
const FAST = { maxAttempts: 6, baseDelayMs: 10, maxDelayMs: 100 };

/**
 * A stand-in for ccxt 4.5.84's binance after a ChecksumError with no watchOrderBook call waiting:
 * every later watchOrderBook fails at once until the book is unwatched, and unWatchOrderBook's
 * promise never settles: the UNSUBSCRIBE reply (here 30 ms later) only removes the pending
 * `unsubscribe:orderbook:<symbol>` entry from the client's subscriptions.
 */
function stickyChecksumExchange() {
  const calls = { watch: 0, unwatch: 0 };
  let sticky = false;
  const client = { url: 'ws://127.0.0.1/fstream/public/ws/0', subscriptions: {} as Record<string, unknown>, onMessage: () => undefined };
  const exchange = {
    options: {},
    clients: { [client.url]: client },
    client: () => client,
    loadMarkets: async () => ({}),
    market: () => ({}),
    watchOrderBook: async () => {
      calls.watch++;
      if (calls.watch === 3) sticky = true;
      if (sticky) throw new ccxt.ChecksumError('binanceusdm BTC/USDT:USDT : orderbook data checksum validation failed.');
      await new Promise((r) => setImmediate(r));
      return { nonce: calls.watch } as unknown as OrderBook;
    },
    unWatchOrderBook: (symbol: string) => {
      calls.unwatch++;
      client.subscriptions[`unsubscribe:orderbook:${symbol}`] = true;
      setTimeout(() => {
        delete client.subscriptions[`unsubscribe:orderbook:${symbol}`];
        sticky = false;
      }, 30);
      return new Promise(() => undefined);
    },
    close: async () => undefined,
  };
  return { exchange: exchange as unknown as Exchange, calls };
}

describe('LiveMarketStreams: recovery', () => {
  it('a ChecksumError unwatches the book (ccxt stays failed otherwise), waits for the UNSUBSCRIBE reply and resubscribes: one sequence-gap fault, no tight loop', async () => {
    const { exchange, calls } = stickyChecksumExchange();
    const faults: StreamFault[] = [];
    const streams = await LiveMarketStreams.fromExchange(exchange, { exchange: 'binanceusdm', symbol: 'BTC/USDT:USDT', backoff: FAST, onFault: (f) => faults.push(f) });
    const books = await firstValueFrom(streams.orderBook$().pipe(take(5), toArray()));
    await streams.close();
    expect(books.map((b) => b.nonce)).toEqual([1, 2, 4, 5, 6]);
    expect(calls).toEqual({ watch: 6, unwatch: 1 });
    expect(faults).toEqual([expect.objectContaining({ kind: 'sequence-gap', channel: 'orderBook', attempt: 1, delayMs: 10, exchange: 'binanceusdm', symbol: 'BTC/USDT:USDT' })]);
    const line = JSON.parse(faultLogLine(faults[0], new Date(0)));
    expect(line).toMatchObject({ ts: '1970-01-01T00:00:00.000Z', event: 'fault', kind: 'sequence-gap' });
  });

  it('a request that cannot succeed (unknown symbol) is not retried: the Observable errors after one gave-up fault', async () => {
    const { exchange } = stickyChecksumExchange();
    (exchange as unknown as { watchTrades: () => Promise<never> }).watchTrades = async () => {
      throw new ccxt.BadSymbol('binanceusdm does not have market symbol NOPE/USDT');
    };
    const faults: StreamFault[] = [];
    const streams = await LiveMarketStreams.fromExchange(exchange, { exchange: 'binanceusdm', symbol: 'NOPE/USDT', backoff: FAST, onFault: (f) => faults.push(f) });
    await expect(firstValueFrom(streams.trades$())).rejects.toThrow('does not have market symbol NOPE/USDT');
    await streams.close();
    expect(faults.map((f) => [f.kind, f.delayMs])).toEqual([
      ['error', undefined],
      ['gave-up', undefined],
    ]);
  });
});

// Against the websocket mock through the real ccxt pro client: a dropped depth diff, a garbage
// frame and a disconnect while the book, trades and bookTicker are watched and every message is
// recorded. The first file of the 2023-04-04 USD-M capture (13,384 lines over 100 s) at 15x.
const CAPTURE = join(sharedDataDir(), 'ticks', 'binance_usdm_btcusdt_2023-04-04.dat.gz');
/** Bound on the client catching up with the replay (~7 s of replay; a loaded 2-core CI is far slower): only a failing run waits it out. */
const CATCH_UP_MS = 40_000;

describe('LiveMarketStreams against the websocket mock (ccxt pro binanceusdm)', () => {
  let mock: MockExchange;
  let dir: string;
  const subscriptions: Subscription[] = [];
  afterEach(async () => {
    for (const s of subscriptions.splice(0)) s.unsubscribe();
    await mock?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('recovers from a sequence gap, a garbage frame and a disconnect (one JSON fault line each), ends on the capture\'s last book state, and records a capture whose rebuilt book matches every bookTicker', async () => {
    dir = mkdtempSync(join(tmpdir(), 'mml-live-'));
    // synced=1: the diff is dropped only once ccxt's REST snapshot was served, so it is always a gap
    // ccxt must see (a snapshot requested late under load would already contain an earlier drop).
    mock = await startReplayMock({ captures: [CAPTURE], speed: 15, wsFaults: ['drop:at=3000,stream=depth,synced=1', 'garbage:at=5000,stream=trade', 'disconnect:at=8000'] });
    const faults: StreamFault[] = [];
    const streams = await LiveMarketStreams.open({ exchange: 'binanceusdm', symbol: 'BTC/USDT:USDT', url: mock.url, wsUrl: mock.wsUrl, backoff: FAST, onFault: (f) => faults.push(f) });
    const recorder = new CaptureRecorder(join(dir, 'capture.txt'));
    let lastBook: OrderBook | undefined;
    let trades = 0;
    let tickers = 0;
    subscriptions.push(streams.tapped$.subscribe((m) => recorder.record(m.capture)));
    subscriptions.push(streams.orderBook$().subscribe((b) => (lastBook = b)));
    subscriptions.push(streams.trades$().subscribe(() => trades++));
    subscriptions.push(streams.bidsAsks$().subscribe(() => tickers++));
    // Done when the replay has ended, ccxt's book stands at the capture's last diff (so the gap and the
    // disconnect were recovered from) and every injected fault was reported; not after a fixed time:
    // a loaded machine reads the sockets seconds late. Only a broken recovery waits out the bound.
    const lines = gunzipSync(readFileSync(CAPTURE)).toString('utf8').split('\n');
    const lastDiff = lines.filter((l) => l.includes('@depth@')).at(-1) as string;
    const lastU = JSON.parse(lastDiff.slice(lastDiff.indexOf(' ') + 1)).data.u as number;
    const kinds = () => faults.map((f) => `${f.kind}:${f.channel}`);
    const caughtUp = async () =>
      lastBook?.nonce === lastU && ['sequence-gap:orderBook', 'garbage-frame:tap'].every((k) => kinds().includes(k)) && kinds().some((k) => k.startsWith('disconnect:')) && (await mock.replayStatus()).finished;
    const end = Date.now() + CATCH_UP_MS;
    while (!(await caughtUp()) && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    for (const s of subscriptions.splice(0)) s.unsubscribe();
    await streams.close();
    recorder.close();
    const status = await mock.replayStatus();
    expect(status).toMatchObject({ finished: true, dropped: 1, garbage: 1, disconnects: 1 });

    expect(kinds()).toContain('sequence-gap:orderBook');
    expect(kinds()).toContain('garbage-frame:tap');
    expect(kinds().filter((k) => k.startsWith('disconnect:')).length).toBeGreaterThanOrEqual(1);
    expect(kinds().filter((k) => k.startsWith('sequence-gap')).length).toBeLessThanOrEqual(3); // no failure storm
    expect(kinds()).not.toContain('gave-up:orderBook');
    for (const f of faults) expect(JSON.parse(faultLogLine(f))).toMatchObject({ event: 'fault', kind: f.kind, channel: f.channel });

    // ccxt's book ends where the capture's depth stream ends: resynced after the gap and the reconnect.
    expect(lastBook?.nonce).toBe(lastU);
    expect(trades).toBeGreaterThan(0);
    expect(tickers).toBeGreaterThan(0);

    // The recording: garbage not written, the gap visible, one snapshot per (re)sync, the book right.
    const stream = readBinanceCapture(recorder.path, { policy: 'mark' });
    let snapshots = 0;
    for await (const e of stream) if (e.kind === 'book') snapshots++;
    expect(stream.quality.counts['unparseable'] ?? 0).toBe(0);
    expect(stream.quality.counts['sequence-break']).toBeGreaterThanOrEqual(1);
    expect(snapshots).toBeGreaterThanOrEqual(2);
    const [group] = await tickSourceGroups([recorder.path]);
    const { columns } = await loadTickGroup(group, { policy: 'mark' });
    const book = checkBook(columns, group.name);
    // How many bookTickers name a rebuilt state depends on the order the connections were read in
    // (load changes it): all that do must match; the book itself is checked independently of that.
    expect({ mismatches: book.mismatches, resyncs: book.sync.resyncs >= 1 }).toEqual({ mismatches: [], resyncs: true });
    expect(book.matched).toBe(book.compared);
    const recorded = readFileSync(recorder.path, 'utf8').split('\n').filter((l) => l !== '');
    const mine = rebuildBook(recorded, 'futures', 20);
    expect(mine).toEqual(rebuildBook(lines.filter((l) => l !== ''), 'futures', 20, mine.lastUpdateId));
  }, CATCH_UP_MS + 30_000);
});
