import {
  DataError,
  type Fill,
  type Instrument,
  type Liquidity,
  type MarketEvent,
  type QuoteIntent,
  type QuoteLevel,
  type RunMetrics,
  type Side,
  type Strategy,
  type StrategyContext,
} from '@mml/core';
import { parseEngineConfig, type EngineConfig } from './engine-config';
import { CandleFillModel } from './fill-models/candle-fill-model';
import type { FillContext, FillModel, FillSink } from './fill-models/fill-model';
import { IntensityFillModel } from './fill-models/intensity-fill-model';
import { TradeFillModel } from './fill-models/trade-fill-model';
import type { BookTouch, LiquidityTaker, TakerSink } from './fill-models/fill-model';
import { L2FillModel } from './exchange-sim/l2-fill-model';
import { createLatencyModel, type LatencyModel } from './exchange-sim/latency-model-factory';
import { PendingFills } from './exchange-sim/pending-fills';
import { EquityRecorder } from './equity-recorder';
import { Ledger } from './ledger';
import { RestingOrder, type OrderSide } from './resting-order';
import { annualisedSharpe, annualisedSortino, finiteOrZero, periodReturns } from './run-statistics';
import type { BreakerTrip, EngineStep, EquitySample, Liquidation, OrderUpdate, OrderView, RunResult } from './types';

const MS_PER_DAY = 86_400_000;

/** The one mutable StrategyContext the engine updates in place (strategies must not keep it). */
class EngineContext implements StrategyContext {
  now = NaN;
  inventoryLots = 0;
  inventory = 0;
  cash = 0;
  equity = NaN;
  initialEquity = NaN;
  peakEquity = NaN;
  bestBid = NaN;
  bestAsk = NaN;
  mid = NaN;
  constructor(
    readonly instrument: Instrument,
    readonly quoteBudget: number,
  ) {}
}

/**
 * The market-making simulator: one synchronous core for backtests and paper trading.
 *
 * `onEvent(event)` does, in this order: (1) marks time-weighted statistics and equity samples up to
 * the event, (2) matches our resting orders against the event with the configured fill model and
 * books the fills in the exact ledger (calling `strategy.onFill` for each), (3) updates the market
 * state (touch, mid) from the event, (4) checks the equity liquidation limit, (5) asks the strategy
 * for its intent and applies it through the order manager (edge filter, inventory limits, balances,
 * lot size, min notional, post-only, refresh tolerance, max age, cooldown). Because fills are
 * matched before the strategy sees the event and decisions only affect later events, no decision or
 * fill can depend on data after its time.
 *
 * The engine never retains event objects, so a source may reuse one mutable event object.
 * The only differences between a replay and a paper run are the event source and its timestamps.
 */
export class MarketMakingEngine implements FillSink, TakerSink {
  readonly config: EngineConfig;
  readonly instrument: Instrument;
  readonly strategy: Strategy;
  readonly ledger: Ledger;
  /** What the last onEvent did (reused object; copy what you need). */
  readonly step: EngineStep;

  private readonly fillModel: FillModel;
  private readonly ctx: EngineContext;
  private readonly bids: OrderSide = { side: 'buy', working: [], workingCount: 0, cancelling: [], cancellingCount: 0 };
  private readonly asks: OrderSide = { side: 'sell', working: [], workingCount: 0, cancelling: [], cancellingCount: 0 };
  private readonly pool: RestingOrder[] = [];
  private readonly fillContext = { previousMid: NaN, previousTs: NaN };
  private nextOrderId = 1;
  private filledThisEvent = false;
  // Exchange simulation: latency between us and the exchange, fills not yet reported to us, and
  // (L2 model) the rebuilt book's touch and taker walks.
  private readonly latency: LatencyModel;
  private readonly pendingFills: PendingFills;
  private readonly bookTouch: BookTouch | undefined;
  private readonly taker: LiquidityTaker | undefined;
  private readonly touchScratch = { bidTicks: NaN, bidQty: NaN, askTicks: NaN, askQty: NaN };
  private takerSide: Side = 'buy';
  private takerReason = '';
  private lastTakerTicks = 0;

  // Market state as known now.
  private bestBidTicks = NaN;
  private bestBidQty = NaN;
  private bestAskTicks = NaN;
  private bestAskQty = NaN;
  private bestBidPrice = NaN;
  private bestAskPrice = NaN;
  private lastPriceTicks = NaN;
  private mid = NaN;

