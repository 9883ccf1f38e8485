import { SeededRandom } from '../random';
import { DenseOrderBook, type BookSide } from './dense-order-book';

/** A plain reference book (maps + sorts) the dense book must agree with after every update. */
class ReferenceBook {
  readonly levels = { bid: new Map<number, number>(), ask: new Map<number, number>() };
  apply(side: BookSide, price: number, qty: number): void {
    if (qty === 0) this.levels[side].delete(price);
    else this.levels[side].set(price, qty);
  }
  sorted(side: BookSide): Array<[number, number]> {
    const entries = [...this.levels[side].entries()];
    return entries.sort((a, b) => (side === 'bid' ? b[0] - a[0] : a[0] - b[0]));
  }
}

function walk(book: DenseOrderBook, side: BookSide): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const first = side === 'bid' ? book.bestBidTicks() : book.bestAskTicks();
  for (let p = first; !Number.isNaN(p); p = book.nextLevelTicks(side, p)) out.push([p, book.qtyAt(side, p)]);
  return out;
}

describe('DenseOrderBook', () => {
  it('keeps the touch, quantities and level order of a hand-made book', () => {
    const book = new DenseOrderBook();
    expect(book.bestBidTicks()).toBeNaN();
    expect(book.bestAskQty()).toBe(0);
    book.apply('bid', 100, 5);
    book.apply('bid', 98, 7);
    book.apply('ask', 101, 3);
    book.apply('ask', 104, 1);
    expect([book.bestBidTicks(), book.bestBidQty(), book.bestAskTicks(), book.bestAskQty()]).toEqual([100, 5, 101, 3]);
    book.apply('bid', 100, 0); // the best bid leaves: the next one below becomes the touch
    expect(book.bestBidTicks()).toBe(98);
    book.apply('ask', 101, 0);
    expect(book.bestAskTicks()).toBe(104);
    expect(book.qtyAt('bid', 98)).toBe(7);
    expect(book.qtyAt('bid', 99)).toBe(0);
    book.apply('ask', 50_000, 2); // far outside the first window: the window grows and keeps every level
    expect(walk(book, 'ask')).toEqual([[104, 1], [50_000, 2]]);
    expect(walk(book, 'bid')).toEqual([[98, 7]]);
    const seen: number[] = [];
    expect(book.forEachLevel('ask', 1, (p) => void seen.push(p))).toBe(1);
    expect(seen).toEqual([104]);
    book.clear();
    expect([book.levelCount('bid'), book.levelCount('ask')]).toEqual([0, 0]);
    expect(book.bestAskTicks()).toBeNaN();
  });

  it('agrees with a reference book on 30,000 random updates with a drifting touch', () => {
    const rng = new SeededRandom(3);
    const book = new DenseOrderBook({ initialWindowTicks: 16 });
    const ref = new ReferenceBook();
    let mid = 1_000_000;
    for (let n = 0; n < 30_000; n++) {
      mid += Math.floor(rng.uniform() * 7) - 3;
      const side: BookSide = rng.uniform() < 0.5 ? 'bid' : 'ask';
      const offset = 1 + Math.floor(rng.uniform() * rng.uniform() * 200);
      const price = side === 'bid' ? mid - offset : mid + offset;
      const qty = rng.uniform() < 0.4 ? 0 : 1 + Math.floor(rng.uniform() * 100);
      book.apply(side, price, qty);
      ref.apply(side, price, qty);
      const bestBid = ref.levels.bid.size ? Math.max(...ref.levels.bid.keys()) : NaN;
      const bestAsk = ref.levels.ask.size ? Math.min(...ref.levels.ask.keys()) : NaN;
      // Checked by hand (not expect) on every update to keep 30,000 comparisons fast.
      if (!Object.is(book.bestBidTicks(), bestBid)) throw new Error(`best bid differs at update ${n}`);
      if (!Object.is(book.bestAskTicks(), bestAsk)) throw new Error(`best ask differs at update ${n}`);
      if (book.bestBidQty() !== (ref.levels.bid.get(bestBid) ?? 0)) throw new Error(`best bid qty differs at update ${n}`);
      if (book.bestAskQty() !== (ref.levels.ask.get(bestAsk) ?? 0)) throw new Error(`best ask qty differs at update ${n}`);
      if (n % 1000 === 0) {
        expect(walk(book, 'bid')).toEqual(ref.sorted('bid'));
        expect(walk(book, 'ask')).toEqual(ref.sorted('ask'));
      }
    }
    expect(book.ignoredOutsideWindow).toBe(0);
    expect(book.droppedOnRecentre).toBe(0);
  });

  it('re-centres on the touch at its maximum window, forgetting only far levels and counting them', () => {
    const book = new DenseOrderBook({ initialWindowTicks: 16, maxWindowTicks: 64 });
    book.apply('bid', 1000, 1);
    book.apply('ask', 1001, 1);
    book.apply('bid', 980, 2); // fits after growing
    expect(book.qtyAt('bid', 980)).toBe(2);
    book.apply('ask', 1030, 4); // span 51 > 64/2: re-centre on the touch, keeps 980..1030
    expect(book.qtyAt('ask', 1030)).toBe(4);
    book.apply('ask', 5000, 9); // far beyond the largest window: ignored and counted
    expect(book.qtyAt('ask', 5000)).toBe(0);
    expect(book.ignoredOutsideWindow).toBe(1);
    expect([book.bestBidTicks(), book.bestAskTicks()]).toEqual([1000, 1001]);
    expect(book.levelCount('bid') + book.levelCount('ask')).toBe(4 - book.droppedOnRecentre);
  });
});
