import {
  DataError,
  intentReasons,
  isBreakerTrip,
  type Fill,
  type Instrument,
  type Liquidity,
  type MarketEvent,
  type QuoteIntent,
  type QuoteLevel,
  type RejectedLevels,
  type RunMetrics,
  type Side,
  type Strategy,
  type StrategyContext,
} from '@mml/core';
import { parseEngineConfig, type EngineConfig } from './engine-config';
import { replayCandlesFused } from './candle-replay';
import { applyOneLevelIntent } from './one-level-order-manager';
import { replayTradesFused } from './trade-replay';
import { CandleFillModel } from './fill-models/candle-fill-model';
import type { FillContext, FillModel, FillSink } from './fill-models/fill-model';
import { IntensityFillModel } from './fill-models/intensity-fill-model';
import { TradeFillModel } from './fill-models/trade-fill-model';
import type { TakerSink } from './fill-models/fill-model';
import { L2FillModel } from './exchange-sim/l2-fill-model';
import { createLatencyModel, type LatencyModel } from './exchange-sim/latency-model-factory';
import { PendingFills } from './exchange-sim/pending-fills';
import { EquityRecorder, SAMPLE_ASK, SAMPLE_BID, SAMPLE_CASH, SAMPLE_INVENTORY, SAMPLE_MID, SAMPLE_OBSERVED, SAMPLE_TS } from './equity-recorder';
import { Ledger } from './ledger';
import { MARK_FILL_TS, MARK_MID, MARK_TS, PnlAttributionTracker } from './pnl-attribution';
import { RestingOrder, type OrderSide } from './resting-order';
import { finiteOrZero } from './run-statistics';
import type { BreakerTrip, EngineStep, EquitySample, EquitySeries, Liquidation, OrderUpdate, OrderView, RunResult } from './types';

const MS_PER_DAY = 86_400_000;
// Inputs compared "equal, NaN included" (an unknown touch stays unknown) are written out as
// (a === b || (a !== a && b !== b)): a helper taking them as arguments is not always inlined in the
// long replay loops, and a float argument of a call that is not inlined is boxed (allocated).
/** Below 1 by far more than float rounding: `x >= m * d * PRECHECK_MARGIN` holds whenever x / d > m could. */
const PRECHECK_MARGIN = 1 - 1e-9;

