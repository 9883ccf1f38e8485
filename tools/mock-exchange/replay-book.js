// The exchange's own order book during a capture replay: the capture's REST snapshot plus every
// depth diff that ends after it (delivered or dropped by a fault: the exchange moves on either way),
// so a REST depth request at any moment returns a snapshot consistent with the diffs that follow it.
// Diffs recorded before the snapshot line count too: the collector received them while its REST
// request was in flight, and the one that brackets the snapshot's id changes the book after it
// (Binance's procedure applies it; spot BTCUSDT 2024-08-08 line 6 deletes a bid the line-8 snapshot
// still lists).
'use strict';

class ReplayBook {
  /** @param {'spot' | 'usdm' | 'coinm'} market */
  constructor(market) {
    this.market = market;
    /** @type {Map<string, string>} price text -> quantity text, as the capture wrote them */
    this.bids = new Map();
    this.asks = new Map();
    /** lastUpdateId of the state (undefined until the capture's snapshot has been replayed) */
    this.lastUpdateId = undefined;
    this.E = undefined;
    this.T = undefined;
    /** The capture's snapshot text until the next diff after it (served verbatim), and its levels a side */
    this.verbatim = undefined;
    this.verbatimLevels = 0;
    /** Extra keys of the capture's snapshot (COIN-M: symbol, pair), kept in rebuilt snapshots */
    this.extra = {};
    /** Diffs replayed before the first snapshot (bounded), applied after it by Binance's rule */
    this.early = [];
  }

  get known() {
    return this.lastUpdateId !== undefined;
  }

  /** @param {string} text the REST snapshot line's JSON */
  applySnapshot(text) {
    const s = JSON.parse(text);
    this.bids = new Map(s.bids.map(([p, q]) => [p, q]));
    this.asks = new Map(s.asks.map(([p, q]) => [p, q]));
    this.lastUpdateId = Number(s.lastUpdateId);
    this.E = s.E;
    this.T = s.T;
    this.extra = {};
    for (const key of ['symbol', 'pair']) if (s[key] !== undefined) this.extra[key] = s[key];
    for (const diff of this.early.splice(0)) this.applyDiff(diff);
    // Answered as the capture's text while no later diff has arrived: a client holding the earlier
    // diffs (it received them too) syncs from it exactly as the collector did.
    this.verbatim = text;
    this.verbatimLevels = Math.max(s.bids.length, s.asks.length);
  }

  /** Binance's rule: diffs older than the state are skipped (spot: u <= id; futures: u < id). */
  applyDiff(data) {
    if (!this.known) {
      if (this.early.length >= MAX_EARLY_DIFFS) this.early.shift();
      this.early.push(data);
      return;
    }
    const u = Number(data.u);
    if (this.market === 'spot' ? u <= this.lastUpdateId : u < this.lastUpdateId) return;
    for (const [p, q] of data.b) setLevel(this.bids, p, q);
    for (const [p, q] of data.a) setLevel(this.asks, p, q);
    this.lastUpdateId = u;
    this.E = data.E;
    this.T = data.T;
    this.verbatim = undefined;
  }

  /** The REST depth body for `limit` levels a side: the capture's own text while untouched. */
  snapshotText(limit) {
    if (this.verbatim !== undefined && limit >= this.verbatimLevels) return this.verbatim;
    const side = (levels, descending) =>
      [...levels.entries()].sort((a, b) => (descending ? Number(b[0]) - Number(a[0]) : Number(a[0]) - Number(b[0]))).slice(0, limit);
    const body = this.market === 'spot' ? { lastUpdateId: this.lastUpdateId } : { lastUpdateId: this.lastUpdateId, E: this.E, T: this.T, ...this.extra };
    body.bids = side(this.bids, true);
    body.asks = side(this.asks, false);
    return JSON.stringify(body);
  }
}

/** Pre-snapshot diffs kept (the shared captures have at most a few dozen before their snapshot). */
const MAX_EARLY_DIFFS = 10_000;

function setLevel(side, price, qty) {
  if (Number(qty) === 0) side.delete(price);
  else side.set(price, qty);
}

module.exports = { ReplayBook };
