import {
  BINANCE_BTCUSDT_SPOT,
  Instrument,
  type BestBidAskEvent,
  type CandleEvent,
  type Fill,
  type MarketEvent,
  type QuoteIntent,
  type Side,
  type Strategy,
  type StrategyContext,
  type TradeEvent,
} from '@mml/core';

/** BTC/USDT spot grid (tick 0.01, lot 0.00001, min notional 5) with 0.1% fees. */
export const BTC = new Instrument(BINANCE_BTCUSDT_SPOT);
/** Same grid without fees, so fill arithmetic is easy to read in tests. */
export const NO_FEES = new Instrument({ ...BINANCE_BTCUSDT_SPOT, makerFee: '0', takerFee: '0' });
/** Same grid with a 0.01% maker rebate and 0.05% taker fee. */
export const REBATE = new Instrument({ ...BINANCE_BTCUSDT_SPOT, makerFee: '-0.0001', takerFee: '0.0005' });

export function candle(openTime: number, open: number, high: number, low: number, close: number, volume = 10, durationMs = 60_000): CandleEvent {
  return { kind: 'candle', ts: openTime + durationMs, openTime, durationMs, open, high, low, close, volume };
}

export function trade(ts: number, price: number, qty: number, aggressor: Side, id = ts): TradeEvent {
  return { kind: 'trade', ts, price, qty, aggressor, id };
}

export function bbo(ts: number, bidPrice: number, bidQty: number, askPrice: number, askQty: number): BestBidAskEvent {
  return { kind: 'bbo', ts, bidPrice, bidQty, askPrice, askQty };
}

/** An intent from [priceTicks, sizeLots] pairs. */
export function intent(bids: [number, number][], asks: [number, number][], extra: Partial<QuoteIntent> = {}): QuoteIntent {
  return {
    bids: bids.map(([priceTicks, sizeLots]) => ({ priceTicks, sizeLots })),
    asks: asks.map(([priceTicks, sizeLots]) => ({ priceTicks, sizeLots })),
    ...extra,
  };
}

/** A strategy driven by a function; records every fill and a copy of every context it saw. */
export class ScriptedStrategy implements Strategy {
  readonly name = 'scripted';
  readonly fills: Fill[] = [];
  readonly seen: { now: number; inventoryLots: number; cash: number; equity: number; mid: number }[] = [];
  constructor(private readonly decide: (event: MarketEvent, ctx: StrategyContext) => QuoteIntent | undefined) {}
  onEvent(event: MarketEvent, ctx: StrategyContext): QuoteIntent | undefined {
    this.seen.push({ now: ctx.now, inventoryLots: ctx.inventoryLots, cash: ctx.cash, equity: ctx.equity, mid: ctx.mid });
    return this.decide(event, ctx);
  }
  onFill(fill: Fill): void {
    this.fills.push({ ...fill });
  }
}

/** Quotes a symmetric spread of `halfSpreadBps` around the mid with `size` base on each side. */
export function fixedSpread(halfSpreadBps: number, size: number): ScriptedStrategy {
  return new ScriptedStrategy((_event, ctx) => {
    const bid = ctx.instrument.floorTicks(ctx.mid * (1 - halfSpreadBps / 10_000));
    const ask = ctx.instrument.ceilTicks(ctx.mid * (1 + halfSpreadBps / 10_000));
    const lots = ctx.instrument.floorLots(size);
    return intent([[bid, lots]], [[ask, lots]]);
  });
}
