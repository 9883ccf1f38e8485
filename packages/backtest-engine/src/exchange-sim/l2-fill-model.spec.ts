import type { BookDeltaEvent, BookLevel, BookSnapshotEvent, MarketEvent, TradeEvent } from '@mml/core';
import { MarketMakingEngine } from '../engine';
import { NO_FEES, REBATE, ScriptedStrategy, bbo, intent, trade } from '../testing.test-helpers';
import { L2FillModel } from './l2-fill-model';

/** Hand-made L2 sequences on the BTC/USDT grid (tick 0.01, lot 0.00001 BTC: 0.1 BTC = 10 000 lots). */
const base = { fillModel: 'l2' as const, initialInventory: 1, risk: { minEdgeBps: -10_000 } };

function snapshot(ts: number, bids: BookLevel[], asks: BookLevel[], updateId = 100): BookSnapshotEvent {
  return { kind: 'book', ts, bids, asks, updateId };
}
let nextId = 1_000;
function depth(ts: number, bids: BookLevel[], asks: BookLevel[]): BookDeltaEvent {
  nextId++;
  return { kind: 'depth', ts, firstUpdateId: nextId, lastUpdateId: nextId, bids, asks };
}
const book = () => snapshot(1, [[99.99, 0.3], [99.98, 1]], [[100.01, 0.5], [100.02, 1]]);

/** Places [bid, ask] once on the first event, then leaves the orders alone. */
function quoteOnce(bid: number | undefined, ask: number | undefined, lots = 10_000) {
  let done = false;
  return new ScriptedStrategy(() => {
    if (done) return undefined;
    done = true;
    return intent(bid === undefined ? [] : [[bid, lots]], ask === undefined ? [] : [[ask, lots]]);
  });
}
const lotsFilled = (s: ScriptedStrategy, side?: 'buy' | 'sell') => s.fills.filter((f) => side === undefined || f.side === side).reduce((n, f) => n + f.sizeLots, 0);
function run(engine: MarketMakingEngine, events: MarketEvent[]): void {
  for (const e of events) engine.onEvent(e);
}

describe('L2 exchange simulator: queue position', () => {
  it('the queue ahead (the level size when we arrive) must trade before we fill; partial fills', () => {
    const s = quoteOnce(9_999, undefined);
    const engine = new MarketMakingEngine(NO_FEES, s, base);
    run(engine, [book(), trade(2, 99.99, 0.2, 'sell')]);
    expect(lotsFilled(s)).toBe(0); // 0.1 of the 0.3 ahead left
    engine.onEvent(trade(3, 99.99, 0.15, 'sell'));
    expect(s.fills.map((f) => [f.priceTicks, f.sizeLots, f.liquidity])).toEqual([[9_999, 5_000, 'maker']]);
    engine.onEvent(trade(4, 99.99, 1, 'sell'));
    expect(lotsFilled(s)).toBe(10_000);
  });

  it('the queue starts from the level when the order ARRIVES, not when it was decided', () => {
    const s = quoteOnce(9_999, undefined);
    const engine = new MarketMakingEngine(NO_FEES, s, { ...base, orderLatencyMs: 10 });
    engine.onEvent(book()); // decided at 1 behind 0.3; live at 11
    engine.onEvent(depth(5, [[99.99, 1]], [])); // others join before we get there
    engine.onEvent(trade(9, 99.99, 2, 'sell')); // before our arrival: nothing for us
    expect(lotsFilled(s)).toBe(0);
    engine.onEvent(depth(10, [[99.99, 0.9]], [])); // the book after that trade... as the feed shows it
    engine.onEvent(trade(12, 99.99, 0.95, 'sell')); // we arrived behind 0.9: 0.05 reaches us
    expect(lotsFilled(s)).toBe(5_000);
  });

  it('risk-averse (default): a depth decrease is a cancel behind us; power/log split it as hftbacktest does', () => {
    const fillsWith = (queueModel: 'risk-averse' | 'power' | 'log') => {
      const s = quoteOnce(9_999, undefined, 100_000);
      const engine = new MarketMakingEngine(NO_FEES, s, { ...base, l2: { queueModel, queuePower: 2 } });
      // We arrive behind 3 BTC; 1 more joins behind us; then 2 BTC are cancelled.
      run(engine, [snapshot(1, [[99.99, 3]], [[100.01, 1]]), depth(2, [[99.99, 4]], []), depth(3, [[99.99, 2]], []), trade(4, 99.99, 2, 'sell')]);
      return lotsFilled(s);
    };
    // risk-averse: ahead = min(3, 2) = 2, a trade of 2 leaves nothing for us.
    expect(fillsWith('risk-averse')).toBe(0);
    // power n=2: p(behind) = 1^2/(1^2+3^2) = 0.1, ahead = 3 - 0.9 x 2 = 1.2; trade 2 -> 0.8 BTC for us.
    expect(fillsWith('power')).toBe(80_000);
    // log: p = ln2/(ln2+ln4) = 1/3, ahead = 3 - (2/3) x 2 = 1.6667; trade 2 -> 0.33333 BTC.
    expect(fillsWith('log')).toBe(33_333);
  });

  it('a depth decrease that only reflects trades already counted does not move us twice', () => {
    const s = quoteOnce(9_999, undefined, 100_000);
    const engine = new MarketMakingEngine(NO_FEES, s, { ...base, l2: { queueModel: 'power' } });
    // Behind 3 (nobody behind); 1 trades (ahead 2); the feed then shows 2 left: no cancel happened.
    run(engine, [snapshot(1, [[99.99, 3]], [[100.01, 1]]), trade(2, 99.99, 1, 'sell'), depth(3, [[99.99, 2]], []), trade(4, 99.99, 2, 'sell')]);
    expect(lotsFilled(s)).toBe(0);
    engine.onEvent(trade(5, 99.99, 0.5, 'sell'));
    expect(lotsFilled(s)).toBe(50_000);
  });

  it('improving the touch puts us at the front; trades at other prices do not move us', () => {
    const s = quoteOnce(10_000, undefined);
    const engine = new MarketMakingEngine(NO_FEES, s, base);
    run(engine, [book(), trade(2, 100.01, 1, 'buy'), trade(3, 100.0, 0.04, 'sell')]);
    expect(lotsFilled(s)).toBe(4_000);
  });
});

