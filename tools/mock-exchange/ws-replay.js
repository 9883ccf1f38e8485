// The websocket side of the mock exchange: replays Binance captures to subscribed clients in real or
// accelerated time, speaking what ccxt's binance / binanceusdm / binancecoinm pro clients send and
// expect, with a deterministic fault plan. Needs the `ws` package (loaded only when a capture is served).
'use strict';
const { performance } = require('node:perf_hooks');
const { loadCaptures, payloadText } = require('./capture');
const { ReplayBook } = require('./replay-book');

const WS_FAULT_TYPES = ['disconnect', 'drop', 'delay', 'garbage'];
const CHANNELS = ['depth', 'trade', 'aggTrade', 'bookTicker'];
/** The text of a garbage frame: not JSON, as a broken proxy or a corrupted frame would deliver. */
const GARBAGE_FRAME = '\u0000garbage{"e":"depthUpdate",';
/** Paced replay: unsent bytes on a subscriber's socket beyond which the replay waits for it. */
const PACED_BUFFER_BYTES = 256 * 1024;
/** Paced replay: how often a held replay looks again. */
const PACED_RECHECK_MS = 20;

/**
 * @typedef {{ type: 'disconnect' | 'drop' | 'delay' | 'garbage', at: number, stream?: string, count?: number, ms?: number, synced?: number }} WsFault
 *   `at`: 1-based position in the replay list (the merged captures' lines in local-time order);
 *   the fault fires on the first message at or after it (of `stream` = depth | trade | aggTrade |
 *   bookTicker, when given) that some client is subscribed to. drop/garbage repeat `count` times
 *   (default 1) on consecutive matching messages; delay holds the whole replay `ms` wall ms.
 *   `synced: 1`: besides, only once the message's book is synced: a REST depth snapshot of its
 *   symbol was served after the last depth subscription to it. A dropped diff is then one the
 *   client's book needs, whenever (under load) its snapshot request came; without it, a diff
 *   dropped before the client's snapshot is already inside that snapshot and no gap is seen.
 */

/** "drop:at=2000,stream=depth,count=2", "drop:at=2000,stream=depth,synced=1", "disconnect:at=5000", "delay:at=100,ms=500", "garbage:at=300". */
function parseWsFaultSpec(spec) {
  const [type, ...rest] = spec.split(/[:,]/);
  /** @type {Record<string, unknown>} */
  const fault = { type };
  for (const kv of rest) {
    const [k, v] = kv.split('=');
    if (v === undefined) throw new Error(`ws fault "${spec}": expected key=value, got "${kv}"`);
    fault[k] = k === 'stream' ? v : Number(v);
  }
  return validateWsFault(fault, spec);
}

function validateWsFault(f, spec = JSON.stringify(f)) {
  if (!WS_FAULT_TYPES.includes(f.type)) throw new Error(`ws fault "${spec}": unknown type "${f.type}" (known: ${WS_FAULT_TYPES.join(', ')})`);
  for (const key of Object.keys(f)) if (!['type', 'at', 'stream', 'count', 'ms', 'synced', 'remaining'].includes(key)) throw new Error(`ws fault "${spec}": unknown option "${key}" (known: at, stream, count, ms, synced)`);
  if (!Number.isInteger(f.at) || f.at < 1) throw new Error(`ws fault "${spec}": at must be an integer >= 1 (a position in the replay)`);
  if (f.stream !== undefined && !CHANNELS.includes(f.stream)) throw new Error(`ws fault "${spec}": stream must be one of ${CHANNELS.join(', ')}`);
  if (f.count !== undefined && (!Number.isInteger(f.count) || f.count < 1)) throw new Error(`ws fault "${spec}": count must be an integer >= 1`);
  if (f.type === 'delay' && !(Number.isFinite(f.ms) && f.ms >= 0)) throw new Error(`ws fault "${spec}": delay needs ms >= 0`);
  if (f.synced !== undefined && f.synced !== 0 && f.synced !== 1) throw new Error(`ws fault "${spec}": synced must be 0 or 1`);
  return { ...f, remaining: f.type === 'drop' || f.type === 'garbage' ? (f.count ?? 1) : 1 };
}

