import { OrderBook } from './order-book';

// Binance futures rules: drop u < lastUpdateId (a diff ending exactly at the snapshot is kept), the
// first kept diff has U <= lastUpdateId <= u, then pu chains. The sorted-array book used the spot
// rule for the first diff and stopped on the shared USD-M ETHUSDT capture (found by the book bench).
describe('OrderBook (futures first diff after the snapshot)', () => {
  it('applies a diff ending exactly at the snapshot id and then follows the pu chain', () => {
    const book = new OrderBook('futures', 'test');
    book.applySnapshot({ kind: 'book', ts: 1, bids: [[100, 1]], asks: [[101, 1]], updateId: 50 });
    const first = { kind: 'depth' as const, ts: 2, firstUpdateId: 45, lastUpdateId: 50, prevLastUpdateId: 44, bids: [[100, 3]] as Array<[number, number]>, asks: [] };
    expect(book.applyDiff(first)).toBe('applied');
    expect(book.bestBid()).toEqual([100, 3]);
    // Futures ids skip: U may be far above the previous u; only pu must equal it.
    expect(book.applyDiff({ kind: 'depth', ts: 3, firstUpdateId: 60, lastUpdateId: 62, prevLastUpdateId: 50, bids: [], asks: [[101, 0.5]] })).toBe('applied');
    expect(book.bestAsk()).toEqual([101, 0.5]);
    const spot = new OrderBook('spot', 'test');
    spot.applySnapshot({ kind: 'book', ts: 1, bids: [[100, 1]], asks: [[101, 1]], updateId: 50 });
    expect(spot.applyDiff({ ...first, prevLastUpdateId: undefined })).toBe('stale');
  });
});
