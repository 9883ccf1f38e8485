import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { repoRoot, sharedDataDir } from '../paths';
import { rebuildBook as rebuild, type RestBook } from './binance-book-oracle.test-helpers';
import { startReplayMock, type MockExchange } from './mock-exchange.test-helpers';

// The websocket side of tools/mock-exchange, spoken to by a plain `ws` client: Binance's
// SUBSCRIBE protocol, the capture replayed verbatim (raw /ws and combined /stream framing), the REST
// snapshot consistent with the replayed diffs, and the deterministic fault plan.

interface WsClient {
  on(event: 'message', listener: (data: Buffer) => void): void;
  on(event: 'open' | 'close', listener: () => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
  send(text: string): void;
  terminate(): void;
}
const { WebSocket } = require('ws') as { WebSocket: new (url: string) => WsClient };

// The first file of the 2023-04-04/05 USD-M capture: 13,384 lines, REST snapshot at line 17.
const CAPTURE = join(sharedDataDir(), 'ticks', 'binance_usdm_btcusdt_2023-04-04.dat.gz');
const lines = gunzipSync(readFileSync(CAPTURE)).toString('utf8').split('\n').filter((l) => l !== '');
const body = (line: string) => line.slice(line.indexOf(' ') + 1);
const json = (line: string) => JSON.parse(line.slice(line.indexOf(' ') + 1)) as { stream?: string; data?: Record<string, unknown>; lastUpdateId?: number };
const streamOf = (line: string) => json(line).stream?.split('@')[1];

interface Session {
  frames: string[];
  closed: Promise<void>;
  socket: WsClient;
}

function connect(url: string): Promise<Session> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    const frames: string[] = [];
    let onClose: () => void = () => undefined;
    const closed = new Promise<void>((done) => (onClose = done));
    socket.on('message', (data) => frames.push(data.toString()));
    socket.on('close', () => onClose());
    socket.on('error', reject);
    socket.on('open', () => resolve({ frames, closed, socket }));
  });
}

async function until(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const sockets: WsClient[] = [];
const mocks: MockExchange[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.terminate();
  for (const m of mocks.splice(0)) await m.stop();
});

