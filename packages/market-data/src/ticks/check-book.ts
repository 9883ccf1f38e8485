import { DataError } from '@mml/core';
import { BinanceBookSync, type BookSyncStats, type DepthMarket } from './binance-book-sync';
import { detectDepthMarket, hasSnapshot, replayDepth } from './book-replay';
import type { TickColumns } from './tick-columns';

export interface BookCheckMismatch {
  /** Index of the bookTicker event in the stream. */
  event: number;
  updateId: number;
  localTs: number;
  expected: string;
  rebuilt: string;
}

export interface BookCheckResult {
  market: DepthMarket;
  tickSize: number;
  /** bookTicker updates whose update id (futures: and transaction time) name a rebuilt book state. */
  compared: number;
  matched: number;
  /** bookTicker updates with no rebuilt state to compare (their id falls inside a diff, or the book was out of sync). */
  notComparable: number;
  /** First mismatches (all are counted in compared − matched). */
  mismatches: BookCheckMismatch[];
  sync: BookSyncStats;
  crossedStates: number;
}

/**
 * Rebuilds the L2 book of a capture and compares its top of book with every bookTicker that names
 * a state of it. A bookTicker with update id u is comparable when a diff ends at u (the book is then
 * known exactly at u; ids inside a diff's [U, u] are intermediate states no diff shows). Spot:
 * matched by update id. Futures: by update id and transaction time T (E is each stream's push time
 * and differs between depth and bookTicker for the same update). A match needs equal best bid and
 * ask prices (in ticks) and equal quantities.
 *
 * Throws a DataError when the capture has no depth snapshot (the L2 book cannot be rebuilt) or no
 * diffs.
 */
export function checkBook(c: TickColumns, source: string, options: { tickSize?: number; maxMismatches?: number } = {}): BookCheckResult {
  const market = detectDepthMarket(c);
  if (!hasSnapshot(c)) {
    throw new DataError({ source }, 'no REST depth snapshot in the capture: the L2 book cannot be rebuilt from diffs alone (its trades and bookTicker are still usable)');
  }
  if (market === undefined) throw new DataError({ source }, 'no depth diffs in the capture: nothing to rebuild');
  const sync = new BinanceBookSync(market, options.tickSize, source);
  const book = sync.book;
  const futures = market === 'futures';
  const maxMismatches = options.maxMismatches ?? 20;
  const result: BookCheckResult = { market, tickSize: NaN, compared: 0, matched: 0, notComparable: 0, mismatches: [], sync: sync.stats, crossedStates: 0 };

  // Recent book states by the u they reflect (a bookTicker may arrive after its diff).
  const RING = 1 << 14;
  const ringU = new Float64Array(RING).fill(NaN);
  const ringT = new Float64Array(RING);
  const ringTop = new Float64Array(RING * 4);
  let ringNext = 0;
  // bookTickers that arrived before the book reached their id, in arrival (= id) order.
  const pending: number[] = [];
  let pendingHead = 0;

  const compare = (i: number, bidTicks: number, bidQty: number, askTicks: number, askQty: number, transactTs: number): void => {
    result.compared++;
    const tBid = sync.ticks(c.v0[i]);
    const tAsk = sync.ticks(c.v2[i]);
    const sameTime = !futures || transactTs === c.transactTs[i];
    if (sameTime && tBid === bidTicks && c.v1[i] === bidQty && tAsk === askTicks && c.v3[i] === askQty) {
      result.matched++;
      return;
    }
    if (result.mismatches.length < maxMismatches) {
      const tick = sync.tick;
      const show = (b: number, bq: number, a: number, aq: number, t: number) => `${fmt(b * tick)} x ${bq} / ${fmt(a * tick)} x ${aq}${futures ? ` T=${t}` : ''}`;
      result.mismatches.push({
        event: i,
        updateId: c.id[i],
        localTs: c.localTs[i],
        expected: show(tBid, c.v1[i], tAsk, c.v3[i], c.transactTs[i]),
        rebuilt: show(bidTicks, bidQty, askTicks, askQty, transactTs),
      });
    }
  };

  replayDepth(c, sync, {
    onDiffApplied(i) {
      const u = c.id2[i];
      const bid = book.bestBidTicks();
      const ask = book.bestAskTicks();
      if (bid >= ask) result.crossedStates++;
      const slot = ringNext++ & (RING - 1);
      ringU[slot] = u;
      ringT[slot] = c.transactTs[i];
      ringTop[slot * 4] = bid;
      ringTop[slot * 4 + 1] = book.bestBidQty();
      ringTop[slot * 4 + 2] = ask;
      ringTop[slot * 4 + 3] = book.bestAskQty();
      while (pendingHead < pending.length) {
        const p = pending[pendingHead];
        const pu = c.id[p];
        if (pu > u) break;
        pendingHead++;
        if (pu === u) compare(p, bid, book.bestBidQty(), ask, book.bestAskQty(), c.transactTs[i]);
        else result.notComparable++;
      }
      if (pendingHead > 4096) {
        pending.splice(0, pendingHead);
        pendingHead = 0;
      }
    },
    onTicker(i) {
      const u = c.id[i];
      if (u !== u) return;
      if (sync.synced && u <= sync.lastUpdateId) {
        // Look back for the state at u among recent diffs.
        for (let k = 1; k <= RING && k <= ringNext; k++) {
          const slot = (ringNext - k) & (RING - 1);
          const ru = ringU[slot];
          if (ru === u) {
            compare(i, ringTop[slot * 4], ringTop[slot * 4 + 1], ringTop[slot * 4 + 2], ringTop[slot * 4 + 3], ringT[slot]);
            return;
          }
          if (ru < u) break;
        }
        result.notComparable++;
        return;
      }
      pending.push(i);
    },
  });
  result.notComparable += pending.length - pendingHead;
  result.tickSize = sync.tick;
  return result;
}

function fmt(x: number): string {
  return String(Number(x.toPrecision(12)));
}
