import { FEE_RATE_SCALE as CORE_FEE_RATE_SCALE, type Instrument, type Liquidity, type PnlAttribution, type Side } from '@mml/core';
import { ExactSum } from './exact-sum';
import type { Ledger } from './ledger';
import { MarkoutTracker } from './markouts';

const FEE_RATE_SCALE: number = CORE_FEE_RATE_SCALE;
const SCALE = BigInt(FEE_RATE_SCALE);
/** Slots of PnlAttributionTracker.mark. */
export const MARK_TS = 0;
export const MARK_MID = 1;
export const MARK_FILL_TS = 2;

/**
 * The exact parts of a run's PnL, in "half cash units" (tick x lot / (2 x FEE_RATE_SCALE) quote):
 * the unit in which a half-tick mid, a tick price and a fee are all integers, so
 * `pnl = spreadCapture + inventoryPnl - fees - liquidationCost` holds with no rounding at all.
 */
export interface ExactAttribution {
  spreadCapture: bigint;
  inventoryPnl: bigint;
  fees: bigint;
  liquidationCost: bigint;
  /** Ledger equity at the last mid minus at the first mid (same units). */
  pnl: bigint;
  /** PnL of holding the starting inventory untouched (same units). */
  holdPnl: bigint;
}

/**
 * Splits a run's PnL exactly into where it came from, fed by three engine hooks: every booked
 * fill (`onFill`), every market update (`onMarket`) and the end (`result`).
 *
 * Equity marked at the mid, E = cash + inventory x mid, changes only in two ways:
 * - a fill of size q at price p, side s (+1 buy, -1 sell), with the mid m known at fill time:
 *   dE = s q (m - p) - fee. The first term is the spread captured (quote fills) or the
 *   liquidation cost (forced flattening, sign flipped); the fee goes to `fees`.
 * - a mid change dm with inventory I held: dE = I dm, the inventory PnL.
 * Summed over the run: E_end - E_start = spreadCapture + inventoryPnl - fees - liquidationCost,
 * exactly, because the mid is held in half ticks (a bbo mid is (bid + ask) / 2 ticks), prices in
 * ticks, sizes in lots and fees in the ledger's exact units. The sums are integers (ExactSum).
 *
 * The mid used is the engine's mark (candle close, bbo mid, last trade without a book) rounded
 * to the half-tick grid, so on on-grid data it is the same mark the equity curve uses.
 * Hedged PnL = PnL - I0 x (m_end - m_start): what the run made beyond holding its starting
 * inventory (buy-and-hold), so inventory drift is not mistaken for skill.
 */
export class PnlAttributionTracker {
  private readonly instrument: Instrument;
  private readonly ledger: Ledger;
  /** 2 / tickSize: float price -> half ticks. */
  private readonly halfTicksPerPrice: number;
  private readonly halfTickLot: number;
  private readonly spread = new ExactSum();
  private readonly liquidation = new ExactSum();
  /** Maker notional in tick x lot units (float: only for the break-even fee). */
  private makerNotional = 0;
  private started = false;
  private startMidHalf = 0;
  private startInventoryLots = 0;
  private startCashUnits = 0n;
  private mid = NaN;
  private bars = 0;
  private markouts: MarkoutTracker | undefined;
  private barMode = false;
  private lastTs = NaN;
  /** The engine's inputs: ts and mid of a market update (onMark), ts of a fill (onFillAtMark). */
  readonly mark = new Float64Array(3);

  constructor(instrument: Instrument, ledger: Ledger) {
    this.instrument = instrument;
    this.ledger = ledger;
    this.halfTicksPerPrice = 2 / instrument.tickSize;
    this.halfTickLot = (instrument.tickSize * instrument.lotSize) / 2;
  }

  /**
   * Hook: the market's mark after an event was applied (call once per event once the engine has a
   * mid). The first call starts the run (starting cash, inventory and mid); candles switch the
   * markouts to bar horizons.
   */
  onMarket(isBar: boolean, ts: number, mid: number): void {
    this.mark[MARK_TS] = ts;
    this.mark[MARK_MID] = mid;
    this.onMark(isBar);
  }

  /**
   * onMarket with ts and mid written to `mark[MARK_TS]` / `mark[MARK_MID]` first: the engine's loops
   * call this (a float argument of a call that is not inlined is boxed, i.e. allocated).
   */
  onMark(isBar: boolean): void {
    const mid = this.mark[MARK_MID];
    if (!(mid > 0)) return;
    const ts = this.mark[MARK_TS];
    if (!this.started) {
      this.started = true;
      this.barMode = isBar;
      this.markouts = isBar ? MarkoutTracker.forBars() : MarkoutTracker.forTime();
      this.startMidHalf = Math.round(mid * this.halfTicksPerPrice);
      this.mid = mid;
      this.startInventoryLots = this.ledger.inventoryLots;
      this.startCashUnits = this.ledger.cashUnits;
    }
    const markouts = this.markouts as MarkoutTracker;
    // Time horizons end before this event: resolve with the mid known up to now. (The clock is
    // compared here: a call with float arguments that is not inlined boxes them, on every mark.)
    if (!this.barMode && ts > markouts.due) markouts.resolveBefore(ts, this.mid);
    // Nothing else per mark: the mid in half ticks is derived when a fill or the result needs it,
    // and the inventory PnL is what the exact identity leaves (see exact()).
    this.mid = mid;
    this.lastTs = ts;
    if (this.barMode) {
      this.bars++;
      markouts.closeBar(this.bars, mid);
    }
  }