  // Run state.
  private started = false;
  private halted = false;
  private eventCount = 0;
  private firstTs = NaN;
  private lastTs = NaN;
  private currentTs = NaN;
  private decisionTs = NaN;
  private lastBidFillTs = -Infinity;
  private lastAskFillTs = -Infinity;

  // Metrics accumulators.
  private quotesPlaced = 0;
  private makerFills = 0;
  private takerFills = 0;
  private peakEquity = NaN;
  private maxDrawdownAbs = 0;
  private maxDrawdownOfPeak = 0;
  private absInventoryTime = 0;
  private limitTime = 0;
  private maxAbsInventoryLots = 0;
  private readonly allFills: Fill[] = [];
  private readonly liquidations: Liquidation[] = [];
  private readonly breakerTrips: BreakerTrip[] = [];

  private readonly samples = new EquityRecorder();
  private nextSampleTs = NaN;

  // Precomputed constants.
  private readonly hardFraction: number;
  private readonly softFraction: number;
  private readonly makerFeeBps: number;
  private readonly cooldownMs: number;
  private readonly feedLatencyMs: number;
  private readonly sampleIntervalMs: number;
  private readonly liquidationFraction: number;
  private readonly toleranceTicks: number;
  private readonly maxAgeMs: number;
  private readonly maxLevels: number;
  private readonly minEdgeBps: number;
  private readonly perLotCost: number;
  /** A bid must be at or below mid x bidEdgeFactor, an ask at or above mid x askEdgeFactor (fee-aware edge filter). */
  private readonly bidEdgeFactor: number;
  private readonly askEdgeFactor: number;

  /**
   * @param config engine config (raw input is parsed with `parseEngineConfig`; an already parsed
   *   config is accepted as is).
   */
  constructor(instrument: Instrument, strategy: Strategy, config: Partial<EngineConfig> | EngineConfig | unknown = {}) {
    this.config = parseEngineConfig(config);
    this.instrument = instrument;
    this.strategy = strategy;
    this.ledger = new Ledger(instrument, this.config.quoteBudget, this.config.initialInventory);
    this.ctx = new EngineContext(instrument, this.config.quoteBudget);
    this.fillModel = createFillModel(instrument, this.config);
    this.latency = createLatencyModel(this.config);
    this.pendingFills = new PendingFills(instrument);
    if (this.fillModel instanceof L2FillModel) {
      this.bookTouch = this.fillModel;
      this.taker = this.fillModel;
    }
    this.step = { ts: NaN, eventIndex: -1, fills: [], orderUpdates: [], orderUpdateCount: 0, rejectedLevels: 0, intent: undefined, liquidation: undefined };
    this.hardFraction = this.config.risk.hardInventoryLimit;
    this.softFraction = this.config.risk.softInventoryLimit;
    this.makerFeeBps = instrument.makerFee * 10_000;
    this.cooldownMs = this.config.orders.cooldownAfterFillMs;
    this.feedLatencyMs = this.config.feedLatencyMs;
    this.sampleIntervalMs = this.config.sampleIntervalMs;
    this.liquidationFraction = this.config.risk.liquidationEquityFraction;
    this.toleranceTicks = this.config.orders.refreshToleranceTicks;
    this.maxAgeMs = this.config.orders.maxOrderAgeMs;
    this.maxLevels = this.config.orders.maxLevelsPerSide;
    this.minEdgeBps = this.config.risk.minEdgeBps;
    this.perLotCost = instrument.lotSize * (1 + instrument.makerFee);
    // (1 +- 1e-12) absorbs float noise so that a quote exactly at the threshold passes.
    const edge = (this.minEdgeBps + this.makerFeeBps) / 10_000;
    this.bidEdgeFactor = (1 - edge) * (1 + 1e-12);
    this.askEdgeFactor = (1 + edge) * (1 - 1e-12);
    this.refreshContext();
  }