describe('L2 exchange simulator: fills', () => {
  it('a trade through our price fills up to its quantity (default) or completely ("full")', () => {
    for (const [mode, expected] of [['trade-qty', 3_000], ['full', 10_000]] as const) {
      const s = quoteOnce(9_999, undefined);
      const engine = new MarketMakingEngine(NO_FEES, s, { ...base, l2: { tradeThroughFill: mode } });
      run(engine, [book(), trade(2, 99.98, 0.03, 'sell')]);
      expect(lotsFilled(s)).toBe(expected);
    }
  });

  it('one trade is shared by our orders: two orders never fill from the same quantity', () => {
    const s = new ScriptedStrategy((_e, ctx) => (ctx.now === 1 ? intent([[10_000, 10_000], [9_999, 10_000]], []) : undefined));
    const engine = new MarketMakingEngine(NO_FEES, s, base);
    run(engine, [book(), trade(2, 99.97, 0.15, 'sell')]);
    expect(s.fills.map((f) => [f.priceTicks, f.sizeLots])).toEqual([[10_000, 10_000], [9_999, 5_000]]);
  });

  it('the book crossing our order fills it up to the displayed crossing size, which is not used twice', () => {
    const s = new ScriptedStrategy((_e, ctx) => (ctx.now === 1 ? intent([], [[10_001, 10_000], [10_002, 10_000]]) : undefined));
    const engine = new MarketMakingEngine(NO_FEES, s, base);
    engine.onEvent(book());
    // A bid of 0.12 BTC appears at 100.02: it would have taken our asks at 100.01 and 100.02.
    engine.onEvent(depth(2, [[100.02, 0.12]], [[100.01, 0], [100.02, 0]]));
    expect(s.fills.map((f) => [f.priceTicks, f.sizeLots, f.liquidity])).toEqual([[10_001, 10_000, 'maker'], [10_002, 2_000, 'maker']]);
    engine.onEvent(depth(3, [[99.5, 1]], [])); // still crossed by the same 0.12: no more fills
    expect(lotsFilled(s)).toBe(12_000);
    engine.onEvent(depth(4, [[100.02, 0.2]], [])); // 0.08 more displayed at the crossing price
    expect(lotsFilled(s)).toBe(20_000);
  });

  it('crossFill off: the book crossing us fills nothing', () => {
    const s = quoteOnce(undefined, 10_001);
    const engine = new MarketMakingEngine(NO_FEES, s, { ...base, l2: { crossFill: false } });
    run(engine, [book(), depth(2, [[100.02, 1]], [[100.01, 0]])]);
    expect(lotsFilled(s)).toBe(0);
  });

  it('an order can fill until its cancel reaches the exchange (in-flight cancel)', () => {
    let calls = 0;
    const s = new ScriptedStrategy(() => {
      calls++;
      if (calls === 1) return intent([[9_999, 10_000]], []);
      if (calls === 2) return intent([], []); // cancel at t=20, reaches the exchange at 30
      return undefined;
    });
    const engine = new MarketMakingEngine(NO_FEES, s, { ...base, orderLatencyMs: 10 });
    run(engine, [book(), depth(20, [[99.97, 1]], []), trade(25, 99.98, 0.02, 'sell')]);
    expect(lotsFilled(s)).toBe(2_000); // the cancel was in flight
    engine.onEvent(trade(30, 99.98, 0.05, 'sell'));
    expect(lotsFilled(s)).toBe(2_000); // cancelled by now
    expect(engine.openOrders()).toHaveLength(0);
  });
});

