import { BINANCE_BTCUSDT_USDM_PERP, Instrument } from '@mml/core';
import { MarketMakingEngine } from './engine';
import { runBacktest } from './run-backtest';
import { BTC, NO_FEES, ScriptedStrategy, bbo, candle, intent, trade } from './testing.test-helpers';

/** Issue 11 item 1: a long market maker must be able to unwind; every run says why levels were dropped and how long each side quoted. */
describe('inventory-reducing quotes and the edge filter', () => {
  // Maker fee 10 bps (BTC): with minEdgeBps 0 an ask must be >= 10 bps above mid.
  const askInside = () => new ScriptedStrategy(() => intent([[9_995, 10_000]], [[10_005, 10_000]]));

  it('moves an inventory-reducing ask inside the fee out to the nearest price the filter passes, instead of dropping it', () => {
    const strategy = askInside();
    const engine = new MarketMakingEngine(BTC, strategy, { quoteBudget: 1000, initialInventory: 1 });
    engine.onEvent(candle(0, 100, 100, 100, 100));
    const step = engine.flush();
    // Long 1 BTC: the ask 5 bps over mid reduces |inventory| -> moved to 100 x 1.001 = 100.10; the bid (increases it) is dropped.
    expect(engine.openOrders().map((o) => [o.side, o.priceTicks])).toEqual([['sell', 10_010]]);
    expect(step.rejectedLevels).toEqual({ edge: 1, inventory: 0, balance: 0, postOnly: 0, minNotional: 0, lot: 0 });
  });

  it('passes it unchanged with reduceOnlyBypass', () => {
    const engine = new MarketMakingEngine(BTC, askInside(), { quoteBudget: 1000, initialInventory: 1, risk: { reduceOnlyBypass: true } });
    engine.onEvent(candle(0, 100, 100, 100, 100));
    engine.flush();
    expect(engine.openOrders().map((o) => [o.side, o.priceTicks])).toEqual([['sell', 10_005]]);
  });

  it('short (allowShort): the reducing side is the bid, moved down to 100 / 1.001 floored', () => {
    // Sells 0.1 BTC while flat (ask 100.10, filled by a bar trading above it), then wants a bid 5 bps under mid.
    const seller = new ScriptedStrategy((_e, ctx) => (ctx.inventoryLots === 0 ? intent([], [[10_010, 10_000]]) : intent([[9_995, 10_000]], [])));
    const engine = new MarketMakingEngine(BTC, seller, { quoteBudget: 1000, allowShort: true });
    engine.onEvent(candle(0, 100, 100, 100, 100));
    engine.onEvent(candle(60_000, 100, 100.2, 100, 100));
    expect(engine.ledger.inventoryLots).toBe(-10_000);
    engine.flush();
    expect(engine.openOrders().map((o) => [o.side, o.priceTicks])).toEqual([['buy', 9_990]]);
  });
});

describe('starting position', () => {
  it('startBaseFraction converts that share of the budget to base at the first mid (no fee), so both sides quote from the start', () => {
    const strategy = new ScriptedStrategy(() => intent([[9_980, 10_000]], [[10_020, 10_000]]));
    const engine = new MarketMakingEngine(BTC, strategy, { quoteBudget: 10_000, startBaseFraction: 0.5 });
    engine.onEvent(candle(0, 100, 100, 100, 100));
    expect(engine.ledger.inventoryLots).toBe(5_000_000); // 50 BTC
    expect(engine.ledger.cash).toBeCloseTo(5_000, 9);
    expect(engine.context.initialEquity).toBeCloseTo(10_000, 9);
    expect(engine.ledger.initialInventoryLots).toBe(5_000_000);
    engine.flush();
    expect(engine.openOrders().map((o) => o.side).sort()).toEqual(['buy', 'sell']);
    const without = new MarketMakingEngine(BTC, strategy, { quoteBudget: 10_000 });
    without.onEvent(candle(0, 100, 100, 100, 100));
    without.flush();
    expect(without.openOrders().map((o) => o.side)).toEqual(['buy']);
  });
});