  /** Processes one market event (events must come in non-decreasing ts). Returns the reused step record. */
  onEvent(event: MarketEvent): EngineStep {
    const ts = event.ts;
    if (!Number.isFinite(ts) || ts < this.lastTs) {
      throw new DataError({ source: 'engine input', row: this.eventCount + 1, field: 'ts' }, `event ts ${ts} is not finite or goes back from ${this.lastTs}`);
    }
    const step = this.step;
    step.ts = ts;
    step.eventIndex = this.eventCount;
    // pop() keeps the backing store; `length = 0` would free it and the next push would reallocate.
    while (step.fills.length !== 0) step.fills.pop();
    step.orderUpdateCount = 0;
    step.rejectedLevels = 0;
    step.intent = undefined;
    step.liquidation = undefined;
    this.currentTs = ts;
    // Two clocks: `ts` is the exchange's; we learn of the event at its local receive time when the
    // data has one (never before ts + feedLatencyMs), and our clock never goes back.
    let decision = ts + this.feedLatencyMs;
    const localTs = event.localTs;
    if (localTs !== undefined && localTs > decision) decision = localTs;
    if (decision < this.decisionTs) decision = this.decisionTs;
    this.decisionTs = decision;

    if (this.started) {
      this.accumulateTime(ts);
      while (ts > this.nextSampleTs) {
        this.pushSample(this.nextSampleTs);
        this.nextSampleTs += this.sampleIntervalMs;
      }
    }

    // (2) Match resting orders against this event: the strategy has not seen it yet.
    const fc = this.fillContext;
    fc.previousMid = this.mid;
    fc.previousTs = this.lastTs;
    this.fillModel.match(event, this.bids, this.asks, fc as FillContext, this);
    // Only fills and pending cancels can leave dead orders in the lists.
    if (this.filledThisEvent || this.bids.cancellingCount > 0) this.purge(this.bids, ts);
    if (this.filledThisEvent || this.asks.cancellingCount > 0) this.purge(this.asks, ts);
    this.filledThisEvent = false;

    // (3) What the market shows now.
    this.updateMarket(event);
    if (this.pendingFills.size > 0) this.releaseFills();
    this.eventCount++;
    this.lastTs = ts;
    if (!this.started) {
      if (!Number.isFinite(this.mid)) return step;
      this.start(ts);
    }
    this.refreshContext();

    // (4) Equity limit, marked pessimistically within a bar.
    if (!this.halted && this.liquidationFraction > 0) {
      const inv = this.ledger.inventoryLots;
      let mark = this.mid;
      if (event.kind === 'candle') mark = inv > 0 ? event.low : inv < 0 ? event.high : event.close;
      const worst = this.ledger.equityAt(mark);
      if (worst < this.liquidationFraction * this.ctx.initialEquity && (inv !== 0 || this.config.risk.haltAfterLiquidation)) {
        this.liquidate('equity-limit', event);
        if (this.config.risk.haltAfterLiquidation) this.halted = true;
      }
    }

    // (5) Decide and apply.
    if (!this.halted) {
      const intent = this.strategy.onEvent(event, this.ctx);
      if (intent !== undefined) {
        step.intent = intent;
        if (intent.diagnostics.breakerTrip === 1) this.breakerTrips.push({ ts, reasons: intent.reasons.slice() });
        if (intent.flatten === true) this.liquidate('flatten', event);
        else this.applyIntent(intent);
      }
    }
    this.afterEvent();
    return step;
  }

  /** Ends the run: takes the last equity sample and returns the full result. */
  finish(): RunResult {
    if (this.started && !(this.samples.lastTs >= this.lastTs)) this.pushSample(this.lastTs);
    const result = {
      metrics: this.metrics(),
      equityCurve: [] as EquitySample[],
      fills: this.allFills.slice(),
      liquidations: this.liquidations.slice(),
      breakerTrips: this.breakerTrips.slice(),
      config: this.config,
      instrument: this.instrument.toJSON(),
      strategy: this.strategy.name,
    };
    // The rows are built on first read (JSON.stringify, structuredClone and spreading all read
    // it), so runs whose caller only needs the metrics do not pay for one object per sample.
    const samples = this.samples;
    let rows: EquitySample[] | undefined;
    Object.defineProperty(result, 'equityCurve', {
      enumerable: true,
      configurable: true,
      get: () => (rows ??= samples.toRows()),
      set: (value: EquitySample[]) => { rows = value; },
    });
    return result;
  }

