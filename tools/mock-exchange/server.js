#!/usr/bin/env node
// A mock of Binance's public REST API for tests: serves recorded klines from a CSV(.gz) file,
// with switchable faults; with --capture also a websocket endpoint replaying raw Binance captures
// (spot, USD-M /fapi, COIN-M /dapi; ws-replay.js). 127.0.0.1 only. Plain CommonJS with Node
// built-ins only (plus the `ws` package, loaded only when a capture is served), so it runs as a
// separate process without a build and without workspace imports.
//
//   node tools/mock-exchange/server.js --port 0 --data <klines.csv.gz> [--fault 429:3] [--fault 500@0.2] [--latency 50] [--seed 1]
//   node tools/mock-exchange/server.js --port 0 --capture a.gz[,b.gz] [--speed 10] [--ws-fault drop:at=2000,stream=depth]
//
// First stdout line: {"url":"http://127.0.0.1:PORT"}. See README.md for endpoints and faults.
'use strict';
const http = require('node:http');
const { CaptureReplay, attachWebSocket, parseWsFaultSpec } = require('./ws-replay');
const { futuresExchangeInfo, spotSymbolInfo } = require('./exchange-info');
const fs = require('node:fs');
const zlib = require('node:zlib');

const FAULT_TYPES = ['latency', '429', '418', '500', '502', '503', 'binance', 'malformed', 'truncated', 'garbage', 'empty', 'reset', 'timeout'];
const INTERVALS = { '1m': 60000, '3m': 180000, '5m': 300000, '15m': 900000, '30m': 1800000, '1h': 3600000, '2h': 7200000, '4h': 14400000, '1d': 86400000 };

/** @typedef {{ type: string, count?: number, probability?: number, retryAfter?: number, ms?: number, path?: string, after?: number }} Fault */

/** Parses CLI args into an options object. */
function parseArgs(argv) {
  const opts = { port: 0, data: undefined, faults: [], seed: 1, latencyMs: 0, symbol: 'BTCUSDT', trades: undefined, depth: undefined, now: undefined, captures: [], speed: 1, wsFaults: [], startDelayMs: 100, paced: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`missing value for ${arg}`);
      return v;
    };
    if (arg === '--port') opts.port = Number(next());
    else if (arg === '--data') opts.data = next();
    else if (arg === '--trades') opts.trades = next();
    else if (arg === '--depth') opts.depth = next();
    else if (arg === '--symbol') opts.symbol = next();
    else if (arg === '--seed') opts.seed = Number(next());
    else if (arg === '--latency') opts.latencyMs = Number(next());
    else if (arg === '--now') opts.now = Number(next());
    else if (arg === '--fault') opts.faults.push(parseFaultSpec(next()));
    else if (arg === '--capture') opts.captures.push(...next().split(',').filter((f) => f !== ''));
    else if (arg === '--speed') opts.speed = parseSpeed(next());
    else if (arg === '--ws-fault') {
      const spec = next();
      parseWsFaultSpec(spec); // refuse a bad plan at the command line
      opts.wsFaults.push(spec);
    }
    else if (arg === '--start-delay-ms') opts.startDelayMs = Number(next());
    else if (arg === '--paced') opts.paced = true;
    else throw new Error(`unknown argument ${arg}`);
  }
  return opts;
}

/** --speed: a factor > 0 over the capture's own pace (1 = real time), or "max" (as fast as the socket takes it). */
function parseSpeed(text) {
  if (text === 'max') return 'max';
  const speed = Number(text);
  if (!(Number.isFinite(speed) && speed > 0)) throw new Error(`--speed must be a number > 0 or "max", got "${text}"`);
  return speed;
}

/**
 * "429:3" = the next 3 requests; "500@0.2" = each request with probability 0.2 (seeded);
 * "latency=200" = add 200 ms; options: ",path=/api/v3/klines" (only that route), ",after=5" (let 5
 * matching requests through first), ",retryAfter=2" (seconds, for 429/418).
 */
