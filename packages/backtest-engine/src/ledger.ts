import Decimal from 'decimal.js';
import { ConfigError, FEE_RATE_SCALE as CORE_FEE_RATE_SCALE, type Instrument, type Liquidity, type Side } from '@mml/core';

// A module-local copy: a re-exported binding is read through a getter on every use in compiled CommonJS.
const FEE_RATE_SCALE: number = CORE_FEE_RATE_SCALE;

const SCALE = BigInt(FEE_RATE_SCALE);
/**
 * Largest tick x lot count a limb may hold on the fast path: a sum of two such integers stays
 * below 2^53, so every double addition there is exact. Beyond it the ledger switches to BigInt.
 */
const MAX_EXACT = 2 ** 52;

/** Budget -> cash units, by budget and grid (a research matrix builds many ledgers on few budgets). */
const budgetUnitsMemo = new Map<string, bigint>();

/** The budget in whole cash units (rounded down). Decimal only here, at the boundary. */
function budgetUnits(quoteBudget: number, instrument: Instrument): bigint {
  const key = `${quoteBudget} ${instrument.spec.tickSize} ${instrument.spec.lotSize}`;
  let units = budgetUnitsMemo.get(key);
  if (units === undefined) {
    const exact = new Decimal(String(quoteBudget))
      .times(FEE_RATE_SCALE)
      .dividedBy(new Decimal(instrument.spec.tickSize).times(instrument.spec.lotSize))
      .floor();
    units = BigInt(exact.toFixed(0));
    if (budgetUnitsMemo.size >= 1024) budgetUnitsMemo.clear();
    budgetUnitsMemo.set(key, units);
  }
  return units;
}

/**
 * The exact account of one instrument: cash, inventory, fees.
 *
 * Cash is exact in "cash units" of tick x lot / FEE_RATE_SCALE quote currency. In those units a
 * fill's notional (ticks x lots x FEE_RATE_SCALE) and its fee (ticks x lots x feeParts) are both
 * integers, so cash never drifts: equity = cash + inventoryLots x markTicks x FEE_RATE_SCALE holds
 * exactly, and cash moves only by fills and their fees. Inventory is an integer number of lots.
 *
 * Exact at any size. The fast path keeps two integer limbs in doubles (`whole` tick x lot units
 * and `frac` in [0, FEE_RATE_SCALE)) and checks every result: as long as each limb, each fill's
 * notional and the fees stay within 2^52 tick x lot units (~450 million USDT of cash or of one
 * fill on the BTC/USDT spot grid) every operation is exact. The first operation that would leave
 * that range switches the ledger, for good, to BigInt cash units (slower, still exact). No
 * BigInt is allocated per fill before that. `cashUnits` returns the exact value as a BigInt.
 */
export class Ledger {
  readonly instrument: Instrument;
  /** Quote currency per tick x lot unit (float, for views only). */
  readonly quotePerNotionalUnit: number;

  private initialCashUnitsValue: bigint;
  // Every number field starts as a number (0), not undefined: a field first holding undefined is
  // stored tagged, and each float written to it later allocates a box (once per fill here).
  private initialInventoryLotsValue = 0;
  private cashWhole = 0;
  private cashFrac = 0;
  private feesWhole = 0;
  private feesFrac = 0;
  /** Wide mode: cash and fees as BigInt cash units (the limbs above are then unused). */
  private wide = false;
  private cashBig = 0n;
  private feesBig = 0n;
  private notionalSum = 0;
  private inventoryLotsValue = 0;
  private volumeLotsValue = 0;
  private fillCountValue = 0;
  /** Float views, refreshed on every change. */
  private cashView = 0;
  private inventoryView = 0;
  private feesView = 0;
  private lastFeeView = 0;
  /** Average entry price of the open position (float, for the realised/unrealised split only). */
  private avgCostPrice = 0;
  /** Scratch limbs of the last fee computed (avoids allocating a pair). */
  private feeW = 0;
  private feeF = 0;

  constructor(instrument: Instrument, quoteBudget: number, initialInventory: number) {
    this.instrument = instrument;
    this.quotePerNotionalUnit = instrument.tickSize * instrument.lotSize;
    this.initialCashUnitsValue = budgetUnits(quoteBudget, instrument);
    this.setCashUnits(this.initialCashUnitsValue);
    this.initialInventoryLotsValue = instrument.floorLots(initialInventory);
    if (!Number.isSafeInteger(this.initialInventoryLotsValue)) throw new ConfigError('engine.initialInventory', `${initialInventory} is too large for the ${instrument.spec.lotSize} lot grid`);
    this.inventoryLotsValue = this.initialInventoryLotsValue;
    this.cashView = this.cashViewOf();
    this.inventoryView = instrument.lotsToSize(this.inventoryLotsValue);
  }