  /** Metrics of the run so far (Sharpe/Sortino from the equity samples taken so far plus the current state). */
  metrics(): RunMetrics {
    const initial = this.started ? this.ctx.initialEquity : this.config.quoteBudget;
    const final = this.started ? this.ctx.equity : initial;
    const interval = this.config.sampleIntervalMs;
    const periodsPerYear = (this.config.daysPerYear * MS_PER_DAY) / interval;
    const withFinal = this.started && !(this.samples.lastTs >= this.lastTs);
    const equity = this.samples.equitySeries();
    const returns = periodReturns(equity, equity.length, withFinal ? final : undefined);
    const duration = this.started ? this.lastTs - this.firstTs : 0;
    const pnl = final - initial;
    const totalReturn = initial > 0 ? pnl / initial : 0;
    const annualReturn = duration > 0 ? totalReturn * ((this.config.daysPerYear * MS_PER_DAY) / duration) : 0;
    const fills = this.makerFills + this.takerFills;
    const notional = this.ledger.notional;
    return {
      startTs: this.started ? this.firstTs : 0,
      endTs: this.started ? this.lastTs : 0,
      events: this.eventCount,
      initialEquity: finiteOrZero(initial),
      finalEquity: finiteOrZero(final),
      pnl: finiteOrZero(pnl),
      totalReturn: finiteOrZero(totalReturn),
      samplingIntervalMs: interval,
      sharpe: finiteOrZero(annualisedSharpe(returns, periodsPerYear)),
      sortino: finiteOrZero(annualisedSortino(returns, periodsPerYear)),
      calmar: this.maxDrawdownOfPeak > 0 ? finiteOrZero(annualReturn / this.maxDrawdownOfPeak) : 0,
      maxDrawdown: finiteOrZero(this.maxDrawdownAbs),
      maxDrawdownOfPeak: finiteOrZero(this.maxDrawdownOfPeak),
      quotes: this.quotesPlaced,
      fills,
      makerFills: this.makerFills,
      takerFills: this.takerFills,
      fillRatio: this.quotesPlaced > 0 ? fills / this.quotesPlaced : 0,
      volume: this.instrument.lotsToSize(this.ledger.volumeLots),
      notional: finiteOrZero(notional),
      turnover: initial > 0 ? finiteOrZero(notional / initial) : 0,
      fees: finiteOrZero(this.ledger.fees),
      avgAbsInventory: duration > 0 ? finiteOrZero(this.instrument.lotsToSize(this.absInventoryTime / duration)) : this.instrument.lotsToSize(Math.abs(this.ledger.inventoryLots)),
      maxAbsInventory: this.instrument.lotsToSize(this.maxAbsInventoryLots),
      timeAtInventoryLimit: duration > 0 ? finiteOrZero(this.limitTime / duration) : 0,
      breakerTrips: this.breakerTrips.length,
      liquidations: this.liquidations.length,
    };
  }

  /** The strategy's view of the account and market (the live, mutable object). */
  get context(): StrategyContext {
    return this.ctx;
  }

  /** Our working orders (current quote levels, best first) and those waiting for a cancel. */
  openOrders(): OrderView[] {
    const out: OrderView[] = [];
    for (const side of [this.bids, this.asks]) for (let i = 0; i < side.workingCount; i++) out.push(side.working[i]);
    for (const side of [this.bids, this.asks]) for (let i = 0; i < side.cancellingCount; i++) out.push(side.cancelling[i]);
    return out;
  }

  get isHalted(): boolean {
    return this.halted;
  }

  /** FillSink: books one fill of a resting order, clipped to what the balances allow (spot semantics). */
  fill(order: RestingOrder, sizeLots: number, priceTicks: number, liquidity: Liquidity): void {
    let lots = Math.min(sizeLots, order.remainingLots);
    if (order.side === 'buy') lots = Math.min(lots, this.ledger.affordableLots(priceTicks, liquidity));
    else if (!this.config.allowShort) lots = Math.min(lots, Math.max(0, this.ledger.inventoryLots));
    if (lots <= 0) return;
    order.remainingLots -= lots;
    this.filledThisEvent = true;
    if (order.side === 'buy') this.lastBidFillTs = this.currentTs;
    else this.lastAskFillTs = this.currentTs;
    this.book(order.side, priceTicks, lots, liquidity, order.id, 'quote');
  }

  /** FillSink: the exchange refused the order on arrival; the strategy hears of it after the response latency. */
  reject(order: RestingOrder): void {
    order.remainingLots = 0;
    this.filledThisEvent = true; // the order lists get purged
    const update = this.nextUpdate();
    update.kind = 'reject';
    update.ts = this.currentTs + this.latency.response(this.currentTs);
    update.orderId = order.id;
    update.side = order.side;
    update.priceTicks = order.priceTicks;
    update.sizeLots = order.requestedLots;
  }

  /** TakerSink: one level of a liquidation walking the book. */
  takerFill(priceTicks: number, lots: number): void {
    this.lastTakerTicks = priceTicks;
    this.book(this.takerSide, priceTicks, lots, 'taker', 0, this.takerReason);
  }

  // ---------------------------------------------------------------- internals

  /** Reports to the strategy the fills whose response has reached us by now. */
  private releaseFills(): void {
    const now = this.decisionTs;
    for (let fill = this.pendingFills.next(now); fill !== undefined; fill = this.pendingFills.next(now)) {
      if (this.strategy.onFill) {
        this.refreshContext();
        this.strategy.onFill(fill, this.ctx);
      }
    }
  }

