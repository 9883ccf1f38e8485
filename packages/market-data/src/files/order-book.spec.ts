import { join } from 'node:path';
import type { BestBidAskEvent } from '@mml/core';
import { sharedDataDir } from '../paths';
import { OrderBook, type UpdateIdChain } from './order-book';
import { readBookTickerFile, readDepthFile } from './tick-files';

/** Rebuilds the book from a depth file and compares its top with every bookTicker of the same update id. */
async function rebuildAndCompare(prefix: string, chain: UpdateIdChain) {
  const dir = sharedDataDir();
  const tickers: BestBidAskEvent[] = [];
  for await (const t of readBookTickerFile(join(dir, `${prefix}_bookticker.csv.gz`))) tickers.push(t);
  const byId = new Map(tickers.map((t) => [t.updateId as number, t]));
  const book = new OrderBook(chain, prefix);
  let applied = 0;
  let matched = 0;
  let equal = 0;
  let crossed = 0;
  const check = () => {
    const bid = book.bestBid();
    const ask = book.bestAsk();
    if (bid && ask && bid[0] >= ask[0]) crossed++;
    const ticker = byId.get(book.lastUpdateId);
    if (!ticker) return;
    matched++;
    if (bid && ask && bid[0] === ticker.bidPrice && bid[1] === ticker.bidQty && ask[0] === ticker.askPrice && ask[1] === ticker.askQty) equal++;
  };
  for await (const event of readDepthFile(join(dir, `${prefix}_depth.csv.gz`))) {
    const outcomes = event.kind === 'book' ? book.applySnapshot(event) : [book.applyDiff(event)];
    for (const outcome of outcomes) {
      if (outcome === 'applied') {
        applied++;
        check();
      }
    }
  }
  return { applied, matched, equal, crossed, book };
}

describe('L2 book rebuilt from the shared tick data', () => {
  it('spot BTCUSDT: 6,493 diffs applied, top of book equals bookTicker at 1,072 / 1,072 matching update ids', async () => {
    const r = await rebuildAndCompare('binance_btcusdt_spot_2024-08-08', 'spot');
    expect(r.applied).toBe(6493);
    expect(r.matched).toBe(1072);
    expect(r.equal).toBe(1072);
    expect(r.crossed).toBe(0);
    const top = r.book.snapshot(5);
    expect(top.bids).toHaveLength(5);
    expect(top.bids[0][0]).toBeGreaterThan(top.bids[1][0]);
    expect(top.asks[0][0]).toBeLessThan(top.asks[1][0]);
  });

  it('USDⓈ-M perp: 6,547 diffs applied (pu chain), 629 / 629 equal', async () => {
    const r = await rebuildAndCompare('binance_usdm_btcusdt_perp_2024-08-08', 'futures');
    expect(r.applied).toBe(6547);
    expect(r.matched).toBe(629);
    expect(r.equal).toBe(629);
    expect(r.crossed).toBe(0);
  });

  it('throws when a diff is missing from the chain', () => {
    const book = new OrderBook('spot', 'test');
    book.applySnapshot({ kind: 'book', ts: 0, bids: [[100, 1]], asks: [[101, 1]], updateId: 10 });
    expect(book.applyDiff({ kind: 'depth', ts: 1, firstUpdateId: 5, lastUpdateId: 10, bids: [], asks: [] })).toBe('stale');
    expect(book.applyDiff({ kind: 'depth', ts: 2, firstUpdateId: 9, lastUpdateId: 12, bids: [[100, 0], [99, 2]], asks: [] })).toBe('applied');
    expect(book.bestBid()).toEqual([99, 2]);
    expect(() => book.applyDiff({ kind: 'depth', ts: 3, firstUpdateId: 14, lastUpdateId: 15, bids: [], asks: [] })).toThrow('test: update-id chain broken after 12');
  });
});
