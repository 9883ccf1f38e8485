// The exchange's own order book during a capture replay: the capture's REST snapshot plus every
// depth diff replayed since (delivered or dropped by a fault: the exchange moves on either way), so a
// REST depth request at any moment returns a snapshot consistent with the diffs that follow it.
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
    /** The capture's snapshot text while no diff has changed it (served verbatim) */
    this.verbatim = undefined;
    /** Extra keys of the capture's snapshot (COIN-M: symbol, pair), kept in rebuilt snapshots */
    this.extra = {};
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
    this.verbatim = text;
  }

  /** Binance's rule: diffs older than the state are skipped (spot: u <= id; futures: u < id). */
  applyDiff(data) {
    if (!this.known) return;
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
    if (this.verbatim !== undefined && limit >= Math.max(this.bids.size, this.asks.size)) return this.verbatim;
    const side = (levels, descending) =>
      [...levels.entries()].sort((a, b) => (descending ? Number(b[0]) - Number(a[0]) : Number(a[0]) - Number(b[0]))).slice(0, limit);
    const body = this.market === 'spot' ? { lastUpdateId: this.lastUpdateId } : { lastUpdateId: this.lastUpdateId, E: this.E, T: this.T, ...this.extra };
    body.bids = side(this.bids, true);
    body.asks = side(this.asks, false);
    return JSON.stringify(body);
  }
}

function setLevel(side, price, qty) {
  if (Number(qty) === 0) side.delete(price);
  else side.set(price, qty);
}

module.exports = { ReplayBook };
