import { type ConfigOf, type MarketEvent, type StrategyContext, eventMid, parseConfig } from '@mml/core';
import type { RiskState } from './risk-state';

export const RISK_STATE_TRACKER_SCHEMA = {
  barMs: { type: 'number', default: 60_000, min: 1000, integer: true, unit: 'ms', doc: 'bar length on which returns and volatility are measured' },
  sigmaHalfLifeBars: { type: 'number', default: 30, min: 1, unit: 'bars', doc: 'half-life of the fast EWMA of squared bar returns (sigma)' },
  slowSigmaHalfLifeBars: { type: 'number', default: 720, min: 1, unit: 'bars', doc: 'half-life of the slow EWMA of squared bar returns (sigmaSlow)' },
  warmupBars: { type: 'number', default: 20, min: 1, integer: true, unit: 'bars', doc: 'bar returns needed before sigma is reported (NaN before)' },
  sigmaTarget: { type: 'number', default: 0.001, min: 0, exclusiveMin: true, unit: 'fraction per bar', doc: 'per-bar volatility the strategy is sized for (0.001 = 0.1% per 1m bar, calm BTC)' },
  returnWindowBars: { type: 'number', default: 5, min: 1, max: 1000, integer: true, unit: 'bars', doc: 'window of recentReturn (adverse-move detection)' },
  trendWindowBars: { type: 'number', default: 30, min: 1, max: 10_000, integer: true, unit: 'bars', doc: 'window of trendReturn (trend against inventory)' },
} as const;

export type RiskStateTrackerConfig = ConfigOf<typeof RISK_STATE_TRACKER_SCHEMA>;

/**
 * Builds `RiskState` online, one event at a time, from the event and the engine's
 * `StrategyContext`. It only ever looks at the current and past events, so it is free of
 * look-ahead by construction.
 *
 * The mid is sampled once per bar (`barMs`): the first event whose ts falls in a later bar closes
 * the previous one. On candles (ts = close time) every candle is one sample. A gap of k bars
 * (e.g. an exchange halt) gives one return, scaled by 1/sqrt(k) for the volatility estimate so a
 * halt does not look like a volatility spike of one bar; the raw move still counts for
 * recentReturn / trendReturn.
 */
export class RiskStateTracker {
  readonly config: RiskStateTrackerConfig;
  private lastBar = NaN;
  private lastSampleMid = NaN;
  private bars = 0;
  private fastVar = 0;
  private slowVar = 0;
  private fastWeight = 0;
  private slowWeight = 0;
  /**
   * Bar-close mids, a ring of `keep` = the longer return window + 1 entries: `historyCount` valid,
   * the newest at `historyHead - 1`.
   */
  private readonly history: Float64Array;
  private historyHead = 0;
  private historyCount = 0;
  /** windowReturn's answer. */
  private windowed = NaN;
  private mid = NaN;
  private readonly fastAlpha: number;
  private readonly slowAlpha: number;
  /** `bars` and the mid the state's sigmas and window returns were computed for (-1 / NaN: not yet). */
  private statsBars = -1;
  private statsMid = NaN;
  /** The state handed out: one object, updated in place on every event. */
  private readonly state: RiskState;

  constructor(config: unknown = {}) {
    this.config = parseConfig(RISK_STATE_TRACKER_SCHEMA, config, 'riskState');
    this.fastAlpha = ewmaAlpha(this.config.sigmaHalfLifeBars);
    this.slowAlpha = ewmaAlpha(this.config.slowSigmaHalfLifeBars);
    this.history = new Float64Array(Math.max(this.config.returnWindowBars, this.config.trendWindowBars) + 1);
    this.state = {
      now: NaN, mid: NaN, midTicks: NaN, equity: NaN, initialEquity: NaN, peakEquity: NaN, drawdown: 0, inventoryLots: 0, inventory: 0, inventoryFraction: 0,
      sigma: NaN, sigmaSlow: NaN, sigmaTarget: this.config.sigmaTarget, barMs: this.config.barMs, recentReturn: 0, returnWindowBars: this.config.returnWindowBars,
      trendReturn: 0, trendWindowBars: this.config.trendWindowBars, bars: 0,
    };
  }