describe('websocket mock exchange (capture replay)', () => {
  it('answers SUBSCRIBE like Binance and replays the capture verbatim: bare events on /ws, wrapped on /stream; REST depth = the capture snapshot, then the replayed book', async () => {
    // The replay starts 1.5 s after the first subscription: both clients are subscribed by then.
    const mock = await startReplayMock({ captures: [CAPTURE], speed: 'max', startDelayMs: 1500 });
    mocks.push(mock);
    expect(mock.wsUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
    const raw = await connect(`${mock.wsUrl}/fstream/public/ws/0`);
    const combined = await connect(`${mock.wsUrl}/fstream/stream?streams=btcusdt@trade`);
    sockets.push(raw.socket, combined.socket);
    raw.socket.send(JSON.stringify({ method: 'SUBSCRIBE', params: ['btcusdt@depth@100ms', 'btcusdt@trade', 'btcusdt@bookTicker'], id: 1 }));
    // Asked before the replay reaches the snapshot: the request waits and gets the capture's own text.
    const first = fetch(`${mock.url}/fapi/v1/depth?symbol=BTCUSDT&limit=1000`).then((r) => r.text());
    const expected = lines.filter((l) => ['depth', 'trade', 'bookTicker'].includes(streamOf(l) ?? ''));
    const trades = lines.filter((l) => streamOf(l) === 'trade').map(body);
    await until(async () => (await mock.replayStatus()).finished, 'the replay to end');
    await until(() => raw.frames.length > expected.length && combined.frames.length >= trades.length, 'the last frames in flight');
    expect(await first).toBe(body(lines[16]));

    expect(JSON.parse(raw.frames[0])).toEqual({ result: null, id: 1 });
    const events = raw.frames.slice(1);
    expect(events).toHaveLength(expected.length); // markPrice (not subscribed) and the snapshot are not sent
    // The capture's `data` text, byte for byte (one comparison: 13k expect calls would be slow).
    const notVerbatim = events.filter((frame, i) => !expected[i].endsWith(`"data":${frame}}`));
    expect(notVerbatim).toEqual([]);
    expect(combined.frames).toEqual(trades);

    // After the replay: the book at its end, as an independent rebuild from the capture gives it.
    const later = (await (await fetch(`${mock.url}/fapi/v1/depth?symbol=BTCUSDT&limit=5`)).json()) as RestBook;
    expect({ lastUpdateId: later.lastUpdateId, bids: later.bids, asks: later.asks }).toEqual(rebuild(lines, 'futures', 5));
    const info = (await (await fetch(`${mock.url}/fapi/v1/exchangeInfo`)).json()) as { symbols: Array<{ symbol: string; filters: Array<Record<string, string>> }> };
    expect(info.symbols.map((s) => s.symbol)).toEqual(['BTCUSDT']);
    expect(info.symbols[0].filters.find((f) => f['filterType'] === 'PRICE_FILTER')?.['tickSize']).toBe('0.10');
  });

  it('spot: the diff recorded before the snapshot that brackets its id still moves the book (REST depth after the replay = Binance\'s procedure)', async () => {
    // The first 9,400 lines of the spot 2024-08-08 capture: line 6 (before the line-8 snapshot) deletes
    // the bid 61820.99 that the snapshot lists; it must stay deleted in every later snapshot.
    const spot = gunzipSync(readFileSync(join(sharedDataDir(), 'ticks', 'binance_spot_btcusdt_2024-08-08.gz'))).toString('utf8').split('\n').slice(0, 9400);
    const dir = mkdtempSync(join(tmpdir(), 'mml-ws-mock-'));
    const file = join(dir, 'binance_spot_btcusdt_2024-08-08.gz');
    writeFileSync(file, gzipSync(spot.join('\n') + '\n'));
    try {
      const mock = await startReplayMock({ captures: [file], speed: 'max', startDelayMs: 0 });
      mocks.push(mock);
      const first = await (await fetch(`${mock.url}/api/v3/depth?symbol=BTCUSDT&limit=1000`)).text(); // starts the replay, waits for line 8
      expect(first).toBe(body(spot[7]));
      await until(async () => (await mock.replayStatus()).finished, 'the replay to end');
      const later = (await (await fetch(`${mock.url}/api/v3/depth?symbol=BTCUSDT&limit=20`)).json()) as RestBook;
      expect(later).toEqual(rebuild(spot, 'spot', 20));
      expect(later.bids.map(([p]) => p)).not.toContain('61820.99000000');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('injects the fault plan deterministically: a dropped diff (pu gap), a garbage frame, a delay, a disconnect; the replay goes on for a new connection', async () => {
    const events: Array<Record<string, unknown>> = [];
    // Paced: after the disconnect the replay waits for the second connection, however long this
    // (loaded) machine takes to open it; unpaced, a replay at max speed could end before it subscribes.
    const mock = await startReplayMock({
      captures: [CAPTURE],
      speed: 'max',
      startDelayMs: 200,
      paced: true,
      wsFaults: ['drop:at=1000,stream=depth', 'garbage:at=2000,stream=trade', 'delay:at=3000,ms=300', 'disconnect:at=4000'],
      onEvent: (e) => events.push(e),
    });
    mocks.push(mock);
    const a = await connect(`${mock.wsUrl}/fstream/public/ws/0`);
    sockets.push(a.socket);
    a.socket.send(JSON.stringify({ method: 'SUBSCRIBE', params: ['btcusdt@depth@0ms', 'btcusdt@trade'], id: 7 }));
    await a.closed; // the disconnect
    const b = await connect(`${mock.wsUrl}/fstream/public/ws/1`);
    sockets.push(b.socket);
    b.socket.send(JSON.stringify({ method: 'SUBSCRIBE', params: ['btcusdt@trade'], id: 1 }));
    await until(async () => (await mock.replayStatus()).finished, 'the replay to end');
    const lastTrade = body(lines.filter((l) => streamOf(l) === 'trade').at(-1) as string);
    await until(() => lastTrade.endsWith(`"data":${b.frames.at(-1)}}`), 'the last trade in flight');

    const status = await mock.replayStatus();
    expect({ dropped: status.dropped, garbage: status.garbage, delays: status.delays, disconnects: status.disconnects }).toEqual({ dropped: 1, garbage: 1, delays: 1, disconnects: 1 });
    const faults = events.filter((e) => e['event'] === 'fault').map((e) => [e['kind'], e['at']]);
    // A fault fires on the first message at or after its position that someone is subscribed to.
    const firstAt = (from: number, streams: string[]) => lines.findIndex((l, i) => i >= from - 1 && streams.includes(streamOf(l) ?? '')) + 1;
    const disconnectAt = firstAt(4000, ['depth', 'trade']);
    expect(faults).toEqual([
      ['drop', firstAt(1000, ['depth'])],
      ['garbage', firstAt(2000, ['trade'])],
      ['delay', firstAt(3000, ['depth', 'trade'])],
      ['disconnect', disconnectAt],
    ]);

    const frames = a.frames.slice(1);
    const garbage = frames.filter((f) => !f.startsWith('{'));
    expect(garbage).toHaveLength(1);
    const diffs = frames.filter((f) => f.startsWith('{"e":"depthUpdate"')).map((f) => JSON.parse(f) as { u: number; pu: number });
    const gaps = diffs.filter((d, i) => i > 0 && d.pu !== diffs[i - 1].u);
    expect(gaps).toHaveLength(1);
    const dropped = json(lines[firstAt(1000, ['depth']) - 1]).data as { u: number };
    expect(gaps[0].pu).toBe(dropped.u);
    // Everything subscribed before the disconnect, minus the dropped diff; nothing after.
    const sent = lines.slice(0, disconnectAt - 1).filter((l) => ['depth', 'trade'].includes(streamOf(l) ?? ''));
    expect(frames.length - garbage.length).toBe(sent.length - 1);
    // The second connection got trades from after the disconnect only, up to the end.
    const later = b.frames.slice(1).map((f) => JSON.parse(f) as { t: number });
    const tradeIds = lines.filter((l) => streamOf(l) === 'trade').map((l) => (json(l).data as { t: number }).t);
    expect(later.length).toBeGreaterThan(0);
    // Paced: the replay held at the disconnect until the second connection subscribed: it got every trade after it.
    expect(later.map((t) => t.t)).toEqual(lines.slice(disconnectAt).filter((l) => streamOf(l) === 'trade').map((l) => (json(l).data as { t: number }).t));
    expect(later.map((t) => t.t)).toEqual(tradeIds.slice(tradeIds.length - later.length));
    expect(later[0].t).toBeGreaterThan((JSON.parse(frames.filter((f) => f.includes('"trade"')).at(-1) as string) as { t: number }).t);
  });

  it('synced=1: a drop waits until a REST snapshot was served after the depth subscription (never served: nothing dropped), so the dropped diff is one the client\'s book needs', async () => {
    const depthLines = lines.filter((l) => streamOf(l) === 'depth');
    const diffsOf = (frames: string[]) => frames.slice(1).map((f) => JSON.parse(f) as { u: number; pu: number });
    const gapsOf = (diffs: Array<{ u: number; pu: number }>) => diffs.filter((d, i) => i > 0 && d.pu !== diffs[i - 1].u);
    const subscribeDepth = async (mock: MockExchange) => {
      const client = await connect(`${mock.wsUrl}/fstream/public/ws/0`);
      sockets.push(client.socket);
      client.socket.send(JSON.stringify({ method: 'SUBSCRIBE', params: ['btcusdt@depth@0ms'], id: 1 }));
      await until(() => client.frames.length > 0, 'the SUBSCRIBE reply');
      return client;
    };

    // No snapshot ever served: the whole capture goes out, nothing dropped.
    const unsynced = await startReplayMock({ captures: [CAPTURE], speed: 'max', startDelayMs: 0, wsFaults: ['drop:at=1,stream=depth,synced=1'] });
    mocks.push(unsynced);
    const a = await subscribeDepth(unsynced);
    await until(async () => (await unsynced.replayStatus()).finished, 'the replay to end');
    await until(() => a.frames.length - 1 === depthLines.length, 'the last diff in flight');
    expect((await unsynced.replayStatus()).dropped).toBe(0);
    expect(gapsOf(diffsOf(a.frames))).toEqual([]);

    // Snapshot requested after the subscription (the replay starts 1 s after it, so the request waits
    // for the capture's snapshot line): the drop hits the first diff after the snapshot, not line 1.
    const events: Array<Record<string, unknown>> = [];
    const mock = await startReplayMock({ captures: [CAPTURE], speed: 'max', startDelayMs: 1000, wsFaults: ['drop:at=1,stream=depth,synced=1'], onEvent: (e) => events.push(e) });
    mocks.push(mock);
    const b = await subscribeDepth(mock);
    const snapshot = (await (await fetch(`${mock.url}/fapi/v1/depth?symbol=BTCUSDT&limit=5`)).json()) as RestBook;
    await until(async () => (await mock.replayStatus()).finished, 'the replay to end');
    await until(() => b.frames.length - 1 === depthLines.length - 1, 'the last diff in flight');
    const drop = events.find((e) => e['kind'] === 'drop') as { at: number };
    const dropped = json(lines[drop.at - 1]).data as { u: number; U: number };
    expect(snapshot.lastUpdateId).toBe(json(lines[16]).lastUpdateId);
    expect(dropped.U).toBeLessThanOrEqual(snapshot.lastUpdateId); // the first diff after the snapshot line brackets its id
    expect(dropped.u).toBeGreaterThan(snapshot.lastUpdateId);
    // The client's first diff continues the dropped one, not the snapshot: the gap its book must see.
    const diffs = diffsOf(b.frames);
    expect({ dropAt: drop.at, firstPu: diffs[0].pu, laterGaps: gapsOf(diffs) }).toEqual({ dropAt: lines.findIndex((l, i) => i > 16 && streamOf(l) === 'depth') + 1, firstPu: dropped.u, laterGaps: [] });
  });

  it('refuses a bad fault plan or speed at the command line (exit 2, one line naming it)', () => {
    const server = join(repoRoot(), 'tools', 'mock-exchange', 'server.js');
    const bad = spawnSync(process.execPath, [server, '--capture', CAPTURE, '--ws-fault', 'explode:at=5'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/ws fault "explode:at=5": unknown type "explode" \(known: disconnect, drop, delay, garbage\)/);
    const speed = spawnSync(process.execPath, [server, '--capture', CAPTURE, '--speed', '0'], { encoding: 'utf8' });
    expect(speed.status).toBe(2);
    expect(speed.stderr).toMatch(/--speed must be a number > 0 or "max", got "0"/);
  });
});

// The replay object itself, with stand-in sockets: what --paced holds the replay for.
describe('paced capture replay (--paced)', () => {
  const { CaptureReplay } = require(join(repoRoot(), 'tools', 'mock-exchange', 'ws-replay.js')) as {
    CaptureReplay: new (options: object) => { accept(socket: object, path: string): void; status(): { position: number; finished: boolean; sent: number }; stop(): void };
  };
  /** A socket the replay writes to: `bufferedAmount` is what it would still have to send. */
  function standIn() {
    const handlers: Record<string, (data?: unknown) => void> = {};
    return {
      sent: 0,
      bufferedAmount: 0,
      afterSend: () => undefined as void,
      on(event: string, handler: (data?: unknown) => void) {
        handlers[event] = handler;
      },
      send() {
        this.sent++;
        this.afterSend();
      },
      terminate() {
        handlers['close']?.();
      },
      request: (body: object) => handlers['message']?.(Buffer.from(JSON.stringify(body))),
      close: () => handlers['close']?.(),
    };
  }
  const turns = async (n: number) => {
    for (let i = 0; i < n; i++) await new Promise((r) => setTimeout(r, 10));
  };

  it('stands still while the only subscriber has too much unsent, and while nobody is subscribed; goes on for a new subscriber', async () => {
    const replay = new CaptureReplay({ captures: [CAPTURE], speed: 'max', startDelayMs: 0, paced: true });
    try {
      const slow = standIn();
      slow.bufferedAmount = 1 << 30;
      replay.accept(slow, '/fstream/public/ws/0');
      slow.request({ method: 'SUBSCRIBE', params: ['btcusdt@trade'], id: 1 });
      await turns(10);
      expect(replay.status()).toMatchObject({ position: 0, finished: false });
      slow.afterSend = () => {
        if (slow.sent === 3) slow.close(); // gone after two trades (a killed session): nobody subscribed
      };
      slow.bufferedAmount = 0; // it caught up
      await until(() => slow.sent === 3, 'two trades');
      const held = replay.status().position;
      await turns(10);
      expect(replay.status()).toMatchObject({ position: held, finished: false });
      const next = standIn();
      replay.accept(next, '/fstream/public/ws/1');
      next.request({ method: 'SUBSCRIBE', params: ['btcusdt@trade'], id: 1 });
      await until(() => replay.status().finished, 'the replay to end');
      expect(next.sent).toBeGreaterThan(0);
      expect(slow.sent + next.sent).toBe(1 + 1 + lines.filter((l) => streamOf(l) === 'trade').length); // two SUBSCRIBE replies, every trade once
    } finally {
      replay.stop();
    }
  });
});