function parseFaultSpec(spec) {
  const [head, ...rest] = spec.split(',');
  /** @type {Fault} */
  const fault = { type: head };
  let m;
  if ((m = /^([a-z0-9]+):(\d+)$/.exec(head))) Object.assign(fault, { type: m[1], count: Number(m[2]) });
  else if ((m = /^([a-z0-9]+)@([0-9.]+)$/.exec(head))) Object.assign(fault, { type: m[1], probability: Number(m[2]) });
  else if ((m = /^latency=(\d+)$/.exec(head))) Object.assign(fault, { type: 'latency', ms: Number(m[1]) });
  for (const kv of rest) {
    const [k, v] = kv.split('=');
    fault[k] = k === 'path' ? v : Number(v);
  }
  validateFault(fault);
  return fault;
}

function validateFault(f) {
  if (!FAULT_TYPES.includes(f.type)) throw new Error(`unknown fault type "${f.type}" (known: ${FAULT_TYPES.join(', ')})`);
}

/** mulberry32: a tiny seeded PRNG so probabilistic faults are reproducible. */
function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function readCsv(path) {
  let buf = fs.readFileSync(path);
  if (path.endsWith('.gz')) buf = zlib.gunzipSync(buf);
  return buf.toString('utf8').split('\n').filter((l) => l.trim() !== '');
}

/** Klines as Binance rows with the file's text values, verbatim. */
function loadKlines(path) {
  const lines = readCsv(path);
  if (lines[0].trim() !== 'open_time_ms,open,high,low,close,volume') throw new Error(`${path}: expected the shared kline header`);
  const rows = lines.slice(1).map((line) => line.split(','));
  const step = rows.length > 1 ? Number(rows[1][0]) - Number(rows[0][0]) : 60000;
  return { step, rows: rows.map((r) => ({ t: Number(r[0]), o: r[1], h: r[2], l: r[3], c: r[4], v: r[5] })) };
}

function loadTrades(path) {
  const lines = readCsv(path).slice(1);
  return lines.map((line) => {
    const c = line.split(',');
    return { a: Number(c[3]), p: c[4], q: c[5], T: Number(c[2]), m: c[6] === 'true' };
  });
}

function loadDepthSnapshot(path) {
  const bids = [];
  const asks = [];
  let lastUpdateId = 0;
  for (const line of readCsv(path).slice(1)) {
    const c = line.split(',');
    if (c[3] !== 'snapshot') continue;
    lastUpdateId = Number(c[5]);
    (c[7] === 'bid' ? bids : asks).push([c[8], c[9]]);
  }
  return { lastUpdateId, bids, asks };
}

function createState(opts) {
  const klines = opts.data ? loadKlines(opts.data) : { step: 60000, rows: [] };
  const replay = opts.captures && opts.captures.length
    ? new CaptureReplay({ captures: opts.captures, speed: opts.speed, startDelayMs: opts.startDelayMs, paced: opts.paced, faults: opts.wsFaults, log: (event) => process.stdout.write(JSON.stringify(event) + '\n') })
    : undefined;
  return {
    opts,
    replay,
    klines,
    trades: opts.trades ? loadTrades(opts.trades) : undefined,
    depth: opts.depth ? loadDepthSnapshot(opts.depth) : undefined,
    faults: opts.faults.map((f) => ({ ...f })),
    latencyMs: opts.latencyMs,
    random: seededRandom(opts.seed),
    stats: { requests: 0, byPath: {}, faultsInjected: {} },
  };
}

/** "Now" for the mock: --now, else just after the last served bar, so all bars are closed. */
function mockNow(state) {
  if (state.opts.now !== undefined) return state.opts.now;
  const rows = state.klines.rows;
  return rows.length ? rows[rows.length - 1].t + state.klines.step : Date.now();
}

function pickFault(state, path) {
  let latency = state.latencyMs;
  let chosen;
  for (const f of state.faults) {
    if (f.path && !path.startsWith(f.path)) continue;
    if (f.after !== undefined && f.after > 0) {
      f.after--; // let the first `after` matching requests through ("fail midway")
      continue;
    }
    let fire = false;
    if (f.count !== undefined) {
      if (f.count > 0) {
        f.count--;
        fire = true;
      }
    } else if (f.probability !== undefined) fire = state.random() < f.probability;
    else fire = true;
    if (!fire) continue;
    if (f.type === 'latency') latency += f.ms || 0;
    else if (!chosen) chosen = f;
    else if (f.count !== undefined) f.count++; // not consumed: give it back
  }
  return { latency, fault: chosen };
}