  /** The risk state after this event. The same object every time (updated in place): copy what you keep. */
  update(event: MarketEvent, ctx: StrategyContext): RiskState {
    const observed = Number.isFinite(ctx.mid) && ctx.mid > 0 ? ctx.mid : eventMid(event);
    if (Number.isFinite(observed) && observed > 0) this.mid = observed;
    // The time is read in sample, not passed: a number passed to a call V8 does not inline is boxed.
    if (Number.isFinite(this.mid)) this.sample(ctx);
    return this.snapshot(ctx);
  }

  private pushHistory(mid: number): void {
    this.history[this.historyHead] = mid;
    this.historyHead = this.historyHead + 1 === this.history.length ? 0 : this.historyHead + 1;
    if (this.historyCount < this.history.length) this.historyCount++;
  }

  private sample(ctx: StrategyContext): void {
    const now = ctx.now;
    const { barMs } = this.config;
    const bar = Math.floor(now / barMs);
    if (Number.isNaN(this.lastBar)) {
      this.lastBar = bar;
      this.lastSampleMid = this.mid;
      this.pushHistory(this.mid);
      return;
    }
    if (bar <= this.lastBar) return;
    const elapsed = bar - this.lastBar;
    const r = Math.log(this.mid / this.lastSampleMid);
    const perBar = (r * r) / elapsed;
    this.fastVar = ewma(this.fastVar, perBar, this.fastAlpha);
    this.slowVar = ewma(this.slowVar, perBar, this.slowAlpha);
    // Bias correction of an EWMA started at 0 (as in Adam): divide by the accumulated weight.
    this.fastWeight = ewma(this.fastWeight, 1, this.fastAlpha);
    this.slowWeight = ewma(this.slowWeight, 1, this.slowAlpha);
    this.bars += 1;
    this.lastBar = bar;
    this.lastSampleMid = this.mid;
    this.pushHistory(this.mid);
  }

  /**
   * The log return over the last `bars` bars (0 until there are that many), into `windowed`: a
   * number returned from a call V8 does not inline is boxed, a heap number per event.
   */
  private windowReturn(bars: number): void {
    if (this.historyCount <= bars || !Number.isFinite(this.mid)) {
      this.windowed = 0;
      return;
    }
    // The entry `bars` before the newest (at historyHead - 1): historyHead - 1 - bars >= -size
    // (bars < size), so one wrap gives the index the remainder would.
    const back = this.historyHead - 1 - bars;
    const then = this.history[back < 0 ? back + this.history.length : back];
    this.windowed = Math.log(this.mid / then);
  }

  private snapshot(ctx: StrategyContext): RiskState {
    const warm = this.bars >= this.config.warmupBars;
    const initialEquity = ctx.initialEquity;
    const drawdown = initialEquity > 0 ? Math.max(0, (ctx.peakEquity - ctx.equity) / initialEquity) : 0;
    const mid = this.mid;
    const held = Number.isFinite(mid) ? Math.abs(ctx.inventory) * mid : 0;
    const state = this.state;
    state.now = ctx.now;
    state.mid = mid;
    // Number.NaN, not NaN: V8 boxes the other number of `x ? y : NaN` (a heap number per event, measured).
    state.midTicks = Number.isFinite(mid) ? mid / ctx.instrument.tickSize : Number.NaN;
    state.equity = ctx.equity;
    state.initialEquity = initialEquity;
    state.peakEquity = ctx.peakEquity;
    state.drawdown = drawdown;
    state.inventoryLots = ctx.inventoryLots;
    state.inventory = ctx.inventory;
    state.inventoryFraction = ctx.quoteBudget > 0 ? held / ctx.quoteBudget : 0;
    // The sigmas move only when a bar closes, the window returns only with the mid or a new bar:
    // recomputed then (on tick data most events change neither).
    if (this.bars !== this.statsBars || mid !== this.statsMid) {
      if (this.bars !== this.statsBars) {
        state.sigma = warm ? Math.sqrt(this.fastVar / this.fastWeight) : Number.NaN;
        state.sigmaSlow = warm ? Math.sqrt(this.slowVar / this.slowWeight) : Number.NaN;
      }
      this.windowReturn(this.config.returnWindowBars);
      state.recentReturn = this.windowed;
      this.windowReturn(this.config.trendWindowBars);
      state.trendReturn = this.windowed;
      this.statsBars = this.bars;
      this.statsMid = mid;
    }
    state.bars = this.bars;
    return state;
  }
}

function ewmaAlpha(halfLifeBars: number): number {
  return 1 - Math.pow(0.5, 1 / halfLifeBars);
}

function ewma(previous: number, value: number, alpha: number): number {
  return previous + alpha * (value - previous);
}