describe('perpetual instrument', () => {
  it('quotes the USD-M perp short from a flat start with allowShort, on its 0.1 tick / 0.001 lot grid and 2 bps maker fee', () => {
    const perp = new Instrument(BINANCE_BTCUSDT_USDM_PERP);
    // 0.01 BTC at 30 030.0 = 300.3 USDT (>= 100 min notional); 3 bps out clears the 2 bps maker fee.
    const strategy = new ScriptedStrategy(() => intent([[299_910, 10]], [[300_090, 10]]));
    const result = runBacktest({
      events: [candle(0, 30_000, 30_000, 30_000, 30_000), candle(60_000, 30_000, 30_010, 29_995, 30_000), candle(120_000, 30_000, 30_000, 29_990, 30_000)],
      instrument: perp,
      strategy,
      config: { quoteBudget: 10_000, allowShort: true, candle: { queueHaircut: 0, participationCap: 1 } },
    });
    expect(result.fills.map((f) => [f.side, f.priceTicks, f.sizeLots])).toEqual([['sell', 300_090, 10], ['buy', 299_910, 10]]);
    expect(result.metrics.fees).toBeCloseTo((300.09 + 299.91) * 0.0002, 9);
    expect(result.metrics.pnl).toBeCloseTo(0.18 - 0.12, 9);
  });
});

describe('run reporting: rejected levels by reason, per-side uptime, buy/sell fills', () => {
  it('counts each dropped level once, under the first check it fails', () => {
    const strategy = new ScriptedStrategy(() =>
      intent(
        [
          [9_999.5, 1_000], // lot: price not a whole tick
          [9_990, 30], // minNotional: 0.0003 BTC x 99.90 = 3 USDT < 5
          [9_995, 10_000], // edge: 5 bps under mid, fee 10 bps
          [9_980, 20_000_000], // 200 BTC: clipped to what the 1000 USDT buys, so kept
          [9_970, 10_000], // balance: the cash is all reserved by the level above
        ],
        [[10_050, 10_000]], // balance: no base held on spot
      ),
    );
    const engine = new MarketMakingEngine(BTC, strategy, { quoteBudget: 1000, risk: { hardInventoryLimit: 100, softInventoryLimit: 100 } });
    engine.onEvent(candle(0, 100, 100, 100, 100));
    engine.flush();
    expect(engine.metrics().rejectedLevels).toEqual({ edge: 1, inventory: 0, balance: 2, postOnly: 0, minNotional: 1, lot: 1 });

    // inventory: the hard limit leaves no room for a bid.
    const full = new ScriptedStrategy(() => intent([[9_990, 10_000]], []));
    const capped = new MarketMakingEngine(NO_FEES, full, { fillModel: 'trade', quoteBudget: 100, initialInventory: 1, risk: { hardInventoryLimit: 0.5, softInventoryLimit: 0.5 } });
    capped.onEvent(bbo(0, 99.99, 1, 100.01, 1));
    capped.flush();
    expect(capped.metrics().rejectedLevels).toEqual({ edge: 0, inventory: 1, balance: 0, postOnly: 0, minNotional: 0, lot: 0 });
    // postOnly: a bid at the best ask.
    const crossing = new MarketMakingEngine(NO_FEES, new ScriptedStrategy(() => intent([[10_001, 10_000]], [])), { fillModel: 'trade', risk: { minEdgeBps: -10_000 } });
    crossing.onEvent(bbo(0, 99.99, 1, 100.01, 1));
    crossing.flush();
    expect(crossing.metrics().rejectedLevels).toEqual({ edge: 0, inventory: 0, balance: 0, postOnly: 1, minNotional: 0, lot: 0 });
  });

  it('reports the share of time each side had a live quote, and buy / sell fills', () => {
    // Bid always wanted; ask only from the second half of the run (once inventory is held).
    const strategy = new ScriptedStrategy((_e, ctx) => (ctx.inventoryLots > 0 ? intent([[9_900, 10_000]], [[10_100, 10_000]]) : intent([[9_900, 10_000]], [])));
    const events = [trade(0, 100, 1, 'buy'), trade(1_000, 98, 1, 'sell'), trade(2_000, 100, 1, 'buy'), trade(3_000, 100, 1, 'buy'), trade(4_000, 102, 1, 'buy')];
    const m = runBacktest({ events, instrument: NO_FEES, strategy, config: { fillModel: 'trade', orderLatencyMs: 0, risk: { minEdgeBps: -10_000 } } }).metrics;
    // Bid live over [0, 1000) and [2000, 4000): at the 1000 decision (after its fill) 99.00 is above the last trade 98 (post-only).
    expect(m.bidUptime).toBeCloseTo(0.75, 12);
    expect(m.rejectedLevels.postOnly).toBe(1);
    // Ask live from the decision at 1000 (after the buy) to the end: 3000 of 4000 ms.
    expect(m.askUptime).toBeCloseTo(0.75, 12);
    expect([m.buyFills, m.sellFills]).toEqual([1, 1]);
  });
});
