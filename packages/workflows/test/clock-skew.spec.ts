import { TickColumnsBuilder, type TickEvent } from '@mml/market-data';
import { alignClocks } from '../src/market-ticks';

const trade = (ts: number, localTs: number): TickEvent => ({ kind: 'trade', ts, localTs, price: 100, qty: 1, aggressor: 'buy', id: ts });
const columns = (events: TickEvent[]) => {
  const b = new TickColumnsBuilder(16);
  for (const e of events) b.append(e);
  return b.finish();
};

describe('tick clocks (alignClocks, the stream sessions\' clock-skew rule)', () => {
  it('keeps the receive times of a live recording (feed latency of milliseconds)', () => {
    const c = columns([trade(1_000, 1_004.5), trade(2_000, 2_003)]);
    expect(alignClocks(c)).toBe('local');
    expect(Array.from(c.localTs)).toEqual([1_004.5, 2_003]);
  });

  it('drops them when the first trade was received more than 60 s from its exchange time (a mock replaying an old capture)', () => {
    const c = columns([trade(1_000, 1_000 + 61_000), trade(2_000, 2_000 + 61_000)]);
    expect(alignClocks(c)).toBe('exchange');
    expect(Array.from(c.localTs).every((x) => Number.isNaN(x))).toBe(true);
  });
});