/** The market a websocket path serves, in the layout the stream adapter configures (see README). */
function marketOfPath(pathname) {
  if (pathname.startsWith('/stream')) return 'spot';
  if (pathname.startsWith('/fstream')) return 'usdm';
  if (pathname.startsWith('/dstream')) return 'coinm';
  return undefined;
}

class CaptureReplay {
  /**
   * @param {{ captures: string[], speed?: number | 'max', startDelayMs?: number, paced?: boolean, faults?: Array<string | WsFault>, log?: (event: object) => void }} options
   *   paced: the replay clock stands still while no connection is subscribed (and no REST depth
   *   request waits for the replay) or while a subscriber has more than PACED_BUFFER_BYTES unsent:
   *   a client that is slow (a loaded machine), reconnecting or restarting (a resumed session)
   *   holds the replay instead of falling behind it or missing its end. Off: the capture's pace.
   */
  constructor(options) {
    this.messages = loadCaptures(options.captures);
    this.speed = options.speed ?? 1;
    if (this.speed !== 'max' && !(Number.isFinite(this.speed) && this.speed > 0)) throw new Error(`speed must be a number > 0 or "max", got ${options.speed}`);
    this.startDelayMs = options.startDelayMs ?? 100;
    this.paced = options.paced ?? false;
    /** performance.now() when a paced replay began to hold (undefined while it runs). */
    this.heldSince = undefined;
    this.faults = (options.faults ?? []).map((f) => (typeof f === 'string' ? parseWsFaultSpec(f) : validateWsFault({ ...f })));
    this.log = options.log ?? (() => undefined);
    /** @type {Map<string, ReplayBook>} `${market}:${symbol}` */
    this.books = new Map();
    for (const m of this.messages) if (!this.books.has(`${m.market}:${m.symbol}`)) this.books.set(`${m.market}:${m.symbol}`, new ReplayBook(m.market));
    /** Books with a REST depth snapshot served since the last depth subscription to them (faults with `synced`). @type {Set<ReplayBook>} */
    this.synced = new Set();
    /** @type {Set<{ socket: import('ws').WebSocket, market?: string, combined: boolean, streams: Set<string> }>} */
    this.connections = new Set();
    this.next = 0;
    this.started = false;
    this.finished = false;
    this.shiftMs = 0;
    this.startWall = 0;
    this.timer = undefined;
    /** REST depth requests waiting for the replay to reach their capture's snapshot. @type {Array<{ book: ReplayBook, limit: number, resolve: (text: string) => void, reject: (error: Error) => void }>} */
    this.waiters = [];
    this.stats = { sent: 0, dropped: 0, garbage: 0, disconnects: 0, delays: 0, subscribes: 0, unsubscribes: 0, connections: 0 };
  }

  /** Spot / USD-M / COIN-M symbols (Binance ids, upper case) the captures hold. */
  symbols(market) {
    return [...this.books.keys()].filter((k) => k.startsWith(`${market}:`)).map((k) => k.slice(market.length + 1).toUpperCase());
  }

  status() {
    return { started: this.started, finished: this.finished, position: this.next, total: this.messages.length, openConnections: this.connections.size, ...this.stats };
  }

  /**
   * The REST depth body for a symbol: the replayed book now; before the replay has reached the
   * capture's snapshot, the request waits for it and gets exactly that snapshot (as Binance answers
   * with the book at the moment it serves the request).
   */
  async snapshot(market, symbol, limit) {
    const book = this.books.get(`${market}:${symbol.toLowerCase()}`);
    if (!book) throw new Error(`no capture of ${market} ${symbol}`);
    if (book.known) {
      this.synced.add(book);
      return book.snapshotText(limit);
    }
    if (this.finished) throw new Error(`the capture of ${symbol} has no REST depth snapshot`);
    this.start();
    return new Promise((resolve, reject) => this.waiters.push({ book, limit, resolve, reject }));
  }

  /** Answers the requests waiting for `book` (or, with no book, fails them all: the replay ended without a snapshot). */
  answerWaiters(book) {
    const waiting = this.waiters;
    this.waiters = [];
    for (const w of waiting) {
      if (book && w.book === book) {
        this.synced.add(book);
        w.resolve(book.snapshotText(w.limit));
      }
      else if (!book) w.reject(new Error('the capture has no REST depth snapshot for this symbol'));
      else this.waiters.push(w);
    }
    return waiting.length !== this.waiters.length;
  }

