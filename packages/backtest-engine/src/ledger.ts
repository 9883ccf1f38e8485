import Decimal from 'decimal.js';
import { ConfigError, FEE_RATE_SCALE as CORE_FEE_RATE_SCALE, type Instrument, type Liquidity, type Side } from '@mml/core';

// A module-local copy: a re-exported binding is read through a getter on every use in compiled CommonJS.
const FEE_RATE_SCALE: number = CORE_FEE_RATE_SCALE;

const SCALE = BigInt(FEE_RATE_SCALE);
/** Largest tick x lot count a limb may hold while sums stay exact in a double. */
const MAX_EXACT = 2 ** 52;

/**
 * The exact account of one instrument: cash, inventory, fees.
 *
 * Cash is exact in "cash units" of tick x lot / FEE_RATE_SCALE quote currency. In those units a
 * fill's notional (ticks x lots x FEE_RATE_SCALE) and its fee (ticks x lots x feeParts) are both
 * integers, so cash never drifts: equity = cash + inventoryLots x markTicks x FEE_RATE_SCALE holds
 * exactly, and cash moves only by fills and their fees. Inventory is an integer number of lots.
 *
 * For speed the per-fill arithmetic uses two integer limbs held in doubles instead of BigInt:
 * `whole` counts tick x lot units and `frac` in [0, FEE_RATE_SCALE) counts the remainder. Every
 * intermediate stays below 2^53 (checked at construction: budgets up to ~9e15 tick x lot units,
 * i.e. ~900 million USDT on the BTC/USDT grid), so the result is exact. `cashUnits` returns the
 * same value as a BigInt for checks and artifacts.
 */
export class Ledger {
  readonly instrument: Instrument;
  /** Quote currency per tick x lot unit (float, for views only). */
  readonly quotePerNotionalUnit: number;
  readonly initialCashUnits: bigint;
  readonly initialInventoryLots: number;

  private cashWhole: number;
  private cashFrac: number;
  private feesWhole = 0;
  private feesFrac = 0;
  private notionalSum = 0;
  private inventoryLotsValue: number;
  private volumeLotsValue = 0;
  private fillCountValue = 0;
  /** Float views, refreshed on every change. */
  private cashView: number;
  private inventoryView: number;
  private feesView = 0;
  /** Average entry price of the open position (float, for the realised/unrealised split only). */
  private avgCostPrice = 0;
  /** Scratch limbs of the last fee computed (avoids allocating a pair). */
  private feeW = 0;
  private feeF = 0;

  constructor(instrument: Instrument, quoteBudget: number, initialInventory: number) {
    this.instrument = instrument;
    this.quotePerNotionalUnit = instrument.tickSize * instrument.lotSize;
    // Decimal only here, at the boundary: the budget becomes whole cash units (rounded down).
    const units = new Decimal(String(quoteBudget))
      .times(FEE_RATE_SCALE)
      .dividedBy(new Decimal(instrument.spec.tickSize).times(instrument.spec.lotSize))
      .floor();
    this.initialCashUnits = BigInt(units.toFixed(0));
    const whole = units.dividedBy(FEE_RATE_SCALE).floor();
    if (whole.abs().gt(MAX_EXACT)) {
      throw new ConfigError('engine.quoteBudget', `${quoteBudget} is too large for exact cash on a ${instrument.spec.tickSize} x ${instrument.spec.lotSize} grid`);
    }
    this.cashWhole = whole.toNumber();
    this.cashFrac = units.minus(whole.times(FEE_RATE_SCALE)).toNumber();
    this.initialInventoryLots = instrument.floorLots(initialInventory);
    this.inventoryLotsValue = this.initialInventoryLots;
    this.cashView = this.viewOf(this.cashWhole, this.cashFrac);
    this.inventoryView = instrument.lotsToSize(this.inventoryLotsValue);
  }