  /** Cash at the start (after any starting allocation), in cash units. */
  get initialCashUnits(): bigint { return this.initialCashUnitsValue; }
  /** Inventory at the start (after any starting allocation), in lots. */
  get initialInventoryLots(): number { return this.initialInventoryLotsValue; }
  /** Exact cash in cash units (tick x lot / FEE_RATE_SCALE). */
  get cashUnits(): bigint { return this.wide ? this.cashBig : BigInt(this.cashWhole) * SCALE + BigInt(this.cashFrac); }
  /** Exact fees paid in cash units (negative = net rebates). */
  get feesUnits(): bigint { return this.wide ? this.feesBig : BigInt(this.feesWhole) * SCALE + BigInt(this.feesFrac); }
  /** True once an amount left the fast path's exact range and cash is held as BigInt. */
  get isWide(): boolean { return this.wide; }
  /** Traded notional in quote currency (float). */
  get notional(): number { return this.notionalSum * this.quotePerNotionalUnit; }
  get inventoryLots(): number { return this.inventoryLotsValue; }
  get volumeLots(): number { return this.volumeLotsValue; }
  get fillCount(): number { return this.fillCountValue; }
  /** Cash in quote currency (float view). */
  get cash(): number { return this.cashView; }
  /** Fee of the last fill booked, in quote currency (float view of the exact fee; negative = rebate). */
  get lastFee(): number { return this.lastFeeView; }
  /** Fees paid in quote currency (float view; negative = net rebates). */
  get fees(): number { return this.feesView; }
  /** Inventory in base units (float view). */
  get inventory(): number { return this.inventoryView; }
  get averageEntryPrice(): number { return this.inventoryLotsValue === 0 ? 0 : this.avgCostPrice; }

  /** Exact fee of a fill in cash units (negative = rebate). */
  feeUnits(priceTicks: number, sizeLots: number, liquidity: Liquidity): bigint {
    const parts = liquidity === 'maker' ? this.instrument.makerFeeParts : this.instrument.takerFeeParts;
    return BigInt(priceTicks) * BigInt(sizeLots) * BigInt(parts);
  }

  /** Exact cash needed to buy `sizeLots` at `priceTicks` including the fee, in cash units. */
  buyCostUnits(priceTicks: number, sizeLots: number, liquidity: Liquidity): bigint {
    return BigInt(priceTicks) * BigInt(sizeLots) * SCALE + this.feeUnits(priceTicks, sizeLots, liquidity);
  }

  /** Largest lot count whose cost (fee included) the cash covers exactly; never negative. */
  affordableLots(priceTicks: number, liquidity: Liquidity): number {
    if (this.wide ? this.cashBig <= 0n : this.cashWhole < 0 || (this.cashWhole === 0 && this.cashFrac === 0)) return 0;
    const parts = liquidity === 'maker' ? this.instrument.makerFeeParts : this.instrument.takerFeeParts;
    const perLot = priceTicks * (1 + parts / FEE_RATE_SCALE);
    if (!(perLot > 0)) return Number.MAX_SAFE_INTEGER;
    const cashTickLots = this.wide ? Number(this.cashBig) / FEE_RATE_SCALE : this.cashWhole + this.cashFrac / FEE_RATE_SCALE;
    let lots = Math.floor(cashTickLots / perLot);
    // The float estimate can be off by one either way: settle it with exact comparisons.
    while (lots > 0 && !this.covers(priceTicks, lots, parts)) lots--;
    while (this.covers(priceTicks, lots + 1, parts)) lots++;
    return lots;
  }

  /**
   * Books one fill: the only way cash and inventory change; its fee is then `lastFee`.
   * `sizeLots` and `priceTicks` must be positive integers. (Returns nothing: a float returned by a
   * call that is not inlined is boxed, and the engine needs the fee only when it makes a Fill.)
   */
  applyFill(side: Side, priceTicks: number, sizeLots: number, liquidity: Liquidity): void {
    if (!(sizeLots > 0) || !Number.isSafeInteger(sizeLots) || !(priceTicks > 0) || !Number.isSafeInteger(priceTicks)) {
      throw new RangeError(`invalid fill ${side} ${sizeLots} lots @ ${priceTicks} ticks`);
    }
    const parts = liquidity === 'maker' ? this.instrument.makerFeeParts : this.instrument.takerFeeParts;
    const notional = priceTicks * sizeLots;
    let feeView: number;
    if (this.wide || !this.applyFast(side === 'buy', notional, parts)) {
      if (!this.wide) this.goWide();
      const notionalBig = BigInt(priceTicks) * BigInt(sizeLots);
      const fee = notionalBig * BigInt(parts);
      this.cashBig += side === 'buy' ? -(notionalBig * SCALE) - fee : notionalBig * SCALE - fee;
      this.feesBig += fee;
      feeView = this.unitsToQuote(fee);
    } else {
      feeView = this.viewOf(this.feeW, this.feeF);
    }
    const before = this.inventoryLotsValue;
    this.inventoryLotsValue = side === 'buy' ? before + sizeLots : before - sizeLots;
    if (!Number.isSafeInteger(this.inventoryLotsValue)) throw new RangeError(`inventory of ${this.inventoryLotsValue} lots is beyond exact integers`);
    this.notionalSum += notional;
    this.volumeLotsValue += sizeLots;
    this.fillCountValue++;
    this.cashView = this.cashViewOf();
    this.inventoryView = this.instrument.lotsToSize(this.inventoryLotsValue);
    this.feesView = this.wide ? this.unitsToQuote(this.feesBig) : this.viewOf(this.feesWhole, this.feesFrac);
    this.updateAverageCost(before, this.inventoryLotsValue, this.instrument.ticksToPrice(priceTicks));
    this.lastFeeView = feeView;
  }