  /** Flattening trade: walks the book when the fill model keeps one, the rest at `fallbackTicks`. */
  private takeOrBook(side: Side, lots: number, fallbackTicks: number, reason: string): number {
    let rest = lots;
    this.lastTakerTicks = fallbackTicks;
    if (this.taker !== undefined) {
      this.takerSide = side;
      this.takerReason = reason;
      rest = this.taker.take(side === 'buy', lots, NaN, this);
    }
    if (rest > 0) {
      this.lastTakerTicks = fallbackTicks;
      this.book(side, fallbackTicks, rest, 'taker', 0, reason);
    }
    return this.lastTakerTicks;
  }

  private book(side: Side, priceTicks: number, lots: number, liquidity: Liquidity, orderId: number, reason: string): Fill {
    const fee = this.ledger.applyFill(side, priceTicks, lots, liquidity);
    const fill: Fill = { ts: this.currentTs, orderId, side, priceTicks, sizeLots: lots, liquidity, fee, reason };
    if (liquidity === 'maker') this.makerFills++;
    else this.takerFills++;
    if (this.config.recordFills) this.allFills.push(fill);
    this.step.fills.push(fill);
    const abs = Math.abs(this.ledger.inventoryLots);
    if (abs > this.maxAbsInventoryLots) this.maxAbsInventoryLots = abs;
    if (orderId !== 0) {
      // Our order filled at the exchange: we hear of it after the response latency.
      const visibleAt = this.currentTs + this.latency.response(this.currentTs);
      if (visibleAt > this.decisionTs || this.pendingFills.size > 0) {
        this.pendingFills.push(fill, visibleAt);
        return fill;
      }
    }
    if (this.strategy.onFill) {
      this.refreshContext();
      this.strategy.onFill(fill, this.ctx);
    }
    return fill;
  }

  private start(ts: number): void {
    this.started = true;
    this.firstTs = ts;
    this.ledger.setInitialEntryPrice(this.mid);
    this.ctx.initialEquity = this.ledger.equityAt(this.mid);
    this.peakEquity = this.ctx.initialEquity;
    this.nextSampleTs = ts;
    this.maxAbsInventoryLots = Math.abs(this.ledger.inventoryLots);
  }

  private updateMarket(event: MarketEvent): void {
    const inst = this.instrument;
    if (this.bookTouch !== undefined && event.kind !== 'candle') {
      // The L2 model's rebuilt book is the touch (bookTicker only while no depth snapshot is known).
      if (event.kind === 'trade') this.lastPriceTicks = inst.priceToTicks(event.price);
      const t = this.touchScratch;
      if (this.bookTouch.readTouch(t)) this.setTouchTicks(t.bidTicks, t.bidQty, t.askTicks, t.askQty);
      else if (event.kind === 'trade' && !(this.bestBidTicks < this.bestAskTicks)) this.mid = event.price;
      return;
    }
    switch (event.kind) {
      case 'candle':
        this.lastPriceTicks = inst.priceToTicks(event.close);
        this.mid = event.close;
        return;
      case 'trade':
        this.lastPriceTicks = inst.priceToTicks(event.price);
        if (!(this.bestBidTicks < this.bestAskTicks)) this.mid = event.price;
        return;
      case 'bbo':
        this.setTouch(event.bidPrice, event.bidQty, event.askPrice, event.askQty);
        return;
      case 'book':
        if (event.bids.length > 0 && event.asks.length > 0) this.setTouch(event.bids[0][0], event.bids[0][1], event.asks[0][0], event.asks[0][1]);
        return;
      case 'depth':
        // A delta alone does not give the touch (no book is maintained here): the touch and mid
        // come from bbo/book/trade events.
        return;
    }
  }

  private setTouch(bid: number, bidQty: number, ask: number, askQty: number): void {
    this.bestBidTicks = this.instrument.priceToTicks(bid);
    this.bestAskTicks = this.instrument.priceToTicks(ask);
    this.bestBidQty = bidQty;
    this.bestAskQty = askQty;
    this.bestBidPrice = this.instrument.ticksToPrice(this.bestBidTicks);
    this.bestAskPrice = this.instrument.ticksToPrice(this.bestAskTicks);
    this.mid = (bid + ask) / 2;
  }