  /** Accepts a client on a websocket (any path: /stream... = spot, /fstream... = USD-M, /dstream... = COIN-M, else all). */
  accept(socket, pathname) {
    // Binance's combined endpoint (/stream, /stream?streams=a/b) wraps each event as {"stream","data"}; /ws sends the bare event.
    const combined = /(^|\/)stream(\/|\?|$)/.test(pathname);
    const conn = { socket, market: marketOfPath(pathname), combined, streams: new Set() };
    // /stream?streams=a/b subscribes at connect, as Binance's combined endpoint does.
    const query = new URL(pathname, 'ws://127.0.0.1').searchParams.get('streams');
    if (query) this.subscribe(conn, query.split('/'));
    this.connections.add(conn);
    this.stats.connections++;
    socket.on('message', (data) => this.onRequest(conn, data.toString()));
    socket.on('close', () => this.connections.delete(conn));
    socket.on('error', () => this.connections.delete(conn));
  }

  onRequest(conn, text) {
    let request;
    try {
      request = JSON.parse(text);
    } catch {
      return conn.socket.send(JSON.stringify({ error: { code: 3, msg: 'Invalid JSON: expected value at line 1 column 1' } }));
    }
    const id = request.id ?? null;
    const params = Array.isArray(request.params) ? request.params : [];
    switch (request.method) {
      case 'SUBSCRIBE':
        this.subscribe(conn, params);
        return conn.socket.send(JSON.stringify({ result: null, id }));
      case 'UNSUBSCRIBE':
        for (const p of params) conn.streams.delete(streamKey(p));
        this.stats.unsubscribes++;
        return conn.socket.send(JSON.stringify({ result: null, id }));
      case 'LIST_SUBSCRIPTIONS':
        return conn.socket.send(JSON.stringify({ result: [...conn.streams], id }));
      default:
        return conn.socket.send(JSON.stringify({ error: { code: 2, msg: `Invalid request: unknown method "${request.method}"` }, id }));
    }
  }

  subscribe(conn, params) {
    if (process.env.MOCK_DEBUG) this.log({ event: 'subscribe', params, position: this.next, t: Math.round(performance.now()) });
    for (const p of params) {
      const key = streamKey(p);
      conn.streams.add(key);
      const [symbol, channel] = key.split('@');
      // A (re)subscribed depth stream: that client's book waits for a new REST snapshot.
      if (channel === 'depth') for (const [k, book] of this.books) if (k.endsWith(`:${symbol}`) && (conn.market === undefined || k.startsWith(`${conn.market}:`))) this.synced.delete(book);
    }
    this.stats.subscribes++;
    this.start();
  }

  /** Starts the replay clock (once): `startDelayMs` after the first subscription, so the other streams subscribe in time. */
  start() {
    if (this.started) return;
    this.started = true;
    this.startWall = performance.now() + this.startDelayMs;
    this.timer = setTimeout(() => this.tick(), this.startDelayMs);
  }