/** checkLevel's results: accepted, or the check a level failed (counted under that reason). */
const LEVEL_OK = 0;
const LEVEL_LOT = 1;
const LEVEL_INVENTORY = 2;
const LEVEL_BALANCE = 3;
const LEVEL_EDGE = 4;
const LEVEL_POST_ONLY = 5;
const LEVEL_MIN_NOTIONAL = 6;

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
 * `onEvent(event)` does, in this order: (0) if the event is later than the pending decision's
 * exchange timestamp, applies that decision through the order manager (edge filter, inventory
 * limits, balances, lot size, min notional, post-only, refresh tolerance, max age, cooldown),
 * (1) marks time-weighted statistics and equity samples up to the event, (2) lets orders that
 * arrive by now reach the exchange (post-only check on arrival), matches our resting orders
 * against the event with the configured fill model and books the fills in the exact ledger
 * (calling `strategy.onFill` for each), (3) updates the market state (touch, mid) from the event
 * and executes a pending liquidation order that has arrived, (4) checks the equity liquidation
 * limit, (5) shows the event to the strategy and keeps its intent as the pending decision.
 *
 * Decisions happen at most once per exchange timestamp: every event with the same `ts` is applied
 * (and shown to the strategy, whose estimators see every event) before the last intent returned
 * at that `ts` is acted upon, when the first later event arrives or on `flush()`. So a strategy
 * can never react between the prints of one aggressive order. Because fills are matched before the
 * strategy sees the event and decisions only affect later events, no decision or fill can depend
 * on data after its time.
 *
 * The engine never retains event objects, so a source may reuse one mutable event object.
 * The only differences between a replay and a paper run are the event source and its timestamps
 * (a paper loop calls `flush()` once a poll's events are all in).
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
  /** The latencies when constant (NaN: interpolated from a file, ask the model). */
  private readonly constantEntryMs: number;
  private readonly constantResponseMs: number;
  /** Inside run(): nobody reads the per-step record, so it is not filled in. */
  private replaying = false;
  private readonly l2: L2FillModel | undefined;
  private readonly touchScratch = { bidTicks: NaN, bidQty: NaN, askTicks: NaN, askQty: NaN };
  private takerSide: Side = 'buy';
  private takerReason = '';
  private lastTakerTicks = 0;
  /** Orders placed but not yet arrived at the exchange (post-only is checked on arrival). */
  private unarrived = 0;
  /** The context was last refreshed with fills not yet reported to the strategy (its balances lag the ledger). */
  private contextLagged = false;

  // The pending decision: the last intent the strategy returned at exchange time pendingTs.
  private pendingIntent: QuoteIntent | undefined = undefined;
  private pendingFlatten = false;
  private pendingTs = NaN;
  /** Local (strategy) time of the pending decision: its event's receive time (see onEvent). */
  private pendingDecisionTs = NaN;

  // Strategies with observe + quote are asked for quotes only when their inputs changed (see
  // core's Strategy): what ctx showed at the last quote() call, and whether a fill was reported since.
  private readonly split: boolean;
  private lastQuoted: QuoteIntent | undefined = undefined;
  private quotedOnce = false;
  private fillReported = false;
  /** The context has not changed since askSplit compared it with the inputs of the last quote (so they are equal). */
  private quoteInputsSynced = false;
  private qMid = NaN;
  private qBid = NaN;
  private qAsk = NaN;
  private qInventoryLots = NaN;
  private qCash = NaN;
  private qPeak = NaN;
  // The order manager's inputs at the last applyIntent: acting again on the same intent with the
  // same inputs would change nothing but count the same rejected levels again, which is all that
  // is done then (split strategies only; with cooldown or max order age every decision is applied).
  private lastApplied: QuoteIntent | undefined = undefined;
  /** A strategy call returned an intent since the last applyIntent (its content may differ). */
  private freshIntent = false;
  /** A working order left the book (filled, rejected on arrival, cancelled by a liquidation) since the last applyIntent. */
  private workingChanged = true;
  private aMid = NaN;
  private aBidTicks = NaN;
  private aAskTicks = NaN;
  private aLastTicks = NaN;
  private aInventoryLots = NaN;
  private aCash = NaN;
  /** applySide's inputs for the side being applied: room under the hard limit, balance room (lots), soft-limit size factor. */
  private sideLimitRoom = 0;
  private sideBalanceRoom = 0;
  private sideSizeFactor = 1;
  /** checkLevel's outputs: the accepted level's price and size, and the cash left for the side's next levels. */
  private levelPrice = 0;
  private levelSize = 0;
  private levelCash = 0;
  /** lastApplyRejected has a level (repeating it changes a count). */
  private lastApplyRejectedAny = false;
  /** Acting again on the same intent with the same inputs changes nothing but the rejection counts (split strategy, no cooldown, no max order age). */
  private readonly repeatable: boolean;
  private readonly lastApplyRejected: RejectedLevels = { edge: 0, inventory: 0, balance: 0, postOnly: 0, minNotional: 0, lot: 0 };

  // A liquidation / flatten market order in flight (sent at decision time, executes on arrival).
  private liquidationPending = false;
  private liquidationArrivalTs = NaN;
  private liquidationReason: Liquidation['reason'] = 'equity-limit';

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
  private buyFills = 0;
  private sellFills = 0;
  private bidLiveTime = 0;
  private askLiveTime = 0;
  private readonly rejected: RejectedLevels = { edge: 0, inventory: 0, balance: 0, postOnly: 0, minNotional: 0, lot: 0 };
  /** Events seen when the last equity sample was taken: a sample with none since is a data gap. */
  private eventsAtLastSample = 0;
  private peakEquity = NaN;
  /** Equity at the current event's pessimistic mark (markWorst). */
  private worstEquity = NaN;
  private maxDrawdownAbs = 0;
  private maxDrawdownOfPeak = 0;
  private absInventoryTime = 0;
  private limitTime = 0;
  /** Inventory notional from which the time counts as at the hard limit (set at the start). */
  private limitNotional = Infinity;
  private maxAbsInventoryLots = 0;
  private readonly allFills: Fill[] = [];
  private readonly liquidations: Liquidation[] = [];
  private readonly breakerTrips: BreakerTrip[] = [];

  /** PnL attribution and markouts (fed by three hooks: fills, market updates, finish). */
  readonly attribution: PnlAttributionTracker;
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
  private readonly postOnly: boolean;
  private readonly reduceOnlyBypass: boolean;
  /**
   * config.allowShort / config.recordFills, read on every fill and decision: copied here because
   * the parsed config objects do not all share one hidden class, so a hot read through
   * `config` meets a new map now and then and sends the optimised loop back to the interpreter.
   */
  private readonly allowShort: boolean;
  private readonly recordFills: boolean;
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
    this.attribution = new PnlAttributionTracker(instrument, this.ledger);
    this.ctx = new EngineContext(instrument, this.config.quoteBudget);
    this.fillModel = createFillModel(instrument, this.config);
    this.latency = createLatencyModel(this.config);
    this.pendingFills = new PendingFills(instrument);
    const constant = this.latency.name === 'constant';
    this.constantEntryMs = constant ? this.latency.entry(0) : NaN;
    this.constantResponseMs = constant ? this.latency.response(0) : NaN;
    if (this.fillModel instanceof L2FillModel) this.l2 = this.fillModel;
    this.split = typeof strategy.observe === 'function' && typeof strategy.quote === 'function';
    this.repeatable = this.split && this.config.orders.cooldownAfterFillMs === 0 && this.config.orders.maxOrderAgeMs === 0;
    this.step = {
      ts: NaN, eventIndex: -1, fills: [], orderUpdates: [], orderUpdateCount: 0,
      rejectedLevels: { edge: 0, inventory: 0, balance: 0, postOnly: 0, minNotional: 0, lot: 0 },
      intent: undefined, liquidation: undefined,
    };
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
    this.postOnly = this.config.orders.postOnly;
    this.reduceOnlyBypass = this.config.risk.reduceOnlyBypass;
    this.allowShort = this.config.allowShort;
    this.recordFills = this.config.recordFills;
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
    const step = this.replaying ? this.step : this.resetStep(ts);
    step.eventIndex = this.eventCount;
    this.currentTs = ts;

    // (0) The previous exchange timestamp is complete: act on its decision now.
    if (ts > this.pendingTs) this.decide();
    // Two clocks: `ts` is the exchange's; we learn of the event at its local receive time when the
    // data has one (never before ts + feedLatencyMs), and our clock never goes back.
    let decision = ts + this.feedLatencyMs;
    const localTs = event.localTs;
    if (localTs !== undefined && localTs > decision) decision = localTs;
    if (decision < this.decisionTs) decision = this.decisionTs;
    this.decisionTs = decision;

    if (this.started) {
      this.accumulateTime();
      while (ts > this.nextSampleTs) {
        this.pushSample(false);
        this.nextSampleTs += this.sampleIntervalMs;
      }
    }

    // (2) Orders reaching the exchange by now, then matching: the strategy has not seen the event yet.
    if (this.unarrived > 0) this.arrive();
    const fc = this.fillContext;
    fc.previousMid = this.mid;
    fc.previousTs = this.lastTs;
    this.fillModel.match(event, this.bids, this.asks, fc as FillContext, this);
    // Only fills and pending cancels can leave dead orders in the lists.
    if (this.filledThisEvent || this.bids.cancellingCount > 0) this.purge(this.bids);
    if (this.filledThisEvent || this.asks.cancellingCount > 0) this.purge(this.asks);
    this.filledThisEvent = false;

    // (3) What the market shows now; a liquidation order that has arrived executes against it.
    const bidBefore = this.bestBidTicks;
    const askBefore = this.bestAskTicks;
    this.updateMarket(event);
    if (this.pendingFills.size > 0) this.releaseFills();
    this.eventCount++;
    this.lastTs = ts;
    if (!this.started) {
      if (!Number.isFinite(this.mid)) return step;
      this.start(ts);
    }
    const mark = this.attribution.mark;
    mark[MARK_TS] = ts;
    mark[MARK_MID] = this.mid;
    this.attribution.onMark(event.kind === 'candle');
    if (this.liquidationPending && ts >= this.liquidationArrivalTs) this.executeLiquidation(event, bidBefore, askBefore);
    this.refreshContext();

    this.accountStep(event);
    return step;
  }

  /**
   * Steps 4 and 5 and the bookkeeping after them, once the context is refreshed: the equity limit,
   * marked pessimistically (bar low/high; bid/ask on tick data); the strategy sees the event (its
   * last intent at this ts is acted upon once the ts is complete); peak and drawdown. (No float
   * crosses a call here: a float argument or result of a call that is not inlined is boxed.)
   */
  private accountStep(event: MarketEvent): void {
    this.markWorst(event);
    this.checkEquityLimit();
    this.strategyStep(event);
    this.afterEvent();
  }

  /** Step 4: sends a liquidation when the equity at the pessimistic mark (`worstEquity`) is below the limit. */
  private checkEquityLimit(): void {
    if (!this.halted && !this.liquidationPending && this.liquidationFraction > 0) {
      const inv = this.ledger.inventoryLots;
      if (this.worstEquity < this.liquidationFraction * this.ctx.initialEquity && (inv !== 0 || this.config.risk.haltAfterLiquidation)) {
        this.sendLiquidation('equity-limit');
        if (this.config.risk.haltAfterLiquidation) {
          this.halted = true;
          this.pendingIntent = undefined;
          this.pendingFlatten = false;
        }
      }
    }
  }

  /** Step 5: the strategy sees the event; its intent becomes the pending decision of exchange time ts. */
  private strategyStep(event: MarketEvent): void {
    if (this.halted) return;
    this.takeIntent(this.split ? this.askSplit(event) : this.strategy.onEvent(event, this.ctx));
  }

  /** The strategy's intent on the event of exchange time lastTs becomes the pending decision (undefined keeps the previous one). */
  private takeIntent(intent: QuoteIntent | undefined): void {
    const ts = this.lastTs;
    if (intent !== undefined) {
      this.step.intent = intent;
      if (intent.diagnostics !== undefined && isBreakerTrip(intent)) this.breakerTrips.push({ ts, reasons: intentReasons(intent) });
      if (intent.flatten === true) this.pendingFlatten = true;
      this.pendingIntent = intent;
      this.pendingTs = ts;
      this.pendingDecisionTs = this.decisionTs;
    }
  }

  /**
   * The replay loop (what runBacktest runs): every event goes through exactly the processing of
   * onEvent, but the per-step record, which only an event-by-event caller reads, is not filled in
   * (no Fill objects unless recordFills or onFill needs them). Then finish().
   */
  run(events: Iterable<MarketEvent>): RunResult {
    this.replaying = true;
    try {
      if (this.fillModel instanceof TradeFillModel) {
        if (this.fusedTradesEligible()) replayTradesFused(this, events, this.fillModel);
        else this.replayTrades(events, this.fillModel);
      }
      else if (this.fillModel instanceof CandleFillModel) {
        if (this.fusedCandlesEligible()) replayCandlesFused(this, events, this.fillModel);
        else this.replayCandles(events, this.fillModel);
      }
      else for (const event of events) this.onEvent(event);
    } finally {
      this.replaying = false;
      this.resetStep(this.lastTs);
      // The loops do not number the step record per event: leave it as onEvent would.
      this.step.eventIndex = this.eventCount - 1;
    }
    return this.finish();
  }

  /**
   * The replay loop of the trade fill model. A trade event goes through the steps of onEvent
   * written out here (the fill model called directly, no per-step record), and the work that
   * cannot change anything is skipped: when neither the mid nor the account changed since the last
   * event (no fill, no fill waiting to be reported), the strategy's context, the pessimistic mark,
   * the liquidation check and the peak / drawdown all stay what the last event made them, so only
   * the clock is updated. Every other event kind (bbo, book, depth), the events before the first
   * mid, events with a receive time and a liquidation in flight go through onEvent itself.
   */
  private replayTrades(events: Iterable<MarketEvent>, model: TradeFillModel): void {
    const inst = this.instrument;
    const ledger = this.ledger;
    const ctx = this.ctx;
    const bids = this.bids;
    const asks = this.asks;
    const pendingFills = this.pendingFills;
    const attributionMark = this.attribution.mark;
    for (const event of events) {
      if (event.kind !== 'trade' || !this.replayable(event)) {
        this.onEvent(event);
        continue;
      }
      const ts = event.ts;
      this.currentTs = ts;
      const fillsBefore = ledger.fillCount;
      // (0) Act on the decision of the previous, complete, exchange timestamp (the same intent on
      // the same inputs only counts its rejected levels again: decide's first case, inline).
      if (ts > this.pendingTs) {
        if (
          this.pendingIntent === this.lastApplied && this.repeatable && !this.pendingFlatten && !this.halted && !this.freshIntent && !this.workingChanged && this.pendingIntent !== undefined &&
          this.mid === this.aMid && ledger.inventoryLots === this.aInventoryLots && ledger.cash === this.aCash &&
          (this.lastPriceTicks === this.aLastTicks || (this.lastPriceTicks !== this.lastPriceTicks && this.aLastTicks !== this.aLastTicks)) &&
          (this.bestBidTicks === this.aBidTicks || (this.bestBidTicks !== this.bestBidTicks && this.aBidTicks !== this.aBidTicks)) &&
          (this.bestAskTicks === this.aAskTicks || (this.bestAskTicks !== this.bestAskTicks && this.aAskTicks !== this.aAskTicks))
        ) {
          this.pendingIntent = undefined;
          this.decisionTs = this.pendingDecisionTs;
          if (this.lastApplyRejectedAny) this.repeatRejections();
        } else if (this.oneLevelDecisionDue(ts)) {
          // One level a side over at most one working order, acting at once: the fused order manager.
          const intent = this.pendingIntent as QuoteIntent;
          this.pendingIntent = undefined;
          this.decisionTs = this.pendingDecisionTs;
          applyOneLevelIntent(this, intent);
        } else this.decide();
      }
      this.advanceClock();
      // (1) Time-weighted statistics (accumulateTime, written out: it is not inlined into a loop
      // this long).
      const dt = ts - this.lastTs;
      if (dt > 0) {
        const abs = Math.abs(ledger.inventoryLots);
        this.absInventoryTime += abs * dt;
        if (abs > 0 && Math.abs(ledger.inventory) * this.mid >= this.limitNotional) this.limitTime += dt;
        if (this.liveSinceLast(bids)) this.bidLiveTime += dt;
        if (this.liveSinceLast(asks)) this.askLiveTime += dt;
      }
      // (2) Arrivals, then matching.
      if (this.unarrived > 0) this.arrive();
      const ticks = inst.priceToTicks(event.price);
      // Only a trade at or through one of our prices on the side it hits can change anything.
      if (event.aggressor === 'sell') {
        if (reachedBy(bids, ticks, true)) model.matchTrade(bids, event, ticks, true, this);
      } else if (reachedBy(asks, ticks, false)) model.matchTrade(asks, event, ticks, false, this);
      if (this.filledThisEvent || bids.cancellingCount > 0) this.purge(bids);
      if (this.filledThisEvent || asks.cancellingCount > 0) this.purge(asks);
      this.filledThisEvent = false;
      // (3) The market: a trade sets the last price, and the mid while no touch is known.
      const bidBefore = this.bestBidTicks;
      const askBefore = this.bestAskTicks;
      this.lastPriceTicks = ticks;
      if (!(bidBefore < askBefore)) this.mid = event.price;
      let lagged = this.contextLagged;
      if (pendingFills.size > 0) {
        this.releaseFills();
        lagged = true;
      }
      this.eventCount++;
      this.lastTs = ts;
      attributionMark[MARK_TS] = ts;
      attributionMark[MARK_MID] = this.mid;
      this.attribution.onMark(false);
      if (this.liquidationPending && ts >= this.liquidationArrivalTs) {
        this.executeLiquidation(event, bidBefore, askBefore);
        lagged = true;
      }
      if (lagged || this.mid !== ctx.mid || ledger.fillCount !== fillsBefore) {
        this.refreshContext();
        this.accountStep(event);
      } else {
        // Same mid, same account: the context but its clock, the marks, the equity-limit check
        // (which did not fire on these inputs, or a liquidation would be in flight) and the peak
        // and drawdown are what the last event left.
        ctx.now = this.decisionTs;
        if (this.quoteInputsSynced && !this.fillReported && !this.halted) {
          // A split strategy whose inputs are those it was last compared on: observe decides.
          const moved = (this.strategy.observe as NonNullable<Strategy['observe']>)(event, ctx);
          this.takeIntent(moved ? this.quoteSplit() : this.lastQuoted);
        } else this.strategyStep(event);
      }
    }
  }

  /**
   * The replay loop of the candle fill model: a bar goes through the steps of onEvent written out
   * here (the fill model called directly, the market update of a bar inline, no per-step record).
   * The first bars (before a mid), bars with a receive time, other event kinds and a liquidation
   * in flight go through onEvent itself.
   */
  private replayCandles(events: Iterable<MarketEvent>, model: CandleFillModel): void {
    const inst = this.instrument;
    const bids = this.bids;
    const asks = this.asks;
    const pendingFills = this.pendingFills;
    const attributionMark = this.attribution.mark;
    const fc = this.fillContext as FillContext;
    for (const event of events) {
      if (event.kind !== 'candle' || !this.replayable(event)) {
        this.onEvent(event);
        continue;
      }
      const ts = event.ts;
      this.currentTs = ts;
      // (0) Act on the decision of the previous, complete, exchange timestamp.
      if (ts > this.pendingTs) this.decide();
      this.advanceClock();
      // (1) Time-weighted statistics up to ts.
      this.accumulateTime();
      // (2) Arrivals, then matching (the candle model reads no fill context).
      if (this.unarrived > 0) this.arrive();
      if (bids.workingCount + bids.cancellingCount + asks.workingCount + asks.cancellingCount > 0) {
        model.match(event, bids, asks, fc, this);
        if (this.filledThisEvent || bids.cancellingCount > 0) this.purge(bids);
        if (this.filledThisEvent || asks.cancellingCount > 0) this.purge(asks);
      }
      this.filledThisEvent = false;
      // (3) The market: the close is the last price and the mid.
      const bidBefore = this.bestBidTicks;
      const askBefore = this.bestAskTicks;
      this.lastPriceTicks = inst.priceToTicks(event.close);
      this.mid = event.close;
      if (pendingFills.size > 0) this.releaseFills();
      this.eventCount++;
      this.lastTs = ts;
      attributionMark[MARK_TS] = ts;
      attributionMark[MARK_MID] = this.mid;
      this.attribution.onMark(true);
      if (this.liquidationPending && ts >= this.liquidationArrivalTs) this.executeLiquidation(event, bidBefore, askBefore);
      this.refreshContext();
      this.accountStep(event);
    }
  }

  /**
   * The run qualifies for the fused candle loop (candle-replay.ts): a split strategy, zero entry,
   * response and feed latency, post-only, no cooldown, no max order age, not L2. Its per-event
   * conditions are checked there; other runs use replayCandles.
   */
  private fusedCandlesEligible(): boolean {
    return (
      this.split && this.l2 === undefined && this.constantEntryMs === 0 && this.constantResponseMs === 0 &&
      this.feedLatencyMs === 0 && this.postOnly && this.cooldownMs === 0 && this.maxAgeMs === 0
    );
  }

  /**
   * The run qualifies for the fused trade loop (trade-replay.ts): a split strategy, constant entry
   * latency, zero response and feed latency, post-only, no cooldown, no max order age (the trade
   * model). Other runs use replayTrades.
   */
  private fusedTradesEligible(): boolean {
    // constantEntryMs is NaN when the entry latency varies (a distribution, not a constant).
    return (
      this.split && this.l2 === undefined && !Number.isNaN(this.constantEntryMs) && this.constantResponseMs === 0 &&
      this.feedLatencyMs === 0 && this.postOnly && this.cooldownMs === 0 && this.maxAgeMs === 0
    );
  }

  /**
   * The pending decision can go through the fused loops' one-level order manager
   * (one-level-order-manager.ts) at exchange time `ts`: one level a side, no flatten, not halted,
   * at most one working order a side and none awaiting a cancel or its arrival, its cancels and
   * orders taking effect at once (constant latency, not L2), post-only, no cooldown or max age.
   */
  private oneLevelDecisionDue(ts: number): boolean {
    const intent = this.pendingIntent;
    const entry = this.constantEntryMs;
    return (
      intent !== undefined && this.repeatable && this.postOnly && this.l2 === undefined && !this.pendingFlatten && !this.halted &&
      this.pendingDecisionTs + entry <= ts && intent.bids.length === 1 && intent.asks.length === 1 && this.unarrived === 0 &&
      this.bids.workingCount <= 1 && this.asks.workingCount <= 1 && this.bids.cancellingCount === 0 && this.asks.cancellingCount === 0
    );
  }

  /**
   * True when a replay loop may process the event itself: the run has started, no liquidation is
   * in flight, no receive time, and its ts is valid (else onEvent throws the DataError naming the row).
   */
  private replayable(event: MarketEvent): boolean {
    const ts = event.ts;
    return this.started && !this.liquidationPending && event.localTs === undefined && ts >= this.lastTs && ts !== Infinity;
  }

  /** A replay loop's event at currentTs (no receive time): the decision clock, and the equity samples due before it. */
  private advanceClock(): void {
    const ts = this.currentTs;
    let decision = ts + this.feedLatencyMs;
    if (decision < this.decisionTs) decision = this.decisionTs;
    this.decisionTs = decision;
    while (ts > this.nextSampleTs) {
      this.pushSample(false);
      this.nextSampleTs += this.sampleIntervalMs;
    }
  }

  /** run() for an async source (e.g. a file stream); the engine work per event is identical. */
  async runAsync(events: AsyncIterable<MarketEvent> | Iterable<MarketEvent>): Promise<RunResult> {
    this.replaying = true;
    try {
      for await (const event of events) this.onEvent(event);
    } finally {
      this.replaying = false;
      this.resetStep(this.lastTs);
    }
    return this.finish();
  }

  /**
   * A split strategy (observe + quote): observe sees the event; quote is called only when its
   * inputs changed since its last call (see core's Strategy), else its last intent stands, as if
   * returned again.
   */
  private askSplit(event: MarketEvent): QuoteIntent | undefined {
    const strategy = this.strategy;
    const ctx = this.ctx;
    const moved = (strategy.observe as NonNullable<Strategy['observe']>)(event, ctx);
    // After this call the inputs it compares equal the context's, until the context changes.
    this.quoteInputsSynced = true;
    if (
      moved || !this.quotedOnce || this.fillReported ||
      !(ctx.mid === this.qMid || (ctx.mid !== ctx.mid && this.qMid !== this.qMid)) ||
      !(ctx.bestBid === this.qBid || (ctx.bestBid !== ctx.bestBid && this.qBid !== this.qBid)) ||
      !(ctx.bestAsk === this.qAsk || (ctx.bestAsk !== ctx.bestAsk && this.qAsk !== this.qAsk)) ||
      ctx.inventoryLots !== this.qInventoryLots ||
      !(ctx.cash === this.qCash || (ctx.cash !== ctx.cash && this.qCash !== this.qCash)) ||
      !(ctx.peakEquity === this.qPeak || (ctx.peakEquity !== ctx.peakEquity && this.qPeak !== this.qPeak))
    ) {
      return this.quoteSplit();
    }
    return this.lastQuoted;
  }

  /** Asks a split strategy for its quote now, remembering the inputs it was asked on. */
  private quoteSplit(): QuoteIntent | undefined {
    const ctx = this.ctx;
    this.quotedOnce = true;
    this.fillReported = false;
    this.qMid = ctx.mid;
    this.qBid = ctx.bestBid;
    this.qAsk = ctx.bestAsk;
    this.qInventoryLots = ctx.inventoryLots;
    this.qCash = ctx.cash;
    this.qPeak = ctx.peakEquity;
    const intent = (this.strategy.quote as NonNullable<Strategy['quote']>)(ctx);
    this.lastQuoted = intent;
    if (intent !== undefined) this.freshIntent = true;
    return intent;
  }

  /**
   * Acts now on the pending decision (the strategy's last intent at the latest exchange
   * timestamp) instead of waiting for a later event: a paper loop calls it once a poll's events
   * are all in. Returns the step record with the resulting order updates. A later event with the
   * same timestamp is still applied, and the strategy's intent on it acted upon at the next flush.
   */
  flush(): EngineStep {
    const step = this.resetStep(this.lastTs);
    this.decide();
    return step;
  }

  /**
   * Ends the run: takes the last equity sample and returns the full result. A decision pending
   * after the last event is not acted upon (no later event could fill it), and neither is a
   * liquidation order still in flight.
   */
  finish(): RunResult {
    if (this.started && !(this.samples.lastTs >= this.lastTs)) this.pushSample(true);
    const result = {
      metrics: this.metrics(),
      equityCurve: [] as EquitySample[],
      fills: this.allFills.slice(),
      liquidations: this.liquidations.slice(),
      breakerTrips: this.breakerTrips.slice(),
      attribution: this.attribution.result(),
      breakEvenMakerFeeBps: this.attribution.breakEvenMakerFeeBps(),
      config: this.config,
      instrument: this.instrument.toJSON(),
      strategy: this.strategy.name,
    };
    // The rows are built on first read (JSON.stringify, structuredClone and spreading all read
    // it), so runs whose caller only needs the metrics do not pay for one object per sample.
    const samples = this.samples;
    const ticksToPrice = (ticks: number) => this.instrument.ticksToPrice(ticks);
    let rows: EquitySample[] | undefined;
    Object.defineProperty(result, 'equityCurve', {
      enumerable: true,
      configurable: true,
      get: () => (rows ??= samples.toRows(ticksToPrice)),
      set: (value: EquitySample[]) => { rows = value; },
    });
    // The samples one at a time (e.g. the 500 points of a chart), as of this call.
    const count = samples.count;
    const series: EquitySeries = { count, row: (i: number) => {
      if (!(i < count)) throw new RangeError(`equity sample ${i} is not in [0, ${count})`);
      return samples.row(i, ticksToPrice);
    } };
    Object.defineProperty(result, 'equitySeries', { value: series, enumerable: false });
    return result as RunResult;
  }

  /** Metrics of the run so far (Sharpe/Sortino from the equity samples taken so far plus the current state). */
  metrics(): RunMetrics {
    const initial = this.started ? this.ctx.initialEquity : this.config.quoteBudget;
    const final = this.started ? this.ctx.equity : initial;
    const interval = this.config.sampleIntervalMs;
    const periodsPerYear = (this.config.daysPerYear * MS_PER_DAY) / interval;
    const withFinal = this.started && !(this.samples.lastTs >= this.lastTs);
    const ratios = this.samples.returnRatios(interval, withFinal ? this.lastTs : NaN, final, periodsPerYear);
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
      sharpe: finiteOrZero(ratios.sharpe),
      sortino: finiteOrZero(ratios.sortino),
      calmar: this.maxDrawdownOfPeak > 0 ? finiteOrZero(annualReturn / this.maxDrawdownOfPeak) : 0,
      maxDrawdown: finiteOrZero(this.maxDrawdownAbs),
      maxDrawdownOfPeak: finiteOrZero(this.maxDrawdownOfPeak),
      quotes: this.quotesPlaced,
      fills,
      makerFills: this.makerFills,
      takerFills: this.takerFills,
      buyFills: this.buyFills,
      sellFills: this.sellFills,
      bidUptime: duration > 0 ? finiteOrZero(this.bidLiveTime / duration) : 0,
      askUptime: duration > 0 ? finiteOrZero(this.askLiveTime / duration) : 0,
      rejectedLevels: { ...this.rejected },
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
    else if (!this.allowShort) lots = Math.min(lots, Math.max(0, this.ledger.inventoryLots));
    if (lots <= 0) return;
    order.remainingLots -= lots;
    this.filledThisEvent = true;
    if (order.side === 'buy') this.lastBidFillTs = this.currentTs;
    else this.lastAskFillTs = this.currentTs;
    this.book(order.side, priceTicks, lots, liquidity, order.id, 'quote');
  }

  /** Logs a post-only rejection on arrival, stamped when we learn of it (arrival + response latency). */
  private recordReject(order: RestingOrder, ts: number): void {
    if (this.replaying) return;
    const update = this.nextUpdate();
    update.kind = 'reject';
    update.ts = ts + this.responseLatency(ts);
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
      this.fillReported = true;
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
    if (this.l2 !== undefined) {
      this.takerSide = side;
      this.takerReason = reason;
      rest = this.l2.take(side === 'buy', lots, NaN, this);
    }
    if (rest > 0) {
      this.lastTakerTicks = fallbackTicks;
      this.book(side, fallbackTicks, rest, 'taker', 0, reason);
    }
    return this.lastTakerTicks;
  }

  private book(side: Side, priceTicks: number, lots: number, liquidity: Liquidity, orderId: number, reason: string): void {
    this.ledger.applyFill(side, priceTicks, lots, liquidity);
    const fee = this.ledger.lastFee;
    this.attribution.mark[MARK_FILL_TS] = this.currentTs;
    this.attribution.onFillAtMark(side, priceTicks, lots, liquidity, reason !== 'quote');
    // A Fill object only where one is kept or handed out (the replay loop without recordFills,
    // onFill or response latency needs none).
    let fill: Fill | undefined;
    if (this.recordFills || !this.replaying) {
      fill = { ts: this.currentTs, orderId, side, priceTicks, sizeLots: lots, liquidity, fee, reason };
      if (this.recordFills) this.allFills.push(fill);
      if (!this.replaying) this.step.fills.push(fill);
    }
    if (liquidity === 'maker') this.makerFills++;
    else this.takerFills++;
    if (side === 'buy') this.buyFills++;
    else this.sellFills++;
    const abs = Math.abs(this.ledger.inventoryLots);
    if (abs > this.maxAbsInventoryLots) this.maxAbsInventoryLots = abs;
    if (orderId !== 0) {
      // Our order filled at the exchange: we hear of it after the response latency.
      const visibleAt = this.currentTs + this.responseLatency(this.currentTs);
      if (visibleAt > this.decisionTs || this.pendingFills.size > 0) {
        this.pendingFills.push(fill ?? { ts: this.currentTs, orderId, side, priceTicks, sizeLots: lots, liquidity, fee, reason }, visibleAt);
        return;
      }
    }
    this.fillReported = true;
    if (this.strategy.onFill) {
      this.refreshContext();
      this.strategy.onFill(fill ?? { ts: this.currentTs, orderId, side, priceTicks, sizeLots: lots, liquidity, fee, reason }, this.ctx);
    }
  }

  /** Entry latency at local time ts (constant latencies without a call). */
  private entryLatency(ts: number): number {
    const c = this.constantEntryMs;
    return c === c ? c : this.latency.entry(ts);
  }

  private responseLatency(ts: number): number {
    const c = this.constantResponseMs;
    return c === c ? c : this.latency.response(ts);
  }

  private start(ts: number): void {
    this.started = true;
    this.firstTs = ts;
    const fraction = this.config.startBaseFraction;
    if (fraction > 0) {
      // The starting allocation at the first mid, on the grid: no fee, not a fill.
      const priceTicks = Math.max(1, this.instrument.priceToTicks(this.mid));
      const lots = this.instrument.floorLots((this.config.quoteBudget * fraction) / this.instrument.ticksToPrice(priceTicks));
      this.ledger.seedInventory(lots, priceTicks);
    }
    this.ledger.setInitialEntryPrice(this.mid);
    this.ctx.initialEquity = this.ledger.equityAt(this.mid);
    this.limitNotional = this.hardFraction * this.ctx.initialEquity - this.instrument.minNotional;
    this.peakEquity = this.ctx.initialEquity;
    this.nextSampleTs = ts;
    this.maxAbsInventoryLots = Math.abs(this.ledger.inventoryLots);
  }

  private updateMarket(event: MarketEvent): void {
    const inst = this.instrument;
    if (this.l2 !== undefined && event.kind !== 'candle') {
      // The L2 model's rebuilt book is the touch (bookTicker only while no depth snapshot is known).
      if (event.kind === 'trade') this.lastPriceTicks = inst.priceToTicks(event.price);
      const t = this.touchScratch;
      if (this.l2.readTouch(t)) {
        this.setTouchTicks(t.bidTicks, t.bidQty, t.askTicks, t.askQty);
        return;
      }
      // No two-sided book (yet): the event's own prices, as for the other models.
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
    this.quoteInputsSynced = false;
    const ledger = this.ledger;
    ctx.now = this.decisionTs;
    ctx.inventoryLots = ledger.inventoryLots;
    ctx.inventory = ledger.inventory;
    ctx.cash = ledger.cash;
    ctx.mid = this.mid;
    ctx.equity = ledger.equityAt(this.mid);
    ctx.peakEquity = this.peakEquity;
    const pending = this.pendingFills;
    this.contextLagged = pending.size > 0;
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

  /**
   * Post-event bookkeeping: peak (at mid) and drawdowns, measured to the equity at the same
   * pessimistic mark as the liquidation check (`worst`: the equity there) (bar low for a long / high for a short; bid / ask on
   * tick data), so a wick that recovers by the close still shows as drawdown.
   */
  private afterEvent(): void {
    const worst = this.worstEquity;
    const equity = this.ledger.equityAt(this.mid);
    // The strategy's view lags the ledger by the fills not yet reported to it (response latency).
    this.ctx.equity = this.pendingFills.size > 0 ? this.ctx.cash + this.ctx.inventory * this.mid : equity;
    if (equity > this.peakEquity) {
      this.peakEquity = equity;
      this.quoteInputsSynced = false;
    }
    this.ctx.peakEquity = this.peakEquity;
    const drop = this.peakEquity - (worst < equity ? worst : equity);
    // The divisions only when the drop may set a new maximum: the products are a conservative
    // pre-check (a relative margin far above float error), the quotients decide as before.
    if (drop > 0 && (drop >= this.maxDrawdownAbs * this.ctx.initialEquity * PRECHECK_MARGIN || drop >= this.maxDrawdownOfPeak * this.peakEquity * PRECHECK_MARGIN)) {
      const ofInitial = drop / this.ctx.initialEquity;
      if (ofInitial > this.maxDrawdownAbs) this.maxDrawdownAbs = ofInitial;
      const ofPeak = drop / this.peakEquity;
      if (ofPeak > this.maxDrawdownOfPeak) this.maxDrawdownOfPeak = ofPeak;
    }
  }

  /**
   * worstEquity = the equity at the worst mark of the event for the position held: bar low (long) /
   * high (short); best bid / ask on tick data; else (or flat) the mid.
   */
  private markWorst(event: MarketEvent): void {
    const inv = this.ledger.inventoryLots;
    let mark = this.mid;
    if (inv !== 0) {
      if (event.kind === 'candle') mark = inv > 0 ? event.low : event.high;
      else if (this.bestBidTicks < this.bestAskTicks) mark = inv > 0 ? this.bestBidPrice : this.bestAskPrice;
    }
    this.worstEquity = this.ledger.equityAt(mark);
  }

  /**
   * Over [lastTs, currentTs), with the state of lastTs: time-weighted |inventory|, time at the hard
   * limit, and per side the time with a live quote (a working order that had arrived by lastTs).
   */
  private accumulateTime(): void {
    // (Reads the clock from fields: a float argument would be boxed on every call.)
    const dt = this.currentTs - this.lastTs;
    if (dt <= 0) return;
    const abs = Math.abs(this.ledger.inventoryLots);
    this.absInventoryTime += abs * dt;
    if (abs > 0) {
      const notional = Math.abs(this.ledger.inventory) * this.mid;
      if (notional >= this.limitNotional) this.limitTime += dt;
    }
    if (this.liveSinceLast(this.bids)) this.bidLiveTime += dt;
    if (this.liveSinceLast(this.asks)) this.askLiveTime += dt;
  }

  /** True when a side has a working order that had reached the exchange by lastTs (read from the field: a float argument would be boxed). */
  private liveSinceLast(side: OrderSide): boolean {
    const ts = this.lastTs;
    for (let i = 0; i < side.workingCount; i++) if (side.working[i].liveFromTs <= ts) return true;
    return false;
  }

  /** Takes the equity sample of grid time nextSampleTs (or, at the end, of lastTs): state before the event being processed. */
  private pushSample(atEnd: boolean): void {
    const ts = atEnd ? this.lastTs : this.nextSampleTs;
    const rec = this.samples;
    const at = rec.next();
    const row = rec.chunk;
    row[at + SAMPLE_TS] = ts;
    // A grid point with no event since the previous one lies in a data gap: not a return period of its own.
    row[at + SAMPLE_OBSERVED] = this.eventCount > this.eventsAtLastSample ? 1 : 0;
    this.eventsAtLastSample = this.eventCount;
    row[at + SAMPLE_CASH] = this.ledger.cash;
    row[at + SAMPLE_INVENTORY] = this.ledger.inventory;
    row[at + SAMPLE_MID] = this.mid;
    // Ticks (turned into prices when the rows are read): no division per sample.
    row[at + SAMPLE_BID] = this.bids.workingCount > 0 ? this.bids.working[0].priceTicks : NaN;
    row[at + SAMPLE_ASK] = this.asks.workingCount > 0 ? this.asks.working[0].priceTicks : NaN;
  }

  /** Drops filled orders everywhere, and cancelled orders whose cancel has taken effect. */
  private purge(side: OrderSide): void {
    const ts = this.currentTs;
    const working = side.working;
    let w = 0;
    for (let i = 0; i < side.workingCount; i++) {
      const order = working[i];
      if (order.remainingLots > 0) working[w++] = order;
      else this.release(order);
    }
    if (w !== side.workingCount) this.workingChanged = true;
    side.workingCount = w;
    if (side.cancellingCount === 0) return;
    const cancelling = side.cancelling;
    w = 0;
    for (let i = 0; i < side.cancellingCount; i++) {
      const order = cancelling[i];
      if (order.remainingLots > 0 && order.cancelAtTs > ts) cancelling[w++] = order;
      else this.release(order);
    }
    side.cancellingCount = w;
  }

  /** Clears the reused step record for a new event (or a flush). */
  private resetStep(ts: number): EngineStep {
    const step = this.step;
    step.ts = ts;
    // pop() keeps the backing store; `length = 0` would free it and the next push would reallocate.
    while (step.fills.length !== 0) step.fills.pop();
    step.orderUpdateCount = 0;
    const r = step.rejectedLevels;
    r.edge = 0; r.inventory = 0; r.balance = 0; r.postOnly = 0; r.minNotional = 0; r.lot = 0;
    step.intent = undefined;
    step.liquidation = undefined;
    return step;
  }

  /** Acts on the pending decision, stamped at its exchange time + feed latency, with the market state of that time. */
  private decide(): void {
    const intent = this.pendingIntent;
    const flatten = this.pendingFlatten;
    this.pendingIntent = undefined;
    this.pendingFlatten = false;
    if (intent === undefined || this.halted) return;
    this.decisionTs = this.pendingDecisionTs;
    if (flatten) this.sendLiquidation('flatten');
    else if (this.repeatable && !this.freshIntent && intent === this.lastApplied && !this.workingChanged && this.orderInputsSame()) this.repeatRejections();
    else if (this.split) this.applyIntentTracked(intent);
    else this.applyIntent(intent);
  }

  /** True when the order manager's market and account inputs are those of the last applyIntent. */
  private orderInputsSame(): boolean {
    return (
      (this.mid === this.aMid || (this.mid !== this.mid && this.aMid !== this.aMid)) &&
      (this.bestBidTicks === this.aBidTicks || (this.bestBidTicks !== this.bestBidTicks && this.aBidTicks !== this.aBidTicks)) &&
      (this.bestAskTicks === this.aAskTicks || (this.bestAskTicks !== this.bestAskTicks && this.aAskTicks !== this.aAskTicks)) &&
      (this.lastPriceTicks === this.aLastTicks || (this.lastPriceTicks !== this.lastPriceTicks && this.aLastTicks !== this.aLastTicks)) &&
      this.ledger.inventoryLots === this.aInventoryLots &&
      (this.ledger.cash === this.aCash || (this.ledger.cash !== this.ledger.cash && this.aCash !== this.aCash))
    );
  }

  /** applyIntent, remembering its inputs and the levels it rejected (countRejected; see repeatRejections). */
  private applyIntentTracked(intent: QuoteIntent): void {
    if (this.lastApplyRejectedAny) {
      const last = this.lastApplyRejected;
      last.edge = 0; last.inventory = 0; last.balance = 0; last.postOnly = 0; last.minNotional = 0; last.lot = 0;
      this.lastApplyRejectedAny = false;
    }
    this.applyIntent(intent);
    this.lastApplied = intent;
    this.freshIntent = false;
    this.workingChanged = false;
    this.aMid = this.mid;
    this.aBidTicks = this.bestBidTicks;
    this.aAskTicks = this.bestAskTicks;
    this.aLastTicks = this.lastPriceTicks;
    this.aInventoryLots = this.ledger.inventoryLots;
    this.aCash = this.ledger.cash;
  }

  /** The same intent on the same inputs: the order manager would keep every order and reject the same levels again. */
  private repeatRejections(): void {
    const last = this.lastApplyRejected;
    const r = this.rejected;
    const s = this.step.rejectedLevels;
    r.edge += last.edge; r.inventory += last.inventory; r.balance += last.balance;
    r.postOnly += last.postOnly; r.minNotional += last.minNotional; r.lot += last.lot;
    s.edge += last.edge; s.inventory += last.inventory; s.balance += last.balance;
    s.postOnly += last.postOnly; s.minNotional += last.minNotional; s.lot += last.lot;
  }

  /**
   * Sends a flattening market order: every working order is cancelled (each can still fill until
   * its cancel arrives) and the order executes when it reaches the exchange, decisionTs +
   * orderLatencyMs, at the touch then (see executeLiquidation), for whatever inventory is held then.
   */
  private sendLiquidation(reason: Liquidation['reason']): void {
    this.cancelAll();
    if (this.liquidationPending) return;
    if (this.ledger.inventoryLots === 0 && reason === 'flatten') return; // nothing to flatten: the orders are cancelled, no liquidation recorded
    this.liquidationPending = true;
    this.liquidationArrivalTs = this.decisionTs + this.entryLatency(this.decisionTs);
    this.liquidationReason = reason;
  }

  /**
   * Executes the flattening order on the first event at or after its arrival, as one taker fill at
   * the pessimistic touch after arrival moved liquidationSlippageBps against us: on a bar, its
   * open if the order arrived by the bar's open, else its low (selling) / high (buying); on tick
   * data the worse of the touch before and after this event (the order arrived between them);
   * with no touch known, the last trade price.
   */
  private executeLiquidation(event: MarketEvent, bidBefore: number, askBefore: number): void {
    this.liquidationPending = false;
    const reason = this.liquidationReason;
    const inv = this.ledger.inventoryLots;
    if (inv === 0 && reason === 'flatten') return;
    const inst = this.instrument;
    const equityBefore = this.ledger.equityAt(this.mid);
    const slip = this.config.risk.liquidationSlippageBps / 10_000;
    const arrivedByOpen = event.kind === 'candle' && this.liquidationArrivalTs <= event.openTime;
    const touchKnown = this.bestBidTicks < this.bestAskTicks;
    const last = Number.isFinite(this.lastPriceTicks) ? inst.ticksToPrice(this.lastPriceTicks) : this.mid;
    let priceTicks = 0;
    if (inv > 0) {
      let ref = touchKnown ? this.bestBidPrice : last;
      if (touchKnown && bidBefore < askBefore && bidBefore < this.bestBidTicks) ref = inst.ticksToPrice(bidBefore);
      if (event.kind === 'candle') ref = arrivedByOpen ? event.open : event.low;
      priceTicks = Math.max(1, inst.floorTicks(ref * (1 - slip)));
      priceTicks = this.takeOrBook('sell', inv, priceTicks, reason === 'flatten' ? 'flatten' : 'liquidation');
    } else if (inv < 0) {
      let ref = touchKnown ? this.bestAskPrice : last;
      if (touchKnown && bidBefore < askBefore && askBefore > this.bestAskTicks) ref = inst.ticksToPrice(askBefore);
      if (event.kind === 'candle') ref = arrivedByOpen ? event.open : event.high;
      priceTicks = inst.ceilTicks(ref * (1 + slip));
      priceTicks = this.takeOrBook('buy', -inv, priceTicks, reason === 'flatten' ? 'flatten' : 'liquidation');
    }
    const record: Liquidation = { ts: this.currentTs, reason, inventoryLots: inv, priceTicks, equityBefore, equityAfter: this.ledger.equityAt(this.mid) };
    this.liquidations.push(record);
    this.step.liquidation = record;
  }

  /** Cancels every working order (each still fills until its cancel takes effect). */
  private cancelAll(): void {
    this.workingChanged = true;
    for (let s = 0; s < 2; s++) {
      const side = s === 0 ? this.bids : this.asks;
      for (let i = 0; i < side.workingCount; i++) this.cancel(side, side.working[i]);
      side.workingCount = 0;
    }
  }

  /**
   * Orders reaching the exchange by `ts` are checked against the touch known when they arrive
   * (the state before this event): a marketable post-only order is rejected (counted as postOnly);
   * a marketable plain limit order fills at once as taker at the touch (no book walk: the whole
   * remaining size at the best price).
   */
  private arrive(): void {
    const ts = this.currentTs;
    for (let s = 0; s < 2; s++) {
      const side = s === 0 ? this.bids : this.asks;
      const isBid = s === 0;
      const touchKnown = this.bestBidTicks < this.bestAskTicks;
      const ref = isBid ? (touchKnown ? this.bestAskTicks : this.lastPriceTicks) : touchKnown ? this.bestBidTicks : this.lastPriceTicks;
      let removed = false;
      for (let pass = 0; pass < 2; pass++) {
        const list = pass === 0 ? side.working : side.cancelling;
        const count = pass === 0 ? side.workingCount : side.cancellingCount;
        for (let i = 0; i < count; i++) {
          const order = list[i];
          if (order.arrived || order.liveFromTs > ts) continue;
          order.arrived = true;
          this.unarrived--;
          // Without a touch the reference is the last trade price, and only a price through it is marketable.
          const marketable = isBid ? (touchKnown ? order.priceTicks >= ref : order.priceTicks > ref) : touchKnown ? order.priceTicks <= ref : order.priceTicks < ref;
          if (!marketable || order.cancelAtTs <= ts) {
            // L2: the queue position starts from the book as the order finds it on arrival.
            if (this.l2 !== undefined && order.cancelAtTs > ts) this.l2.queueOnArrival(order, side, isBid);
            continue;
          }
          if (this.postOnly) {
            this.rejected.postOnly++;
            this.step.rejectedLevels.postOnly++;
            order.remainingLots = 0;
            removed = true;
            this.recordReject(order, ts);
          } else if (this.l2 !== undefined) {
            // L2: take liquidity walking the book up to the limit; the rest rests at the front.
            this.l2.takeOnArrival(order, isBid, this);
            if (order.remainingLots > 0) this.l2.queueOnArrival(order, side, isBid);
            else removed = true;
          } else {
            this.fill(order, order.remainingLots, isBid ? Math.min(order.priceTicks, ref) : Math.max(order.priceTicks, ref), 'taker');
            removed = true;
          }
        }
      }
      if (removed) this.purge(side);
    }
  }

  private recordCancel(order: RestingOrder): void {
    if (this.replaying) return;
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
    const invNotional = Math.abs(this.ledger.inventory) * mid;
    let softFactor = 1;
    // (The division only when the inventory may be over the soft limit: see PRECHECK_MARGIN.)
    const invFraction = invNotional >= this.softFraction * initialEquity * PRECHECK_MARGIN ? invNotional / initialEquity : 0;
    if (invFraction > this.softFraction) {
      const span = this.hardFraction - this.softFraction;
      softFactor = span > 0 ? Math.max(0, (this.hardFraction - invFraction) / span) : 0;
    }
    // Room under the hard limit (inventory) and what the balances allow (spot: asks only sell what is held).
    const bidLimitRoom = Math.max(0, hardLots - inv);
    const askLimitRoom = this.allowShort ? Math.max(0, hardLots + inv) : Number.MAX_SAFE_INTEGER;
    const askBalanceRoom = this.allowShort ? Number.MAX_SAFE_INTEGER : Math.max(0, inv);
    const bidFactor = inv >= 0 ? softFactor : 1;
    const askFactor = inv <= 0 ? softFactor : 1;
    const bidCooling = this.decisionTs < this.lastBidFillTs + this.cooldownMs;
    const askCooling = this.decisionTs < this.lastAskFillTs + this.cooldownMs;
    // The rooms and the size factor go through fields: a float argument of a call that is not inlined is boxed.
    this.sideLimitRoom = bidLimitRoom;
    this.sideBalanceRoom = Number.MAX_SAFE_INTEGER;
    this.sideSizeFactor = bidFactor;
    this.applySide(this.bids, intent.bids, true, bidCooling, inv < 0);
    this.sideLimitRoom = askLimitRoom;
    this.sideBalanceRoom = askBalanceRoom;
    this.sideSizeFactor = askFactor;
    this.applySide(this.asks, intent.asks, false, askCooling, inv > 0);
  }

  /**
   * One side of the order manager. Each level goes through checkLevel; an accepted level keeps the
   * working order at its position when that one is within the refresh tolerance, same size and not
   * too old, else replaces it (cancel + place). Working orders beyond the accepted levels are
   * cancelled. A side quoting one level over at most one working order (the usual case) takes
   * applyOneLevel, the same steps without the loop.
   */
  private applySide(side: OrderSide, levels: QuoteLevel[], isBid: boolean, cooling: boolean, reducing: boolean): void {
    if (levels.length === 1 && side.workingCount <= 1) {
      this.applyOneLevel(side, levels[0], isBid, cooling, reducing);
      return;
    }
    const working = side.working;
    const oldLength = side.workingCount;
    const count = Math.min(levels.length, this.maxLevels);
    this.levelCash = this.ledger.cash;
    const amendable = this.amendable();
    let read = 0; // next existing working order to compare with
    let write = 0; // next slot of the new working list
    for (let i = 0; i < count; i++) {
      const code = this.checkLevel(levels[i], isBid, reducing);
      if (code !== LEVEL_OK) {
        this.countRejected(code);
        continue;
      }
      const price = this.levelPrice;
      const size = this.levelSize;
      const existing = read < oldLength ? working[read] : undefined;
      if (existing !== undefined) {
        read++;
        if (this.keeps(existing, price, size)) {
          if (write !== read - 1) working[write] = existing;
          write++;
          continue;
        }
        if (!cooling && amendable) {
          this.amend(existing, side.side, price, size, isBid);
          if (write !== read - 1) working[write] = existing;
          write++;
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

  /** applySide for one level over at most one working order. */
  private applyOneLevel(side: OrderSide, level: QuoteLevel, isBid: boolean, cooling: boolean, reducing: boolean): void {
    const existing = side.workingCount === 1 ? side.working[0] : undefined;
    this.levelCash = this.ledger.cash;
    const code = this.checkLevel(level, isBid, reducing);
    if (code !== LEVEL_OK) {
      this.countRejected(code);
      if (existing !== undefined) {
        this.cancel(side, existing);
        side.workingCount = 0;
      }
      return;
    }
    const price = this.levelPrice;
    const size = this.levelSize;
    if (existing !== undefined) {
      if (this.keeps(existing, price, size)) return;
      if (!cooling && this.amendable()) {
        this.amend(existing, side.side, price, size, isBid);
        return;
      }
      this.cancel(side, existing);
      side.workingCount = 0;
    }
    if (cooling) return;
    side.working[0] = this.place(side.side, price, size, isBid);
    side.workingCount = 1;
  }

  /**
   * The checks of one level, in order (a level is counted once, under the first check it fails):
   * lot (positive whole ticks and lots), inventory (soft shrink and hard-limit room), balance (cash
   * for bids, base held for spot asks), edge (fee-aware filter; an inventory-reducing level is
   * moved out to the nearest passing price, or passed unchanged with reduceOnlyBypass, never
   * dropped), postOnly (marketable now), minNotional. Returns LEVEL_OK with the level's price and
   * size in levelPrice / levelSize (and its room and cash taken from sideLimitRoom,
   * sideBalanceRoom and levelCash), or the code of the check it failed.
   */
  private checkLevel(level: QuoteLevel, isBid: boolean, reducing: boolean): number {
    const inst = this.instrument;
    let price = level.priceTicks;
    let size = level.sizeLots;
    if (!(size > 0) || !Number.isInteger(size) || !(price > 0) || !Number.isInteger(price)) return LEVEL_LOT;
    if (this.sideSizeFactor < 1) size = Math.floor(size * this.sideSizeFactor);
    if (size > this.sideLimitRoom) size = this.sideLimitRoom;
    if (!(size > 0)) return LEVEL_INVENTORY;
    if (size > this.sideBalanceRoom) size = this.sideBalanceRoom;
    // Multiplication, not ticksToPrice's division: only used for checks and cash reservation.
    const tickSize = inst.tickSize;
    const perLotCost = this.perLotCost;
    const cash = this.levelCash;
    let priceFloat = price * tickSize;
    if (isBid) {
      const affordable = Math.floor((cash / (priceFloat * perLotCost)) * (1 - 1e-12));
      if (size > affordable) size = affordable;
    }
    if (!(size > 0)) return LEVEL_BALANCE;
    const edgeLimit = this.mid * (isBid ? this.bidEdgeFactor : this.askEdgeFactor);
    if (isBid ? priceFloat > edgeLimit : priceFloat < edgeLimit) {
      if (!reducing) return LEVEL_EDGE;
      if (!this.reduceOnlyBypass) {
        // Never drop an inventory-reducing level: move it out to the nearest price the filter passes.
        price = isBid ? inst.floorTicks(edgeLimit) : inst.ceilTicks(edgeLimit);
        priceFloat = price * tickSize;
        if (isBid) {
          const affordable = Math.floor((cash / (priceFloat * perLotCost)) * (1 - 1e-12));
          if (size > affordable) size = affordable;
        }
        if (!(price > 0) || !(size > 0)) return LEVEL_EDGE;
      }
    }
    if (this.postOnly) {
      // Post-only reference: the opposite touch when known, else the last traded price.
      const touchKnown = this.bestBidTicks < this.bestAskTicks;
      const crossLimit = isBid ? (touchKnown ? this.bestAskTicks - 1 : this.lastPriceTicks) : touchKnown ? this.bestBidTicks + 1 : this.lastPriceTicks;
      if (isBid ? price > crossLimit : price < crossLimit) return LEVEL_POST_ONLY;
    }
    if (!inst.meetsMinNotional(price, size)) return LEVEL_MIN_NOTIONAL;
    // The level takes its room, balance and cash from what the next levels of the side may use.
    this.sideLimitRoom -= size;
    this.sideBalanceRoom -= size;
    if (isBid) this.levelCash = cash - priceFloat * size * perLotCost;
    this.levelPrice = price;
    this.levelSize = size;
    return LEVEL_OK;
  }

  /** Counts a rejected level: run totals, this step's, and this applyIntent's (see repeatRejections). */
  private countRejected(code: number): void {
    const r = this.rejected;
    const s = this.step.rejectedLevels;
    const last = this.lastApplyRejected;
    this.lastApplyRejectedAny = true;
    switch (code) {
      case LEVEL_LOT: r.lot++; s.lot++; last.lot++; return;
      case LEVEL_INVENTORY: r.inventory++; s.inventory++; last.inventory++; return;
      case LEVEL_BALANCE: r.balance++; s.balance++; last.balance++; return;
      case LEVEL_EDGE: r.edge++; s.edge++; last.edge++; return;
      case LEVEL_POST_ONLY: r.postOnly++; s.postOnly++; last.postOnly++; return;
      case LEVEL_MIN_NOTIONAL: r.minNotional++; s.minNotional++; last.minNotional++; return;
    }
  }

  /** The working order stays for a level at `price` x `size`: within the refresh tolerance, same size, not too old. */
  private keeps(order: RestingOrder, price: number, size: number): boolean {
    const maxAge = this.maxAgeMs;
    return Math.abs(order.priceTicks - price) <= this.toleranceTicks && order.requestedLots === size && (maxAge === 0 || this.decisionTs - order.decidedTs < maxAge);
  }

  /**
   * A cancel decided now takes effect at once (constant entry latency, decided no later than now)
   * and no queue position is kept (not L2): replacing an order may then reuse its object (amend).
   */
  private amendable(): boolean {
    const entry = this.constantEntryMs;
    return this.l2 === undefined && entry === entry && this.decisionTs + entry <= this.currentTs;
  }

  /**
   * Cancel + place where the cancel takes effect at once (see amendable): the cancelled order would
   * go back to the pool and be popped again by place (LIFO), so its object becomes the new order
   * directly (new id and fields), with the same records and counts.
   */
  private amend(order: RestingOrder, side: Side, price: number, size: number, isBid: boolean): void {
    this.recordCancel(order);
    if (!order.arrived) this.unarrived--;
    this.initOrder(order, side, price, size, isBid);
  }

  private cancel(side: OrderSide, order: RestingOrder): void {
    this.recordCancel(order);
    const entry = this.constantEntryMs;
    order.cancelAtTs = this.decisionTs + (entry === entry ? entry : this.latency.entry(this.decisionTs));
    if (order.cancelAtTs <= this.currentTs) this.release(order);
    else side.cancelling[side.cancellingCount++] = order;
  }

  /** Returns an order to the pool (an order that never reached the exchange stops being awaited). */
  private release(order: RestingOrder): void {
    if (!order.arrived) {
      order.arrived = true;
      this.unarrived--;
    }
    this.pool.push(order);
  }

  private place(side: Side, priceTicks: number, sizeLots: number, isBid: boolean): RestingOrder {
    const order = this.pool.pop() ?? new RestingOrder();
    this.initOrder(order, side, priceTicks, sizeLots, isBid);
    return order;
  }

  /** Makes `order` (from the pool, or one whose cancel took effect at once) a new order placed now. */
  private initOrder(order: RestingOrder, side: Side, priceTicks: number, sizeLots: number, isBid: boolean): void {
    order.id = this.nextOrderId++;
    order.side = side;
    order.priceTicks = priceTicks;
    order.remainingLots = sizeLots;
    order.requestedLots = sizeLots;
    order.decidedTs = this.decisionTs;
    const entry = this.constantEntryMs;
    order.liveFromTs = this.decisionTs + (entry === entry ? entry : this.latency.entry(this.decisionTs));
    order.cancelAtTs = Infinity;
    order.tradedAtLevel = 0;
    // An order that reaches the exchange before the market state changes (by the event being
    // processed, or the next one after a flush) meets the touch its decision saw: post-only already
    // passed there, so it needs no arrival check. The L2 model always needs the arrival (queue position).
    order.arrived = this.l2 === undefined && this.postOnly && order.liveFromTs <= this.currentTs;
    if (!order.arrived) this.unarrived++;
    // Visible size ahead at our price: the touch size when joining it, 0 when improving it, unknown (Infinity) otherwise.
    let queue = Infinity;
    if (this.bestBidTicks < this.bestAskTicks) {
      if (isBid) queue = priceTicks > this.bestBidTicks ? 0 : priceTicks === this.bestBidTicks ? this.bestBidQty : Infinity;
      else queue = priceTicks < this.bestAskTicks ? 0 : priceTicks === this.bestAskTicks ? this.bestAskQty : Infinity;
    }
    order.queueAhead = queue;
    order.levelQty = queue;
    this.quotesPlaced++;
    if (this.replaying) return;
    const update = this.nextUpdate();
    update.kind = 'place';
    update.ts = this.decisionTs;
    update.orderId = order.id;
    update.side = side;
    update.priceTicks = priceTicks;
    update.sizeLots = sizeLots;
  }

}


/** True when a trade at `tradeTicks` is at or through the price of an open order of `side` (working or awaiting its cancel). */
function reachedBy(side: OrderSide, tradeTicks: number, isBid: boolean): boolean {
  for (let pass = 0; pass < 2; pass++) {
    const list = pass === 0 ? side.working : side.cancelling;
    const count = pass === 0 ? side.workingCount : side.cancellingCount;
    for (let i = 0; i < count; i++) {
      const order = list[i];
      if (order.remainingLots > 0 && (isBid ? tradeTicks <= order.priceTicks : tradeTicks >= order.priceTicks)) return true;
    }
  }
  return false;
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