  /** Exact cash in cash units (tick x lot / FEE_RATE_SCALE). */
  get cashUnits(): bigint { return BigInt(this.cashWhole) * SCALE + BigInt(this.cashFrac); }
  /** Exact fees paid in cash units (negative = net rebates). */
  get feesUnits(): bigint { return BigInt(this.feesWhole) * SCALE + BigInt(this.feesFrac); }
  /** Traded notional in quote currency (float). */
  get notional(): number { return this.notionalSum * this.quotePerNotionalUnit; }
  get inventoryLots(): number { return this.inventoryLotsValue; }
  get volumeLots(): number { return this.volumeLotsValue; }
  get fillCount(): number { return this.fillCountValue; }
  /** Cash in quote currency (float view). */
  get cash(): number { return this.cashView; }
  /** Fees paid in quote currency (float view; negative = net rebates). */
  get fees(): number { return this.feesView; }
  /** Inventory in base units (float view). */
  get inventory(): number { return this.inventoryView; }
  get averageEntryPrice(): number { return this.inventoryLotsValue === 0 ? 0 : this.avgCostPrice; }

  /** Exact fee of a fill in cash units (negative = rebate). */
  feeUnits(priceTicks: number, sizeLots: number, liquidity: Liquidity): bigint {
    const parts = liquidity === 'maker' ? this.instrument.makerFeeParts : this.instrument.takerFeeParts;
    return BigInt(priceTicks * sizeLots) * BigInt(parts);
  }

  /** Exact cash needed to buy `sizeLots` at `priceTicks` including the fee, in cash units. */
  buyCostUnits(priceTicks: number, sizeLots: number, liquidity: Liquidity): bigint {
    return BigInt(priceTicks * sizeLots) * SCALE + this.feeUnits(priceTicks, sizeLots, liquidity);
  }

  /** Largest lot count whose cost (fee included) the cash covers exactly; never negative. */
  affordableLots(priceTicks: number, liquidity: Liquidity): number {
    if (this.cashWhole < 0 || (this.cashWhole === 0 && this.cashFrac === 0)) return 0;
    const parts = liquidity === 'maker' ? this.instrument.makerFeeParts : this.instrument.takerFeeParts;
    const perLot = priceTicks * (1 + parts / FEE_RATE_SCALE);
    if (!(perLot > 0)) return Number.MAX_SAFE_INTEGER;
    let lots = Math.floor((this.cashWhole + this.cashFrac / FEE_RATE_SCALE) / perLot);
    // The float estimate can be off by one either way: settle it with exact comparisons.
    while (lots > 0 && !this.covers(priceTicks, lots, parts)) lots--;
    while (this.covers(priceTicks, lots + 1, parts)) lots++;
    return lots;
  }

  /**
   * Books one fill: the only way cash and inventory change. Returns the fee in quote currency
   * (float view of the exact fee). `sizeLots` and `priceTicks` must be positive integers.
   */
  applyFill(side: Side, priceTicks: number, sizeLots: number, liquidity: Liquidity): number {
    if (!(sizeLots > 0) || !Number.isInteger(sizeLots) || !(priceTicks > 0) || !Number.isInteger(priceTicks)) {
      throw new RangeError(`invalid fill ${side} ${sizeLots} lots @ ${priceTicks} ticks`);
    }
    const notional = priceTicks * sizeLots;
    if (notional > MAX_EXACT) throw new RangeError(`fill notional ${notional} tick x lot units is too large for exact cash`);
    this.computeFee(notional, liquidity === 'maker' ? this.instrument.makerFeeParts : this.instrument.takerFeeParts);
    const before = this.inventoryLotsValue;
    if (side === 'buy') {
      this.addCash(-notional - this.feeW, -this.feeF);
      this.inventoryLotsValue += sizeLots;
    } else {
      this.addCash(notional - this.feeW, -this.feeF);
      this.inventoryLotsValue -= sizeLots;
    }
    let fw = this.feesWhole + this.feeW;
    let ff = this.feesFrac + this.feeF;
    if (ff >= FEE_RATE_SCALE) { ff -= FEE_RATE_SCALE; fw += 1; }
    this.feesWhole = fw;
    this.feesFrac = ff;
    this.notionalSum += notional;
    this.volumeLotsValue += sizeLots;
    this.fillCountValue++;
    this.cashView = this.viewOf(this.cashWhole, this.cashFrac);
    this.inventoryView = this.instrument.lotsToSize(this.inventoryLotsValue);
    this.feesView = this.viewOf(this.feesWhole, this.feesFrac);
    this.updateAverageCost(before, this.inventoryLotsValue, this.instrument.ticksToPrice(priceTicks));
    return this.viewOf(this.feeW, this.feeF);
  }