describe('L2 exchange simulator: post-only and taker orders', () => {
  const movingAsk = (postOnly: boolean) => {
    const s = quoteOnce(10_001, undefined); // below the ask 100.02 when decided
    const engine = new MarketMakingEngine(REBATE, s, { ...base, orderLatencyMs: 10, orders: { postOnly } });
    engine.onEvent(snapshot(1, [[100.0, 1]], [[100.02, 1]]));
    engine.onEvent(depth(5, [], [[100.01, 0.06], [100.02, 0]])); // the ask comes down to our price before we arrive
    engine.onEvent(trade(12, 100.05, 0.01, 'buy')); // the first event after our arrival at 11
    return { s, engine };
  };

  it('a post-only order marketable when it ARRIVES is rejected (the strategy learns it after the response latency)', () => {
    const { s, engine } = movingAsk(true);
    expect(s.fills).toHaveLength(0);
    const updates = engine.step.orderUpdates.slice(0, engine.step.orderUpdateCount);
    expect(updates.map((u) => [u.kind, u.priceTicks])).toEqual([['reject', 10_001]]);
    expect(engine.openOrders()).toHaveLength(0);
    expect(engine.metrics().rejectedLevels.postOnly).toBe(1);
  });

  it('postOnly off: the marketable order takes liquidity walking the book (taker fee), the rest rests', () => {
    const { s } = movingAsk(false);
    expect(s.fills.map((f) => [f.priceTicks, f.sizeLots, f.liquidity])).toEqual([[10_001, 6_000, 'taker']]);
    expect(s.fills[0].fee).toBeGreaterThan(0);
  });

  it('a flatten walks the displayed bids level by level', () => {
    let calls = 0;
    const s = new ScriptedStrategy(() => (++calls === 1 ? { ...intent([], []), flatten: true } : undefined));
    const engine = new MarketMakingEngine(NO_FEES, s, { ...base, initialInventory: 1 });
    engine.onEvent(snapshot(1, [[100.0, 0.4], [99.99, 0.3], [99.97, 1]], [[100.01, 1]]));
    engine.onEvent(depth(3, [], [[100.05, 1]])); // the decision at 1 is sent; the market order arrives at 2
    const fills = engine.finish().fills;
    expect(fills.map((f) => [f.priceTicks, f.sizeLots, f.liquidity, f.reason])).toEqual([
      [10_000, 40_000, 'taker', 'flatten'],
      [9_999, 30_000, 'taker', 'flatten'],
      [9_997, 30_000, 'taker', 'flatten'],
    ]);
  });
});

describe('L2 exchange simulator: book range', () => {
  it('levels beyond bookRangeFraction of the touch are not kept: a flatten does not walk to them', () => {
    let calls = 0;
    const s = new ScriptedStrategy(() => (++calls === 1 ? { ...intent([], []), flatten: true } : undefined));
    const engine = new MarketMakingEngine(NO_FEES, s, { ...base, initialInventory: 1, risk: { minEdgeBps: -10_000, liquidationSlippageBps: 10 } });
    engine.onEvent(snapshot(1, [[100.0, 0.1], [50, 100]], [[100.01, 1]]));
    engine.onEvent(depth(3, [], [[100.05, 1]]));
    const fills = engine.finish().fills;
    // 0.1 at the touch; the 50.00 bid lies 50% away (default range 5%): the rest goes at the
    // pessimistic price of the other models, touch - 10 bps = 99.90.
    expect(fills.map((f) => [f.priceTicks, f.sizeLots])).toEqual([[10_000, 10_000], [9_990, 90_000]]);
  });
});