function send(res, status, body, headers = {}) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(text);
}

function binanceError(res, status, code, msg) {
  send(res, status, { code, msg });
}

function exchangeInfo(state) {
  const symbol = state.opts.symbol;
  const base = symbol.replace(/USDT$/, '');
  return {
    timezone: 'UTC',
    serverTime: mockNow(state),
    rateLimits: [
      { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000 },
      { rateLimitType: 'RAW_REQUESTS', interval: 'MINUTE', intervalNum: 5, limit: 61000 },
    ],
    exchangeFilters: [],
    symbols: [
      ...(state.replay ? state.replay.symbols('spot').filter((s) => s !== symbol).map((s) => spotSymbolInfo(s)) : []),
      {
        symbol,
        status: 'TRADING',
        baseAsset: base,
        baseAssetPrecision: 8,
        quoteAsset: 'USDT',
        quotePrecision: 8,
        quoteAssetPrecision: 8,
        baseCommissionPrecision: 8,
        quoteCommissionPrecision: 8,
        orderTypes: ['LIMIT', 'LIMIT_MAKER', 'MARKET', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT_LIMIT'],
        icebergAllowed: true,
        ocoAllowed: true,
        otoAllowed: true,
        quoteOrderQtyMarketAllowed: true,
        allowTrailingStop: true,
        cancelReplaceAllowed: true,
        isSpotTradingAllowed: true,
        isMarginTradingAllowed: true,
        filters: [
          { filterType: 'PRICE_FILTER', minPrice: '0.01000000', maxPrice: '1000000.00000000', tickSize: '0.01000000' },
          { filterType: 'LOT_SIZE', minQty: '0.00001000', maxQty: '9000.00000000', stepSize: '0.00001000' },
          { filterType: 'ICEBERG_PARTS', limit: 10 },
          { filterType: 'MARKET_LOT_SIZE', minQty: '0.00000000', maxQty: '100.00000000', stepSize: '0.00000000' },
          { filterType: 'TRAILING_DELTA', minTrailingAboveDelta: 10, maxTrailingAboveDelta: 2000, minTrailingBelowDelta: 10, maxTrailingBelowDelta: 2000 },
          { filterType: 'PERCENT_PRICE_BY_SIDE', bidMultiplierUp: '5', bidMultiplierDown: '0.2', askMultiplierUp: '5', askMultiplierDown: '0.2', avgPriceMins: 5 },
          { filterType: 'NOTIONAL', minNotional: '5.00000000', applyMinToMarket: true, maxNotional: '9000000.00000000', applyMaxToMarket: false, avgPriceMins: 5 },
          { filterType: 'MAX_NUM_ORDERS', maxNumOrders: 200 },
          { filterType: 'MAX_NUM_ALGO_ORDERS', maxNumAlgoOrders: 5 },
        ],
        permissions: [],
        permissionSets: [['SPOT', 'MARGIN']],
        defaultSelfTradePreventionMode: 'EXPIRE_MAKER',
        allowedSelfTradePreventionModes: ['EXPIRE_TAKER', 'EXPIRE_MAKER', 'EXPIRE_BOTH'],
      },
    ],
  };
}

/** Binance /klines semantics: startTime/endTime bound the open time; limit default 500, max 1000; no range = the latest bars. */
function klines(state, q) {
  const step = INTERVALS[q.get('interval')];
  if (step === undefined) return { error: [400, -1120, 'Invalid interval.'] };
  if (step !== state.klines.step) return { error: [400, -1120, `Mock serves only the data's interval (${state.klines.step / 60000}m).`] };
  const limit = Math.min(1000, Math.max(1, Number(q.get('limit') || 500)));
  const now = mockNow(state);
  const rows = state.klines.rows.filter((r) => r.t < now);
  const start = q.has('startTime') ? Number(q.get('startTime')) : undefined;
  const end = q.has('endTime') ? Number(q.get('endTime')) : undefined;
  let selected;
  if (start !== undefined) {
    selected = [];
    for (const r of rows) {
      if (r.t < start) continue;
      if (end !== undefined && r.t > end) break;
      selected.push(r);
      if (selected.length >= limit) break;
    }
  } else {
    const upTo = end === undefined ? rows : rows.filter((r) => r.t <= end);
    selected = upTo.slice(-limit);
  }
  return {
    body: selected.map((r) => [r.t, r.o, r.h, r.l, r.c, r.v, r.t + step - 1, '0', 0, '0', '0', '0']),
  };
}

function lastClose(state) {
  const now = mockNow(state);
  const rows = state.klines.rows.filter((r) => r.t < now);
  return rows.length ? Number(rows[rows.length - 1].c) : 100;
}

function depth(state, q) {
  const limit = Math.min(5000, Number(q.get('limit') || 100));
  if (state.depth) {
    return { lastUpdateId: state.depth.lastUpdateId, bids: state.depth.bids.slice(0, limit), asks: state.depth.asks.slice(0, limit) };
  }
  // No recorded book: a deterministic book one tick around the last served close.
  const close = Math.round(lastClose(state) * 100);
  const bids = [];
  const asks = [];
  for (let i = 0; i < limit; i++) {
    bids.push([((close - 1 - i) / 100).toFixed(8), (0.5 + i * 0.1).toFixed(8)]);
    asks.push([((close + i) / 100).toFixed(8), (0.5 + i * 0.1).toFixed(8)]);
  }
  return { lastUpdateId: Math.floor(mockNow(state) / 1000), bids, asks };
}

/** Recorded trades if given, else one trade per served bar at its close (aggressor = bar direction). */
function tradeList(state) {
  if (state.trades) return state.trades;
  const now = mockNow(state);
  return state.klines.rows
    .filter((r) => r.t < now)
    .map((r, i) => ({ a: i + 1, p: r.c, q: r.v, T: r.t + state.klines.step - 1, m: Number(r.c) < Number(r.o) }));
}

function trades(state, q, aggregated) {
  const limit = Math.min(1000, Number(q.get('limit') || 500));
  let list = tradeList(state);
  if (q.has('fromId')) list = list.filter((t) => t.a >= Number(q.get('fromId'))).slice(0, limit);
  else if (q.has('startTime')) {
    const s = Number(q.get('startTime'));
    const e = q.has('endTime') ? Number(q.get('endTime')) : Infinity;
    list = list.filter((t) => t.T >= s && t.T <= e).slice(0, limit);
  } else list = list.slice(-limit);
  if (aggregated) return list.map((t) => ({ a: t.a, p: t.p, q: t.q, f: t.a, l: t.a, T: t.T, m: t.m, M: true }));
  return list.map((t) => ({ id: t.a, price: t.p, qty: t.q, quoteQty: (Number(t.p) * Number(t.q)).toFixed(8), time: t.T, isBuyerMaker: t.m, isBestMatch: true }));
}

/** A REST depth request served from the capture replay (spot /api/v3, USD-M /fapi/v1, COIN-M /dapi/v1). */
function replayDepth(state, market, q) {
  const symbol = q.get('symbol');
  if (!symbol) return { error: [400, -1102, "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed."] };
  if (!state.replay.symbols(market).includes(symbol)) return { error: [400, -1121, 'Invalid symbol.'] };
  const limit = Math.min(5000, Math.max(1, Number(q.get('limit') || 100)));
  return { text: state.replay.snapshot(market, symbol, limit) };
}

function futuresRoute(state, market, url) {
  const base = market === 'usdm' ? '/fapi/v1/' : '/dapi/v1/';
  const q = url.searchParams;
  switch (url.pathname.slice(base.length)) {
    case 'ping':
      return { body: {} };
    case 'time':
      return { body: { serverTime: Date.now() } };
    case 'exchangeInfo':
      return { body: futuresExchangeInfo(market, state.replay.symbols(market)) };
    case 'depth':
      return replayDepth(state, market, q);
    default:
      return { error: [404, -1, `Mock exchange: no route ${url.pathname}`] };
  }
}

function route(state, url) {
  const q = url.searchParams;
  const needSymbol = () => {
    if (!q.get('symbol')) return [400, -1102, "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed."];
    if (q.get('symbol') !== state.opts.symbol) return [400, -1121, 'Invalid symbol.'];
    return undefined;
  };
  if (state.replay && url.pathname.startsWith('/fapi/v1/')) return futuresRoute(state, 'usdm', url);
  if (state.replay && url.pathname.startsWith('/dapi/v1/')) return futuresRoute(state, 'coinm', url);
  if (state.replay && url.pathname === '/api/v3/depth' && state.replay.symbols('spot').includes(q.get('symbol') || '')) return replayDepth(state, 'spot', q);
  switch (url.pathname) {
    case '/api/v3/ping':
      return { body: {} };
    case '/api/v3/time':
      return { body: { serverTime: mockNow(state) } };
    case '/api/v3/exchangeInfo':
      return { body: exchangeInfo(state) };
    case '/api/v3/klines':
      return needSymbol() ? { error: needSymbol() } : klines(state, q);
    case '/api/v3/depth':
      return needSymbol() ? { error: needSymbol() } : { body: depth(state, q) };
    case '/api/v3/aggTrades':
      return needSymbol() ? { error: needSymbol() } : { body: trades(state, q, true) };
    case '/api/v3/trades':
    case '/api/v3/historicalTrades':
      return needSymbol() ? { error: needSymbol() } : { body: trades(state, q, false) };
    default:
      return { error: [404, -1, `Mock exchange: no route ${url.pathname}`] };
  }
}

function applyFault(state, fault, req, res, body) {
  state.stats.faultsInjected[fault.type] = (state.stats.faultsInjected[fault.type] || 0) + 1;
  switch (fault.type) {
    case '429':
      return send(res, 429, { code: -1003, msg: 'Too many requests; mock rate limit.' }, { 'Retry-After': String(fault.retryAfter ?? 1) });
    case '418':
      return send(res, 418, { code: -1003, msg: 'Way too many requests; IP banned by mock.' }, { 'Retry-After': String(fault.retryAfter ?? 1) });
    case '500':
    case '502':
    case '503':
      return send(res, Number(fault.type), fault.type === '503' ? 'Service Unavailable' : `<html><body>${fault.type} mock error</body></html>`, { 'Content-Type': 'text/html' });
    case 'binance': {
      // Binance's own error body on an HTTP error, e.g. 503 {"code":-1001,"msg":"Internal error..."}.
      const code = fault.code ?? -1001;
      return send(res, fault.status ?? 503, { code, msg: BINANCE_MESSAGES[code] ?? 'Mock Binance error.' });
    }
    case 'malformed':
      return send(res, 200, '{"this is": not json]');
    case 'garbage':
      return send(res, 200, garbage(body));
    case 'empty':
      return send(res, 200, {});
    case 'truncated': {
      const text = JSON.stringify(body);
      return send(res, 200, text.slice(0, Math.max(1, Math.floor(text.length / 2))));
    }
    case 'reset':
      return req.socket.destroy();
    case 'timeout':
      return undefined; // never answer; the client's timeout must fire
  }
}

const BINANCE_MESSAGES = {
  '-1000': 'An unknown error occured while processing the request.',
  '-1001': 'Internal error; unable to process your request. Please try again.',
  '-1003': 'Too many requests queued.',
  '-1006': 'An unexpected response was received from the message bus. Execution status unknown.',
  '-1007': 'Timeout waiting for response from backend server. Send status unknown; execution status unknown.',
  '-1008': 'Server is currently overloaded with other requests. Please try again in a few minutes.',
  '-1121': 'Invalid symbol.',
};

/** Valid JSON of the right outline with every value replaced by junk: a broken upstream proxy. */
function garbage(value) {
  if (Array.isArray(value)) return value.map(garbage);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, garbage(v)]));
  return 'garbage';
}

