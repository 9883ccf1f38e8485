import type { BookLevel, CandleEvent, MarketEvent } from '@mml/core';
import { KnownEdgeFlow, type KnownEdgeMarketConfig, type KnownEdgeSink } from './known-edge-market';

/**
 * The known-edge market as `MarketEvent`s (trades, bbo, optional L2 snapshots and derived
 * candles), in ts order. At equal ts: a closing candle, then the step's touch, then its book,
 * then trades; an informed trade is followed at once by the touch it moved.
 * Same config and seed → byte-identical events.
 */
export function* generateKnownEdgeMarket(input: Partial<KnownEdgeMarketConfig> = {}): Generator<MarketEvent> {
  const flow = new KnownEdgeFlow(input);
  const cfg = flow.cfg;
  const tick = cfg.tickSize;
  const lot = cfg.lotSize;
  const priceDecimals = decimalsOf(tick);
  const sizeDecimals = decimalsOf(lot);
  const price = (ticks: number) => Number((ticks * tick).toFixed(priceDecimals));
  const size = (lots: number) => Number((lots * lot).toFixed(sizeDecimals));
  const out: MarketEvent[] = [];
  const bars = new CandleBuilder(cfg, flow.midTicks);
  let tradeId = 1;
  const sink: KnownEdgeSink = {
    stepStart(ts) {
      if (cfg.emitCandles) {
        const candle = bars.closeIfDue(ts);
        if (candle) out.push(candle);
      }
    },
    touch(ts, bidTicks) {
      if (cfg.emitBbo) out.push({ kind: 'bbo', ts, bidPrice: price(bidTicks), bidQty: cfg.touchQty, askPrice: price(bidTicks + cfg.spreadTicks), askQty: cfg.touchQty });
      bars.mid(bidTicks + cfg.spreadTicks / 2);
    },
    stepBoundary(ts, bidTicks) {
      if (!cfg.emitBooks || (ts - cfg.startTime) % cfg.bookIntervalMs !== 0) return;
      const bids: BookLevel[] = [];
      const asks: BookLevel[] = [];
      for (let i = 0; i < cfg.bookLevels; i++) {
        const qty = i === 0 ? cfg.touchQty : Number((cfg.bookLevelQty * (1 + i)).toFixed(sizeDecimals));
        bids.push([price(Math.max(1, bidTicks - i)), qty]);
        asks.push([price(bidTicks + cfg.spreadTicks + i), qty]);
      }
      out.push({ kind: 'book', ts, bids, asks });
    },
    trade(ts, priceTicks, lots, buy) {
      bars.trade(ts, priceTicks, lots, buy);
      if (cfg.emitTrades) out.push({ kind: 'trade', ts, price: price(priceTicks), qty: size(lots), aggressor: buy ? 'buy' : 'sell', id: tradeId++ });
    },
  };
  while (!flow.done) {
    flow.advance(sink);
    for (let i = 0; i < out.length; i++) yield out[i];
    out.length = 0;
  }
  if (cfg.emitCandles) {
    const last = bars.closeIfDue(flow.endTime);
    if (last) yield last;
  }
}

/**
 * 1m (candleMs) candles of the known-edge market without materialising its events: the same
 * simulation as `generateKnownEdgeMarket`, so the bars equal the candles it emits (tested).
 * Open/high/low/close are trade prints (the mid when a bar has no trade); volume sums the trades.
 */
export function generateKnownEdgeCandles(input: Partial<KnownEdgeMarketConfig> = {}): CandleEvent[] {
  const flow = new KnownEdgeFlow(input);
  const cfg = flow.cfg;
  const bars = new CandleBuilder(cfg, flow.midTicks);
  const candles: CandleEvent[] = [];
  const sink: KnownEdgeSink = {
    stepStart(ts) {
      const candle = bars.closeIfDue(ts);
      if (candle) candles.push(candle);
    },
    touch(_ts, bidTicks) {
      bars.mid(bidTicks + cfg.spreadTicks / 2);
    },
    trade(ts, priceTicks, lots, buy) {
      bars.trade(ts, priceTicks, lots, buy);
    },
  };
  while (!flow.done) flow.advance(sink);
  const last = bars.closeIfDue(flow.endTime);
  if (last) candles.push(last);
  return candles;
}

/** Aggregates trades into bars of candleMs aligned to startTime; allocation only per closed bar. */
class CandleBuilder {
  private openTime: number;
  private open = NaN;
  private high = -Infinity;
  private low = Infinity;
  private close = NaN;
  private volumeLots = 0;
  private buyLots = 0;
  private trades = 0;
  private midTicks: number;
  private readonly priceDecimals: number;
  private readonly sizeDecimals: number;

  constructor(
    private readonly cfg: KnownEdgeMarketConfig,
    initialMidTicks: number,
  ) {
    this.openTime = cfg.startTime;
    this.midTicks = initialMidTicks;
    this.priceDecimals = decimalsOf(cfg.tickSize);
    this.sizeDecimals = decimalsOf(cfg.lotSize);
  }

  mid(midTicks: number): void {
    this.midTicks = midTicks;
  }

  trade(_ts: number, priceTicks: number, lots: number, buy: boolean): void {
    if (this.trades === 0) this.open = priceTicks;
    if (priceTicks > this.high) this.high = priceTicks;
    if (priceTicks < this.low) this.low = priceTicks;
    this.close = priceTicks;
    this.volumeLots += lots;
    if (buy) this.buyLots += lots;
    this.trades++;
  }

  /** The bar ending at `ts`, when `ts` is a bar boundary after the current bar's open. */
  closeIfDue(ts: number): CandleEvent | undefined {
    if (ts - this.openTime < this.cfg.candleMs) return undefined;
    const tick = this.cfg.tickSize;
    const p = (ticks: number) => Number((ticks * tick).toFixed(this.priceDecimals));
    const s = (lots: number) => Number((lots * this.cfg.lotSize).toFixed(this.sizeDecimals));
    // A bar without trades prints the mid (rounded down onto the grid) as a flat bar.
    const flat = Math.floor(this.midTicks);
    const candle: CandleEvent = {
      kind: 'candle',
      ts: this.openTime + this.cfg.candleMs,
      openTime: this.openTime,
      durationMs: this.cfg.candleMs,
      open: p(this.trades > 0 ? this.open : flat),
      high: p(this.trades > 0 ? this.high : flat),
      low: p(this.trades > 0 ? this.low : flat),
      close: p(this.trades > 0 ? this.close : flat),
      volume: s(this.volumeLots),
      trades: this.trades,
      takerBuyVolume: s(this.buyLots),
    };
    this.openTime += this.cfg.candleMs;
    this.high = -Infinity;
    this.low = Infinity;
    this.volumeLots = 0;
    this.buyLots = 0;
    this.trades = 0;
    return candle;
  }
}

function decimalsOf(step: number): number {
  return Math.max(0, Math.ceil(-Math.log10(step) - 1e-9));
}