  /** Sets the entry price of the starting inventory (its first mark), for the PnL split only. */
  setInitialEntryPrice(price: number): void {
    if (this.fillCountValue === 0 && this.inventoryLotsValue !== 0) this.avgCostPrice = price;
  }

  /** Exact equity in cash units at a mark price in ticks. */
  equityUnits(markTicks: number): bigint {
    return this.cashUnits + BigInt(this.inventoryLotsValue) * BigInt(markTicks) * SCALE;
  }

  /** Equity in quote currency at a float mark (view). */
  equityAt(mark: number): number {
    return this.cashView + this.inventoryView * mark;
  }

  /** Unrealised PnL of the open position against its average entry price (float view). */
  unrealisedPnl(mark: number): number {
    return this.inventoryLotsValue === 0 ? 0 : this.instrument.lotsToSize(this.inventoryLotsValue) * (mark - this.avgCostPrice);
  }

  /** Converts cash units to quote currency (float). */
  unitsToQuote(units: bigint): number {
    return Number(units) * (this.quotePerNotionalUnit / FEE_RATE_SCALE);
  }

  /** fee = notional x parts in cash units, as limbs (feeW whole tick x lot units, feeF in [0, SCALE)). */
  private computeFee(notional: number, parts: number): void {
    // notional = hi x SCALE + lo keeps every product below 2^53 (parts < 1e7 since |fee| < 10%).
    const hi = Math.floor(notional / FEE_RATE_SCALE);
    const lo = notional - hi * FEE_RATE_SCALE;
    const low = lo * parts;
    let q = Math.floor(low / FEE_RATE_SCALE);
    let r = low - q * FEE_RATE_SCALE;
    if (r < 0) { r += FEE_RATE_SCALE; q -= 1; } else if (r >= FEE_RATE_SCALE) { r -= FEE_RATE_SCALE; q += 1; }
    this.feeW = hi * parts + q;
    this.feeF = r;
  }

  private addCash(whole: number, frac: number): void {
    let w = this.cashWhole + whole;
    let f = this.cashFrac + frac;
    if (f < 0) { f += FEE_RATE_SCALE; w -= 1; } else if (f >= FEE_RATE_SCALE) { f -= FEE_RATE_SCALE; w += 1; }
    this.cashWhole = w;
    this.cashFrac = f;
  }

  /** True when the cash covers buying `lots` at `priceTicks` with the given fee parts (exact). */
  private covers(priceTicks: number, lots: number, parts: number): boolean {
    const notional = priceTicks * lots;
    if (notional > MAX_EXACT) return false;
    this.computeFee(notional, parts);
    let w = notional + this.feeW;
    let f = this.feeF;
    if (f >= FEE_RATE_SCALE) { f -= FEE_RATE_SCALE; w += 1; }
    return w < this.cashWhole || (w === this.cashWhole && f <= this.cashFrac);
  }

  private viewOf(whole: number, frac: number): number {
    return (whole + frac / FEE_RATE_SCALE) * this.quotePerNotionalUnit;
  }

  private updateAverageCost(before: number, after: number, price: number): void {
    if (after === 0) {
      this.avgCostPrice = 0;
    } else if (before === 0 || Math.sign(before) !== Math.sign(after)) {
      // Opened, or flipped through zero: the new position was all bought at this price.
      this.avgCostPrice = price;
    } else if (Math.abs(after) > Math.abs(before)) {
      this.avgCostPrice = (this.avgCostPrice * Math.abs(before) + price * (Math.abs(after) - Math.abs(before))) / Math.abs(after);
    }
    // Reducing a position keeps its average entry price.
  }
}