function createServer(state) {
  return http.createServer((req, res) => {
    const url = new URL(req.url || '/', 'http://127.0.0.1');
    if (url.pathname.startsWith('/__control/')) return control(state, req, res, url);
    state.stats.requests++;
    if (process.env.MOCK_DEBUG && state.replay) process.stdout.write(JSON.stringify({ event: 'request', path: url.pathname, position: state.replay.next, t: Math.round(performance.now()) }) + '\n');
    state.stats.byPath[url.pathname] = (state.stats.byPath[url.pathname] || 0) + 1;
    const { latency, fault } = pickFault(state, url.pathname);
    const respond = () => {
      let result;
      try {
        result = route(state, url);
      } catch (error) {
        return binanceError(res, 500, -1, String(error && error.message ? error.message : error));
      }
      if (result.text) {
        // A capture snapshot: may wait for the replay to reach it; sent as its text, verbatim.
        return result.text.then(
          (text) => (fault ? applyFault(state, fault, req, res, JSON.parse(text)) : send(res, 200, text)),
          (error) => binanceError(res, 503, -1, String(error.message)),
        );
      }
      if (fault) return applyFault(state, fault, req, res, result.body ?? { code: -1 });
      if (result.error) return binanceError(res, result.error[0], result.error[1], result.error[2]);
      send(res, 200, result.body);
    };
    if (latency > 0) setTimeout(respond, latency);
    else respond();
  });
}