describe('L2 exchange simulator: clocks and latency', () => {
  it('response latency delays the fills (and balances) the strategy sees; the ledger books them at once', () => {
    const s = quoteOnce(9_999, undefined);
    const engine = new MarketMakingEngine(NO_FEES, s, { ...base, latency: { responseMs: 20 } });
    run(engine, [book(), trade(10, 99.98, 0.1, 'sell'), depth(15, [[99.5, 1]], [])]);
    expect(engine.ledger.inventoryLots).toBe(110_000); // the exchange filled us at 10
    expect(s.fills).toHaveLength(0); // but at 15 we do not know yet
    expect(s.seen[s.seen.length - 1].inventoryLots).toBe(100_000);
    engine.onEvent(depth(30, [[99.5, 2]], [])); // the report arrives at 10 + 20
    expect(s.fills.map((f) => [f.ts, f.sizeLots])).toEqual([[10, 10_000]]);
    expect(s.seen[s.seen.length - 1].inventoryLots).toBe(110_000);
  });

  it('events carrying local receive time: decide at local time, match on the exchange clock', () => {
    const s = quoteOnce(9_999, undefined);
    const engine = new MarketMakingEngine(NO_FEES, s, { ...base, orderLatencyMs: 10 });
    const t = (ts: number, localTs: number, price: number, qty: number): TradeEvent => ({ ...trade(ts, price, qty, 'sell'), localTs });
    // Snapshot made at exchange 100, received at 150: decision at 150, order at the exchange at 160.
    engine.onEvent({ ...book(), ts: 100, localTs: 150 });
    expect(s.seen[0].now).toBe(150);
    engine.onEvent(t(155, 205, 99.98, 0.05)); // happened at the exchange before our order got there
    expect(lotsFilled(s)).toBe(0);
    engine.onEvent(t(165, 215, 99.98, 0.05));
    expect(lotsFilled(s)).toBe(5_000);
  });

  it('a recorded latency file sets entry and response latency by interpolation', () => {
    const fs = jest.requireActual<typeof import('node:fs')>('node:fs');
    const os = jest.requireActual<typeof import('node:os')>('node:os');
    const path = jest.requireActual<typeof import('node:path')>('node:path');
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'latency-')), 'latency.csv');
    // Entry latency 10 ms for a request at 0, 40 ms for one at 2: at 1 it is 25 ms.
    fs.writeFileSync(file, 'request_ts,exchange_ts,response_ts\n0,10,15\n2,42,47\n');
    const s = quoteOnce(9_999, undefined);
    const engine = new MarketMakingEngine(NO_FEES, s, { ...base, latency: { file } });
    engine.onEvent(book());
    engine.flush(); // decided at 1: entry = 10 + (40 - 10) x 1/2 = 25 -> live at 26
    expect(engine.openOrders()[0].liveFromTs).toBe(26);
    engine.onEvent(trade(25, 99.98, 0.1, 'sell'));
    expect(engine.ledger.inventoryLots).toBe(100_000);
    engine.onEvent(trade(26, 99.98, 0.1, 'sell'));
    expect(engine.ledger.inventoryLots).toBe(110_000);
  });
});

describe('L2 exchange simulator: book sources', () => {
  it('ignores depth diffs before the first snapshot and older than it (u < lastUpdateId)', () => {
    const s = quoteOnce(undefined, undefined);
    const engine = new MarketMakingEngine(NO_FEES, s, base);
    engine.onEvent(depth(1, [[50, 1]], [[150, 1]]));
    engine.onEvent(snapshot(2, [[99.99, 1]], [[100.01, 1]], 5_000));
    engine.onEvent({ kind: 'depth', ts: 3, firstUpdateId: 4_000, lastUpdateId: 4_999, bids: [[100.0, 1]], asks: [] });
    expect(engine.context.bestBid).toBe(99.99);
    engine.onEvent({ kind: 'depth', ts: 4, firstUpdateId: 4_990, lastUpdateId: 5_001, bids: [[100.0, 1]], asks: [] });
    expect(engine.context.bestBid).toBe(100.0);
    expect((engine as unknown as { fillModel: L2FillModel }).fillModel.stats.ignoredDiffs).toBe(2);
  });

  it('with bookTicker alone the touch is known but a deeper level is not: only trade-throughs fill there', () => {
    const touch = quoteOnce(9_999, undefined);
    const e1 = new MarketMakingEngine(NO_FEES, touch, base);
    run(e1, [bbo(1, 99.99, 0.2, 100.01, 1), trade(2, 99.99, 0.25, 'sell')]);
    expect(lotsFilled(touch)).toBe(5_000); // joined behind the 0.2 shown at the touch
    const deep = quoteOnce(9_990, undefined);
    const e2 = new MarketMakingEngine(NO_FEES, deep, base);
    run(e2, [bbo(1, 99.99, 0.2, 100.01, 1), trade(2, 99.9, 0.5, 'sell')]);
    expect(lotsFilled(deep)).toBe(0); // queue at 99.90 unknown
    e2.onEvent(trade(3, 99.89, 0.01, 'sell'));
    expect(lotsFilled(deep)).toBe(1_000);
  });

  it('before any book is seen, no queue is assumed: a trade at our price fills nothing', () => {
    const s = quoteOnce(9_999, undefined);
    const engine = new MarketMakingEngine(NO_FEES, s, base);
    run(engine, [trade(1, 100, 0.1, 'buy'), trade(2, 99.99, 5, 'sell')]);
    expect(lotsFilled(s)).toBe(0);
  });
});