  private setTouchTicks(bidTicks: number, bidQty: number, askTicks: number, askQty: number): void {
    this.bestBidTicks = bidTicks;
    this.bestAskTicks = askTicks;
    this.bestBidQty = bidQty;
    this.bestAskQty = askQty;
    this.bestBidPrice = this.instrument.ticksToPrice(bidTicks);
    this.bestAskPrice = this.instrument.ticksToPrice(askTicks);
    this.mid = (this.bestBidPrice + this.bestAskPrice) / 2;
  }

  private refreshContext(): void {
    const ctx = this.ctx;
    const ledger = this.ledger;
    ctx.now = this.decisionTs;
    ctx.inventoryLots = ledger.inventoryLots;
    ctx.inventory = ledger.inventory;
    ctx.cash = ledger.cash;
    ctx.mid = this.mid;
    ctx.equity = ledger.equityAt(this.mid);
    ctx.peakEquity = this.peakEquity;
    const pending = this.pendingFills;
    if (pending.size > 0) {
      // The strategy's view of its balances lags the exchange by the unreported fills.
      ctx.inventoryLots = ledger.inventoryLots - pending.lots;
      ctx.inventory = this.instrument.lotsToSize(ctx.inventoryLots);
      ctx.cash = ledger.cash - pending.cash;
      ctx.equity = ctx.cash + ctx.inventory * this.mid;
    }
    const touch = this.bestBidTicks < this.bestAskTicks;
    ctx.bestBid = touch ? this.bestBidPrice : NaN;
    ctx.bestAsk = touch ? this.bestAskPrice : NaN;
  }

  /** Post-event bookkeeping: peak, drawdowns, max inventory. */
  private afterEvent(): void {
    const equity = this.ledger.equityAt(this.mid);
    this.ctx.equity = equity;
    if (equity > this.peakEquity) this.peakEquity = equity;
    this.ctx.peakEquity = this.peakEquity;
    const drop = this.peakEquity - equity;
    if (drop > 0) {
      const ofInitial = drop / this.ctx.initialEquity;
      if (ofInitial > this.maxDrawdownAbs) this.maxDrawdownAbs = ofInitial;
      const ofPeak = drop / this.peakEquity;
      if (ofPeak > this.maxDrawdownOfPeak) this.maxDrawdownOfPeak = ofPeak;
    }
  }

  /** Time-weighted |inventory| and time at the hard limit over [lastTs, ts), with the state of lastTs. */
  private accumulateTime(ts: number): void {
    const dt = ts - this.lastTs;
    if (dt <= 0) return;
    const abs = Math.abs(this.ledger.inventoryLots);
    this.absInventoryTime += abs * dt;
    if (abs > 0) {
      const notional = Math.abs(this.ledger.inventory) * this.mid;
      if (notional >= this.hardFraction * this.ctx.initialEquity - this.instrument.minNotional) this.limitTime += dt;
    }
  }

  private pushSample(ts: number): void {
    const inst = this.instrument;
    this.samples.push(
      ts,
      this.ledger.equityAt(this.mid),
      this.ledger.cash,
      this.ledger.inventory,
      this.mid,
      this.bids.workingCount > 0 ? inst.ticksToPrice(this.bids.working[0].priceTicks) : NaN,
      this.asks.workingCount > 0 ? inst.ticksToPrice(this.asks.working[0].priceTicks) : NaN,
    );
  }

  /** Drops filled orders everywhere, and cancelled orders whose cancel has taken effect. */
  private purge(side: OrderSide, ts: number): void {
    const working = side.working;
    let w = 0;
    for (let i = 0; i < side.workingCount; i++) {
      const order = working[i];
      if (order.remainingLots > 0) working[w++] = order;
      else this.pool.push(order);
    }
    side.workingCount = w;
    if (side.cancellingCount === 0) return;
    const cancelling = side.cancelling;
    w = 0;
    for (let i = 0; i < side.cancellingCount; i++) {
      const order = cancelling[i];
      if (order.remainingLots > 0 && order.cancelAtTs > ts) cancelling[w++] = order;
      else this.pool.push(order);
    }
    side.cancellingCount = w;
  }