function control(state, req, res, url) {
  if (req.method === 'GET' && url.pathname === '/__control/stats') return send(res, 200, state.stats);
  if (req.method === 'GET' && url.pathname === '/__control/replay') return send(res, 200, state.replay ? state.replay.status() : { error: 'no --capture' });
  let text = '';
  req.on('data', (chunk) => (text += chunk));
  req.on('end', () => {
    try {
      if (url.pathname === '/__control/faults' && req.method === 'POST') {
        const body = text ? JSON.parse(text) : {};
        const faults = (body.faults || []).map((f) => (typeof f === 'string' ? parseFaultSpec(f) : (validateFault(f), { ...f })));
        state.faults = faults;
        if (body.latencyMs !== undefined) state.latencyMs = Number(body.latencyMs);
        if (body.seed !== undefined) state.random = seededRandom(Number(body.seed));
        return send(res, 200, { faults: state.faults, latencyMs: state.latencyMs });
      }
      if (url.pathname === '/__control/reset-stats' && req.method === 'POST') {
        state.stats = { requests: 0, byPath: {}, faultsInjected: {} };
        return send(res, 200, state.stats);
      }
      if (url.pathname === '/__control/now' && req.method === 'POST') {
        state.opts.now = JSON.parse(text).now;
        return send(res, 200, { now: state.opts.now });
      }
      send(res, 404, { error: `no control route ${req.method} ${url.pathname}` });
    } catch (error) {
      send(res, 400, { error: String(error && error.message ? error.message : error) });
    }
  });
}

function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`mock-exchange: ${error.message}\n`);
    process.exit(2);
  }
  let state;
  try {
    state = createState(opts);
  } catch (error) {
    process.stderr.write(`mock-exchange: ${error.message}\n`);
    process.exit(2);
  }
  const server = createServer(state);
  if (state.replay) attachWebSocket(server, state.replay);
  // Outlive clients' idle keep-alive sockets (undici closes them after 4 s): a server closing first
  // races a request sent on the dying socket ("other side closed") after a quiet spell.
  server.keepAliveTimeout = 60_000;
  server.listen(opts.port, '127.0.0.1', () => {
    const { port } = server.address();
    const first = { url: `http://127.0.0.1:${port}` };
    if (state.replay) first.wsUrl = `ws://127.0.0.1:${port}`;
    process.stdout.write(JSON.stringify(first) + '\n');
  });
  const shutdown = () => {
    if (state.replay) state.replay.stop();
    server.closeAllConnections();
    server.close(() => process.exit(0));
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

if (require.main === module) main();

module.exports = { parseArgs, parseFaultSpec, createState, createServer };
