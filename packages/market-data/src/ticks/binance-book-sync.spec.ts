import { DataError } from '@mml/core';
import { BinanceBookSync, inferTickSize } from './binance-book-sync';

describe('BinanceBookSync (Binance snapshot + diff rules)', () => {
  const loaded = (market: 'spot' | 'futures', id = 100): BinanceBookSync => {
    const s = new BinanceBookSync(market, 0.1);
    s.beginSnapshot(id);
    s.bid(10.0, 1);
    s.ask(10.1, 2);
    return s;
  };

  it('spot: drops u <= lastUpdateId, needs U <= lastUpdateId + 1 first, then U == previous u + 1', () => {
    const s = loaded('spot');
    expect(s.offerDiff(90, 100, NaN)).toBe('stale');
    expect(s.offerDiff(99, 103, NaN)).toBe('apply');
    s.diffApplied(103);
    expect(s.offerDiff(104, 110, NaN)).toBe('apply');
    s.diffApplied(110);
    expect(s.offerDiff(112, 115, NaN)).toBe('break'); // 111 missing
    expect(s.synced).toBe(false);
    expect(s.offerDiff(116, 120, NaN)).toBe('unsynced');
    expect(loaded('spot').offerDiff(102, 105, NaN)).toBe('break'); // first diff leaves a gap after the snapshot
    expect(s.stats).toMatchObject({ diffsApplied: 2, diffsStale: 1, breaks: 1 });
  });

  it('futures: drops u < lastUpdateId, applies a first diff with U <= lastUpdateId <= u, then follows pu', () => {
    const s = loaded('futures');
    expect(s.offerDiff(95, 99, 94)).toBe('stale');
    expect(s.offerDiff(98, 100, 97)).toBe('apply'); // u == lastUpdateId is kept on futures (dropped on spot)
    s.diffApplied(100);
    expect(s.offerDiff(130, 140, 100)).toBe('apply'); // ids may skip; pu must equal the previous u
    s.diffApplied(140);
    expect(s.offerDiff(141, 150, 139)).toBe('break');
    expect(loaded('spot').offerDiff(98, 100, NaN)).toBe('stale');
    expect(loaded('futures').offerDiff(101, 105, 100)).toBe('break');
  });

  it('a break marks the book out of sync until the next snapshot, which counts as a resync', () => {
    const s = loaded('futures');
    expect(s.offerDiff(101, 105, 999)).toBe('break');
    s.beginSnapshot(200);
    expect(s.synced).toBe(true);
    expect(s.stats).toMatchObject({ snapshots: 2, breaks: 1, resyncs: 1 });
    expect(s.book.levelCount('bid') + s.book.levelCount('ask')).toBe(0); // the old book is gone
  });

  it('keeps prices as exact ticks and refuses a price off the grid', () => {
    const s = loaded('spot');
    s.bid(28145.1, 3);
    expect(s.book.bestBidTicks()).toBe(281451);
    expect(() => s.bid(28145.15, 1)).toThrow(DataError);
    expect(() => s.bid(28145.15, 1)).toThrow('price 28145.15 is not on the tick 0.1');
  });

  it('infers the tick from the finest decimal step of the snapshot prices', () => {
    expect(inferTickSize([28145.1, 28145.0, 5000])).toBe(0.1);
    expect(inferTickSize([1.214, 1.21])).toBe(0.001);
    expect(inferTickSize([61837.63, 61837.6])).toBe(0.01);
    expect(inferTickSize([100, 200])).toBe(1);
    const s = new BinanceBookSync('spot');
    expect(() => s.beginSnapshot(1, [])).toThrow('cannot infer the tick size: empty snapshot');
    s.beginSnapshot(1, [1.214, 1.21]);
    expect(s.tick).toBe(0.001);
  });
});
