// Loads raw Binance websocket captures (../shared/data/ticks: `<local receive time> <JSON>` per line)
// into one replay list for the websocket mock. Plain CommonJS, Node built-ins only.
'use strict';
const fs = require('node:fs');
const zlib = require('node:zlib');
const path = require('node:path');

/**
 * @typedef {'spot' | 'usdm' | 'coinm'} Market
 * @typedef {'depth' | 'trade' | 'aggTrade' | 'bookTicker' | 'snapshot' | 'other'} Channel
 * @typedef {{ localMs: number, market: Market, symbol: string, channel: Channel, stream: string, text: string, file: string, line: number }} CaptureMessage
 *   `text` is the line's JSON exactly as recorded (a combined-stream message or a REST snapshot);
 *   `symbol` is Binance's id in lower case (`btcusdt`, `btcusd_perp`).
 */

/** Milliseconds from a local-time stamp of 13 (ms), 16 (µs) or 19 (ns) digits, without losing digits. */
function localMs(stamp, file, line) {
  if (!/^\d{13}$|^\d{16}$|^\d{19}$/.test(stamp)) throw new Error(`${file}, row ${line}: local time "${stamp.slice(0, 30)}" is not 13, 16 or 19 digits`);
  if (stamp.length === 13) return Number(stamp);
  if (stamp.length === 16) return Number(stamp) / 1e3;
  return Number(stamp.slice(0, 13)) + Number(stamp.slice(13)) / 1e6;
}

function readLines(file) {
  let buf = fs.readFileSync(file);
  if (file.endsWith('.gz')) buf = zlib.gunzipSync(buf);
  return buf.toString('utf8').split('\n');
}

/** The market from the file name the shared captures use (binance_<market>_<symbol>_<date>), else from the content. */
function marketOf(file, lines) {
  const m = /binance_(spot|usdm|coinm)_/.exec(path.basename(file));
  if (m) return /** @type {Market} */ (m[1]);
  for (const text of lines.slice(0, 2000)) {
    if (/"s":"[A-Z0-9]+_[A-Z0-9]+"/.test(text)) return 'coinm';
    if (/"e":"depthUpdate"/.test(text)) return /"pu":/.test(text) ? 'usdm' : 'spot';
  }
  throw new Error(`${file}: cannot tell spot, USD-M or COIN-M (name it binance_<spot|usdm|coinm>_... or include depth diffs)`);
}

/** `btcusdt@depth@0ms` -> depth; `btcusdt@trade` -> trade; unknown streams -> other (replayed to nobody). */
function channelOf(stream) {
  const kind = stream.split('@')[1];
  if (kind === 'depth' || kind === 'trade' || kind === 'aggTrade' || kind === 'bookTicker') return kind;
  return 'other';
}

/** One capture file as messages; throws naming file and row on a line that is not `<digits> <JSON object>`. */
function loadCaptureFile(file) {
  const lines = readLines(file);
  const market = marketOf(file, lines);
  /** @type {CaptureMessage[]} */
  const out = [];
  let symbol;
  const pendingSnapshots = [];
  lines.forEach((raw, index) => {
    if (raw === '') return;
    const line = index + 1;
    const space = raw.indexOf(' ');
    if (space <= 0) throw new Error(`${file}, row ${line}: expected "<local time> <JSON>"`);
    const ms = localMs(raw.slice(0, space), file, line);
    const text = raw.slice(space + 1).trimEnd();
    const stream = /^\{\s*"stream"\s*:\s*"([^"]+)"/.exec(text);
    if (stream) {
      const s = stream[1].split('@')[0];
      symbol ??= s;
      out.push({ localMs: ms, market, symbol: s, channel: channelOf(stream[1]), stream: stream[1], text, file, line });
    } else if (/^\{\s*"lastUpdateId"/.test(text)) {
      const m = { localMs: ms, market, symbol: '', channel: /** @type {Channel} */ ('snapshot'), stream: '', text, file, line };
      pendingSnapshots.push(m);
      out.push(m);
    } else throw new Error(`${file}, row ${line}: neither a combined-stream message nor a REST depth snapshot`);
  });
  if (symbol === undefined) throw new Error(`${file}: no combined-stream message`);
  for (const m of pendingSnapshots) m.symbol = symbol; // a REST snapshot names no symbol: it is the capture's
  return out;
}

/**
 * All files as one replay list in local-time order. A capture split by date (the second file
 * continues the first) and captures of other symbols or markets (overlapping in time) both work:
 * the concatenation is stably sorted by local receive time.
 * @param {string[]} files
 */
function loadCaptures(files) {
  if (files.length === 0) throw new Error('no capture file given');
  const all = files.flatMap((f) => loadCaptureFile(f));
  all.sort((a, b) => a.localMs - b.localMs);
  return all;
}

/** The JSON text of a combined-stream message's `data` (what Binance sends on a raw /ws stream), verbatim. */
function payloadText(message) {
  const at = message.text.indexOf('"data"');
  if (at >= 0) {
    const start = message.text.indexOf('{', at);
    const end = message.text.lastIndexOf('}', message.text.length - 2);
    if (start > 0 && end > start) return message.text.slice(start, end + 1);
  }
  return JSON.stringify(JSON.parse(message.text).data);
}

module.exports = { loadCaptures, loadCaptureFile, payloadText, channelOf, localMs };