  stop() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const c of this.connections) c.socket.terminate();
    this.connections.clear();
    this.finished = true;
    this.answerWaiters(undefined);
  }

  dueAt(index) {
    if (this.speed === 'max') return -Infinity;
    return this.startWall + this.shiftMs + (this.messages[index].localMs - this.messages[0].localMs) / this.speed;
  }

  tick() {
    this.timer = undefined;
    if (this.paced && this.mustHold()) {
      this.heldSince ??= performance.now();
      this.timer = setTimeout(() => this.tick(), PACED_RECHECK_MS);
      return;
    }
    if (this.heldSince !== undefined) {
      this.shiftMs += performance.now() - this.heldSince; // the held time does not count as replayed
      this.heldSince = undefined;
    }
    const now = performance.now();
    // A bounded batch per turn of the event loop, so REST requests and pings are served in between.
    for (let budget = 2000; budget > 0 && this.next < this.messages.length; budget--) {
      if (this.dueAt(this.next) > now) break;
      if (this.paced && this.mustHold()) break; // checked per message: nothing goes out unseen
      if (this.holdFor(this.next)) break;
      const answered = this.process(this.next);
      this.next++;
      if (answered) break; // let the snapshot's HTTP response go out before the diffs that follow it
    }
    if (this.next >= this.messages.length) {
      this.finished = true;
      this.answerWaiters(undefined);
      this.log({ event: 'replay-end', messages: this.messages.length, ...this.stats });
      return;
    }
    const wait = Math.max(0, this.dueAt(this.next) - performance.now());
    this.timer = wait > 0 ? setTimeout(() => this.tick(), wait) : setImmediate(() => this.tick());
  }

  /** Paced replay: nobody to send to (and no REST request waiting for the replay), or a subscriber still busy with what it was sent. */
  mustHold() {
    let subscribed = false;
    for (const c of this.connections) {
      if (c.streams.size === 0) continue;
      subscribed = true;
      if (c.socket.bufferedAmount > PACED_BUFFER_BYTES) return true;
    }
    return !subscribed && this.waiters.length === 0;
  }

  /** A delay fault due at this message: shift the clock and hold the message (true). */
  holdFor(index) {
    const m = this.messages[index];
    for (const f of this.faults) {
      if (f.type !== 'delay' || !this.isDue(f, index)) continue;
      if (this.subscribersOf(m).length === 0) continue;
      f.remaining = 0;
      this.shiftMs += f.ms;
      this.stats.delays++;
      this.log({ event: 'fault', kind: 'delay', at: index + 1, ms: f.ms, stream: m.stream });
      return true;
    }
    return false;
  }

  /** Whether fault `f` (not yet used up) applies to the message at `index`: at or after its position, of its stream, its book synced if asked. */
  isDue(f, index) {
    const m = this.messages[index];
    if (f.remaining === 0 || index + 1 < f.at || (f.stream && f.stream !== m.channel)) return false;
    return !f.synced || this.synced.has(this.books.get(`${m.market}:${m.symbol}`));
  }

  subscribersOf(m) {
    if (m.channel === 'snapshot' || m.channel === 'other') return [];
    const key = `${m.symbol}@${m.channel}`;
    const out = [];
    for (const c of this.connections) if ((c.market === undefined || c.market === m.market) && c.streams.has(key)) out.push(c);
    return out;
  }

  /** Replays one message: the exchange book moves, subscribers get it (or a fault). True when it answered waiting REST snapshot requests. */
  process(index) {
    const m = this.messages[index];
    const book = this.books.get(`${m.market}:${m.symbol}`);
    if (m.channel === 'snapshot') {
      book.applySnapshot(m.text);
      return this.answerWaiters(book);
    }
    if (m.channel === 'depth') book.applyDiff(JSON.parse(m.text).data);
    const targets = this.subscribersOf(m);
    if (targets.length === 0) return false;
    for (const f of this.faults) {
      if (f.type === 'delay' || !this.isDue(f, index)) continue;
      f.remaining--;
      if (f.type === 'drop') {
        this.stats.dropped++;
        this.log({ event: 'fault', kind: 'drop', at: index + 1, stream: m.stream });
        return false;
      }
      if (f.type === 'garbage') {
        this.stats.garbage++;
        this.log({ event: 'fault', kind: 'garbage', at: index + 1, stream: m.stream });
        for (const c of targets) c.socket.send(GARBAGE_FRAME);
      }
      if (f.type === 'disconnect') {
        this.stats.disconnects++;
        this.log({ event: 'fault', kind: 'disconnect', at: index + 1, connections: this.connections.size });
        for (const c of this.connections) c.socket.terminate();
        this.connections.clear();
        return false;
      }
    }
    let raw;
    for (const c of targets) {
      c.socket.send(c.combined ? m.text : (raw ??= payloadText(m)));
      this.stats.sent++;
    }
    return false;
  }
}

/** `btcusdt@depth@100ms` -> `btcusdt@depth` (the rate is not modelled: the capture's diffs are replayed as recorded). */
function streamKey(param) {
  const [symbol, channel] = String(param).split('@');
  return `${symbol.toLowerCase()}@${channel}`;
}

/** Attaches the replay to an HTTP server's upgrade requests (every path). */
function attachWebSocket(server, replay) {
  const { WebSocketServer } = require('ws');
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    wss.handleUpgrade(req, socket, head, (ws) => replay.accept(ws, req.url || '/'));
  });
  return wss;
}

module.exports = { CaptureReplay, attachWebSocket, parseWsFaultSpec, WS_FAULT_TYPES, GARBAGE_FRAME };