  /** Hook: a fill booked in the ledger. `forced` = liquidation or flatten (not a quote fill). */
  onFill(side: Side, priceTicks: number, lots: number, liquidity: Liquidity, ts: number, forced: boolean): void {
    this.mark[MARK_FILL_TS] = ts;
    this.onFillAtMark(side, priceTicks, lots, liquidity, forced);
  }

  /** onFill with the fill's ts written to `mark[MARK_FILL_TS]` first (the engine's call: no float argument to box). */
  onFillAtMark(side: Side, priceTicks: number, lots: number, liquidity: Liquidity, forced: boolean): void {
    if (!this.started) return;
    const ts = this.mark[MARK_FILL_TS];
    const sign = side === 'buy' ? 1 : -1;
    // side x (mid - price) x lots, in half-tick x lot units.
    const edge = sign * (this.midHalf() - 2 * priceTicks);
    if (forced) this.liquidation.addProduct(-edge, lots);
    else this.spread.addProduct(edge, lots);
    if (liquidity === 'maker') this.makerNotional += priceTicks * lots;
    if (!forced) (this.markouts as MarkoutTracker).add(this.instrument.ticksToPrice(priceTicks), sign, this.barMode ? this.bars : ts);
  }

  /** Exact parts in half cash units (see ExactAttribution). */
  exact(): ExactAttribution {
    const zero = { spreadCapture: 0n, inventoryPnl: 0n, fees: 0n, liquidationCost: 0n, pnl: 0n, holdPnl: 0n };
    if (!this.started) return zero;
    const ledger = this.ledger;
    const midHalf = BigInt(this.midHalf());
    const endEquity = 2n * ledger.cashUnits + BigInt(ledger.inventoryLots) * midHalf * SCALE;
    const startEquity = 2n * this.startCashUnits + BigInt(this.startInventoryLots) * BigInt(this.startMidHalf) * SCALE;
    const pnl = endEquity - startEquity;
    const spreadCapture = this.spread.value * SCALE;
    const fees = 2n * ledger.feesUnits;
    const liquidationCost = this.liquidation.value * SCALE;
    return {
      spreadCapture,
      // Equity at the mid moves only by fills (spread or liquidation edge, fee) and by mid changes
      // times the inventory held, so the sum of inventory x mid change over the run is exactly
      // what the other parts leave of the PnL: computed once here, not accumulated per mark.
      inventoryPnl: pnl - spreadCapture + fees + liquidationCost,
      fees,
      liquidationCost,
      pnl,
      holdPnl: BigInt(this.startInventoryLots) * (midHalf - BigInt(this.startMidHalf)) * SCALE,
    };
  }

  /** The last mark's mid on the half-tick grid. */
  private midHalf(): number {
    return Math.round(this.mid * this.halfTicksPerPrice);
  }

  /** The attribution in quote currency (float views of the exact parts); resolves due markouts. */
  result(): PnlAttribution {
    const markouts = this.markouts ?? MarkoutTracker.forTime();
    // Time horizons that end exactly at the last event are known; bar horizons resolve only on later bars.
    if (this.started && !this.barMode) markouts.resolveUpTo(this.lastTs, this.mid);
    const exact = this.exact();
    const toQuote = (units: bigint): number => (Number(units) / FEE_RATE_SCALE) * this.halfTickLot;
    return {
      spreadCapture: toQuote(exact.spreadCapture),
      inventoryPnl: toQuote(exact.inventoryPnl),
      fees: toQuote(exact.fees),
      liquidationCost: toQuote(exact.liquidationCost),
      hedgedPnl: toQuote(exact.pnl - exact.holdPnl),
      markoutsBps: markouts.stats(),
    };
  }

  /**
   * The maker fee (bps; negative = a rebate) at which this run's PnL would be zero with the same
   * fills: PnL(f) = PnL + makerNotional x (f_now - f), so f* = f_now + PnL / makerNotional.
   * null when nothing filled as maker (any fee gives the same PnL).
   */
  breakEvenMakerFeeBps(): number | null {
    if (!this.started || this.makerNotional <= 0) return null;
    const exact = this.exact();
    const pnlQuote = (Number(exact.pnl) / FEE_RATE_SCALE) * this.halfTickLot;
    const makerNotionalQuote = this.makerNotional * this.instrument.tickSize * this.instrument.lotSize;
    const value = this.instrument.makerFee * 10_000 + (pnlQuote / makerNotionalQuote) * 10_000;
    return Number.isFinite(value) ? value : null;
  }
}