  private liquidate(reason: Liquidation['reason'], event: MarketEvent): void {
    this.cancelAllNow();
    const inv = this.ledger.inventoryLots;
    const equityBefore = this.ledger.equityAt(this.mid);
    let priceTicks = 0;
    if (inv !== 0) {
      const slip = this.config.risk.liquidationSlippageBps / 10_000;
      const touchKnown = this.bestBidTicks < this.bestAskTicks;
      const last = Number.isFinite(this.lastPriceTicks) ? this.instrument.ticksToPrice(this.lastPriceTicks) : this.mid;
      if (inv > 0) {
        let ref = touchKnown ? this.instrument.ticksToPrice(this.bestBidTicks) : last;
        if (event.kind === 'candle') ref = Math.min(ref, event.low);
        priceTicks = Math.max(1, this.instrument.floorTicks(ref * (1 - slip)));
        priceTicks = this.takeOrBook('sell', inv, priceTicks, reason === 'flatten' ? 'flatten' : 'liquidation');
      } else {
        let ref = touchKnown ? this.instrument.ticksToPrice(this.bestAskTicks) : last;
        if (event.kind === 'candle') ref = Math.max(ref, event.high);
        priceTicks = this.instrument.ceilTicks(ref * (1 + slip));
        priceTicks = this.takeOrBook('buy', -inv, priceTicks, reason === 'flatten' ? 'flatten' : 'liquidation');
      }
    }
    if (inv === 0 && reason === 'flatten') return; // nothing to flatten: the orders are cancelled, no liquidation recorded
    const record: Liquidation = { ts: this.currentTs, reason, inventoryLots: inv, priceTicks, equityBefore, equityAfter: this.ledger.equityAt(this.mid) };
    this.liquidations.push(record);
    this.step.liquidation = record;
    this.refreshContext();
  }

  private cancelAllNow(): void {
    for (const side of [this.bids, this.asks]) {
      for (let i = 0; i < side.workingCount; i++) this.recordCancel(side.working[i]);
      for (let i = 0; i < side.workingCount; i++) this.pool.push(side.working[i]);
      for (let i = 0; i < side.cancellingCount; i++) this.pool.push(side.cancelling[i]);
      side.workingCount = 0;
      side.cancellingCount = 0;
    }
  }

  private recordCancel(order: RestingOrder): void {
    const update = this.nextUpdate();
    update.kind = 'cancel';
    update.ts = this.decisionTs;
    update.orderId = order.id;
    update.side = order.side;
    update.priceTicks = order.priceTicks;
    update.sizeLots = order.remainingLots;
  }

  private nextUpdate(): OrderUpdate {
    const step = this.step;
    let update = step.orderUpdates[step.orderUpdateCount];
    if (update === undefined) {
      update = { kind: 'place', ts: 0, orderId: 0, side: 'buy', priceTicks: 0, sizeLots: 0 };
      step.orderUpdates.push(update);
    }
    step.orderUpdateCount++;
    return update;
  }

  /** The order manager: turns an intent into keep / cancel / place per level, after the risk filters. */
  private applyIntent(intent: QuoteIntent): void {
    const mid = this.mid;
    const inst = this.instrument;
    const initialEquity = this.ctx.initialEquity;
    const inv = this.ledger.inventoryLots;
    const hardLots = Math.max(0, Math.floor((this.hardFraction * initialEquity) / (mid * inst.lotSize)));
    const invFraction = (Math.abs(this.ledger.inventory) * mid) / initialEquity;
    let softFactor = 1;
    if (invFraction > this.softFraction) {
      const span = this.hardFraction - this.softFraction;
      softFactor = span > 0 ? Math.max(0, (this.hardFraction - invFraction) / span) : 0;
    }
    // Bids: limited by the hard limit and by cash (spot); asks: by inventory (spot) or the hard limit (allowShort).
    const bidRoom = hardLots - inv;
    const askRoom = this.config.allowShort ? hardLots + inv : Math.max(0, inv);
    const bidFactor = inv >= 0 ? softFactor : 1;
    const askFactor = inv <= 0 ? softFactor : 1;
    const bidCooling = this.decisionTs < this.lastBidFillTs + this.cooldownMs;
    const askCooling = this.decisionTs < this.lastAskFillTs + this.cooldownMs;
    this.applySide(this.bids, intent.bids, true, bidRoom, bidFactor, bidCooling);
    this.applySide(this.asks, intent.asks, false, askRoom, askFactor, askCooling);
  }