  /**
   * The starting allocation: moves `lots` of base into the account at `priceTicks`, paid from cash
   * at exactly lots x ticks (no fee: an initial position, not a trade). Only before any fill; the
   * result becomes the initial cash and inventory.
   */
  seedInventory(lots: number, priceTicks: number): void {
    if (this.fillCountValue !== 0) throw new RangeError('the starting allocation must come before any fill');
    if (!(lots >= 0) || !Number.isSafeInteger(lots) || !(priceTicks > 0) || !Number.isSafeInteger(priceTicks)) {
      throw new RangeError(`invalid starting allocation ${lots} lots @ ${priceTicks} ticks`);
    }
    if (lots === 0) return;
    this.setCashUnits(this.cashUnits - BigInt(lots) * BigInt(priceTicks) * SCALE);
    this.inventoryLotsValue += lots;
    this.initialCashUnitsValue = this.cashUnits;
    this.initialInventoryLotsValue = this.inventoryLotsValue;
    this.cashView = this.cashViewOf();
    this.inventoryView = this.instrument.lotsToSize(this.inventoryLotsValue);
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

  /**
   * The fast path of one fill: commits and returns true when every limb stays within MAX_EXACT
   * (so every double operation was exact); otherwise changes nothing and returns false.
   */
  private applyFast(isBuy: boolean, notional: number, parts: number): boolean {
    if (notional > MAX_EXACT) return false;
    this.computeFee(notional, parts);
    // Two steps, each checked: every operand stays within 2^52, so every sum is exact.
    let w = this.cashWhole + (isBuy ? -notional : notional);
    if (!(Math.abs(w) <= MAX_EXACT)) return false;
    w -= this.feeW;
    let f = this.cashFrac - this.feeF;
    if (f < 0) { f += FEE_RATE_SCALE; w -= 1; }
    let fw = this.feesWhole + this.feeW;
    let ff = this.feesFrac + this.feeF;
    if (ff >= FEE_RATE_SCALE) { ff -= FEE_RATE_SCALE; fw += 1; }
    if (!(Math.abs(w) <= MAX_EXACT && Math.abs(fw) <= MAX_EXACT)) return false;
    this.cashWhole = w;
    this.cashFrac = f;
    this.feesWhole = fw;
    this.feesFrac = ff;
    return true;
  }

  /** Switches to BigInt cash units for good (same exact values). */
  private goWide(): void {
    this.cashBig = BigInt(this.cashWhole) * SCALE + BigInt(this.cashFrac);
    this.feesBig = BigInt(this.feesWhole) * SCALE + BigInt(this.feesFrac);
    this.wide = true;
  }

  /** Sets cash to an exact value: limbs when they fit, else wide mode. */
  private setCashUnits(units: bigint): void {
    const whole = units >= 0n ? units / SCALE : -((-units + SCALE - 1n) / SCALE);
    const frac = units - whole * SCALE;
    if (!this.wide && whole <= BigInt(MAX_EXACT) && whole >= -BigInt(MAX_EXACT)) {
      this.cashWhole = Number(whole);
      this.cashFrac = Number(frac);
    } else {
      if (!this.wide) this.goWide();
      this.cashBig = units;
    }
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

  /** True when the cash covers buying `lots` at `priceTicks` with the given fee parts (exact). */
  private covers(priceTicks: number, lots: number, parts: number): boolean {
    const notional = priceTicks * lots;
    if (this.wide || notional > MAX_EXACT) {
      const n = BigInt(priceTicks) * BigInt(lots);
      return n * SCALE + n * BigInt(parts) <= this.cashUnits;
    }
    this.computeFee(notional, parts);
    let w = notional + this.feeW;
    let f = this.feeF;
    if (f >= FEE_RATE_SCALE) { f -= FEE_RATE_SCALE; w += 1; }
    return w < this.cashWhole || (w === this.cashWhole && f <= this.cashFrac);
  }

  private cashViewOf(): number {
    return this.wide ? this.unitsToQuote(this.cashBig) : this.viewOf(this.cashWhole, this.cashFrac);
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
