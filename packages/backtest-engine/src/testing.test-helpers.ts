import {
  BINANCE_BTCUSDT_SPOT,
  BREAKER_TRIP,
  DiagnosticsSchema,
  QuoteDiagnostics,
  Instrument,
  SeededRandom,
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

/** Trades and touch updates of a random walk around 30 000 (tick 0.01): several events per ms now and then (sweeps), 6 USD touch jumps, 9 USD sweeps. */
export function randomTicks(n: number, seed: number): MarketEvent[] {
  const rng = new SeededRandom(seed);
  const out: MarketEvent[] = [];
  let mid = 3_000_000; // ticks (30 000.00)
  let ts = 1_700_000_000_000;
  for (let i = 0; i < n; i++) {
    ts += rng.int(3) * 7;
    const u = rng.uniform();
    if (u < 0.25) {
      mid += rng.bernoulli(0.5) ? 1 : -1;
      if (rng.bernoulli(0.05)) mid += rng.bernoulli(0.5) ? 600 : -600;
      out.push(bbo(ts, (mid - 1) / 100, 1 + rng.int(5), (mid + 1) / 100, 1 + rng.int(5)));
    } else {
      const sell = rng.bernoulli(0.5);
      const reach = rng.bernoulli(0.03) ? 900 : 1 + rng.int(3);
      out.push(trade(ts, (sell ? mid - reach : mid + reach) / 100, Math.max(0.00001, Math.round(rng.exponential(1 / 0.05) * 1e5) / 1e5), sell ? 'sell' : 'buy'));
    }
  }
  return out;
}

/** 1m candles of a quiet random walk around 30 000 (±3 USD a bar, wicks ~0.3 USD); every 7th bar closes where it opened. */
export function randomCandles(n: number, seed: number): MarketEvent[] {
  const rng = new SeededRandom(seed);
  const out: MarketEvent[] = [];
  let price = 30_000;
  for (let i = 0; i < n; i++) {
    const open = price;
    const close = i % 7 === 3 ? open : Math.round(open * (1 + 0.0001 * rng.normal()) * 100) / 100;
    const high = Math.round(Math.max(open, close) * (1 + 0.00001 * rng.exponential(1)) * 100) / 100;
    const low = Math.round(Math.min(open, close) * (1 - 0.00001 * rng.exponential(1)) * 100) / 100;
    out.push(candle(1_700_000_000_000 + i * 60_000, open, high, low, close, rng.exponential(1 / 20)));
    price = close;
  }
  return out;
}

/**
 * A quoter with what real formats have: an estimator fed by every trade that moves the quote only
 * now and then (a trade-price EWMA rounded to 5 ticks), inventory skew, a second level inside the
 * fee (rejected by the edge filter while it does not reduce inventory), asks beyond the base held
 * (balance rejections), a breaker flag, and fill bookkeeping. `split` exposes observe + quote;
 * otherwise the same logic runs in onEvent on every event.
 */
export function estimatorQuoter(split: boolean): Strategy & { quoteCalls: number; fills: number } {
  let ewma = NaN;
  let offsetTicks = 0;
  let fills = 0;
  const schema = new DiagnosticsSchema([BREAKER_TRIP], ['inventory']);
  const breakerSlot = schema.slot(BREAKER_TRIP);
  const inventoryReason = schema.reason('inventory');
  const intent: QuoteIntent = { bids: [], asks: [], diagnostics: new QuoteDiagnostics(schema) };
  const observe = (event: MarketEvent): boolean => {
    if (event.kind !== 'trade') return false;
    const price = event.price;
    ewma = Number.isNaN(ewma) ? price : 0.9 * ewma + 0.1 * price;
    const next = Math.round((ewma * 100) / 5) * 5 - Math.round((price * 100) / 5) * 5;
    if (next === offsetTicks) return false;
    offsetTicks = next;
    return true;
  };
  const quote = (ctx: StrategyContext): QuoteIntent => {
    self.quoteCalls++;
    const inst = ctx.instrument;
    const mid = inst.priceToTicks(ctx.mid);
    const skew = Math.round(ctx.inventoryLots / 2_000);
    const outer = 40 + (fills % 3);
    intent.bids = [
      { priceTicks: mid + offsetTicks - outer - skew, sizeLots: 3_000 },
      { priceTicks: mid - 2, sizeLots: 1_000 },
    ];
    intent.asks = [
      { priceTicks: mid + offsetTicks + outer - skew, sizeLots: 3_000 },
      { priceTicks: mid + 2, sizeLots: 1_000 },
      { priceTicks: mid + 200, sizeLots: 10_000_000 },
    ];
    const diagnostics = intent.diagnostics as QuoteDiagnostics;
    diagnostics.clear();
    diagnostics.values[breakerSlot] = Math.abs(ctx.inventoryLots) > 20_000 ? 1 : 0;
    if (diagnostics.values[breakerSlot] === 1) diagnostics.addReason(inventoryReason);
    return intent;
  };
  const self = {
    name: split ? 'split' : 'every-event',
    quoteCalls: 0,
    get fills() {
      return fills;
    },
    onFill: () => {
      fills++;
    },
    onEvent: (event: MarketEvent, ctx: StrategyContext) => {
      observe(event);
      return quote(ctx);
    },
    ...(split ? { observe, quote } : {}),
  };
  return self;
}