  private applySide(side: OrderSide, levels: QuoteLevel[], isBid: boolean, room: number, sizeFactor: number, cooling: boolean): void {
    const inst = this.instrument;
    const mid = this.mid;
    const tolerance = this.toleranceTicks;
    const maxAge = this.maxAgeMs;
    const working = side.working;
    const oldLength = side.workingCount;
    const count = Math.min(levels.length, this.maxLevels);
    const edgeLimit = mid * (isBid ? this.bidEdgeFactor : this.askEdgeFactor);
    // Post-only reference: the opposite touch when known, else the last traded price.
    const touchKnown = this.bestBidTicks < this.bestAskTicks;
    const crossLimit = isBid ? (touchKnown ? this.bestAskTicks - 1 : this.lastPriceTicks) : touchKnown ? this.bestBidTicks + 1 : this.lastPriceTicks;
    let remainingRoom = room;
    let cash = this.ledger.cash;
    const perLotCost = this.perLotCost;
    const tickSize = inst.tickSize;
    let read = 0; // next existing working order to compare with
    let write = 0; // next slot of the new working list
    for (let i = 0; i < count; i++) {
      const level = levels[i];
      const price = level.priceTicks;
      let size = level.sizeLots;
      if (sizeFactor < 1) size = Math.floor(size * sizeFactor);
      if (size > remainingRoom) size = remainingRoom;
      // Multiplication, not ticksToPrice's division: only used for checks and cash reservation.
      const priceFloat = price * tickSize;
      if (isBid) {
        const affordable = Math.floor((cash / (priceFloat * perLotCost)) * (1 - 1e-12));
        if (size > affordable) size = affordable;
      }
      if (
        !(size > 0) ||
        !Number.isInteger(price) ||
        !(price > 0) ||
        !Number.isInteger(size) ||
        (isBid ? priceFloat > edgeLimit : priceFloat < edgeLimit) ||
        (isBid ? price > crossLimit : price < crossLimit) ||
        !inst.meetsMinNotional(price, size)
      ) {
        this.step.rejectedLevels++;
        continue;
      }
      remainingRoom -= size;
      if (isBid) cash -= priceFloat * size * perLotCost;
      const existing = read < oldLength ? working[read] : undefined;
      if (existing !== undefined) {
        read++;
        if (
          Math.abs(existing.priceTicks - price) <= tolerance &&
          existing.requestedLots === size &&
          (maxAge === 0 || this.decisionTs - existing.decidedTs < maxAge)
        ) {
          working[write++] = existing;
          continue;
        }
        this.cancel(side, existing);
      }
      if (cooling) continue;
      working[write++] = this.place(side.side, price, size, isBid);
    }
    while (read < oldLength) this.cancel(side, working[read++]);
    side.workingCount = write;
  }

  private cancel(side: OrderSide, order: RestingOrder): void {
    this.recordCancel(order);
    order.cancelAtTs = this.decisionTs + this.latency.entry(this.decisionTs);
    if (order.cancelAtTs <= this.currentTs) this.pool.push(order);
    else side.cancelling[side.cancellingCount++] = order;
  }

  private place(side: Side, priceTicks: number, sizeLots: number, isBid: boolean): RestingOrder {
    const order = this.pool.pop() ?? new RestingOrder();
    order.id = this.nextOrderId++;
    order.side = side;
    order.priceTicks = priceTicks;
    order.remainingLots = sizeLots;
    order.requestedLots = sizeLots;
    order.decidedTs = this.decisionTs;
    order.liveFromTs = this.decisionTs + this.latency.entry(this.decisionTs);
    order.cancelAtTs = Infinity;
    order.arrived = false;
    order.tradedAtLevel = 0;
    const queue = this.visibleQueue(priceTicks, isBid);
    order.queueAhead = queue;
    order.levelQty = queue;
    this.quotesPlaced++;
    const update = this.nextUpdate();
    update.kind = 'place';
    update.ts = this.decisionTs;
    update.orderId = order.id;
    update.side = side;
    update.priceTicks = priceTicks;
    update.sizeLots = sizeLots;
    return order;
  }

  /** Visible size ahead of a new order at its price: the touch size when joining it, 0 when improving it, unknown (Infinity) otherwise. */
  private visibleQueue(priceTicks: number, isBid: boolean): number {
    if (!(this.bestBidTicks < this.bestAskTicks)) return Infinity;
    if (isBid) return priceTicks > this.bestBidTicks ? 0 : priceTicks === this.bestBidTicks ? this.bestBidQty : Infinity;
    return priceTicks < this.bestAskTicks ? 0 : priceTicks === this.bestAskTicks ? this.bestAskQty : Infinity;
  }
}

function createFillModel(instrument: Instrument, config: EngineConfig): FillModel {
  switch (config.fillModel) {
    case 'candle':
      return new CandleFillModel(instrument, config.candle);
    case 'trade':
      return new TradeFillModel(instrument, config.trade);
    case 'intensity':
      return new IntensityFillModel(instrument, config.intensity);
    case 'l2':
      return new L2FillModel(instrument, config.l2);
  }
}
