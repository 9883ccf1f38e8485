import Decimal from 'decimal.js';
import { FEE_RATE_SCALE, type Instrument, type Liquidity, type Side } from '@mml/core';

const SCALE = BigInt(FEE_RATE_SCALE);

/**
 * The exact account of one instrument: cash, inventory, fees.
 *
 * Cash is a BigInt in "cash units" of tick x lot / FEE_RATE_SCALE quote currency. In those units a
 * fill's notional (ticks x lots x FEE_RATE_SCALE) and its fee (ticks x lots x feeParts) are both
 * integers, so cash never drifts: equity = cash + inventoryLots x markTicks x FEE_RATE_SCALE holds
 * exactly, and cash moves only by fills and their fees. Inventory is an integer number of lots.
 * BigInt arithmetic happens only per fill; per-event code reads the cached float views.
 */
export class Ledger {
  readonly instrument: Instrument;
  /** Quote currency per cash unit (float, for views only). */
  readonly quotePerUnit: number;
  readonly initialCashUnits: bigint;
  readonly initialInventoryLots: number;

  private cashUnitsValue: bigint;
  private feesUnitsValue = 0n;
  private notionalUnitsValue = 0n;
  private inventoryLotsValue: number;
  private volumeLotsValue = 0;
  private fillCountValue = 0;
  /** Float views, refreshed on every change. */
  private cashView: number;
  private feesView = 0;
  /** Average entry price of the open position (float, for the realised/unrealised split only). */
  private avgCostPrice = 0;

  constructor(instrument: Instrument, quoteBudget: number, initialInventory: number) {
    this.instrument = instrument;
    this.quotePerUnit = instrument.tickSize * instrument.lotSize / FEE_RATE_SCALE;
    // Decimal only here, at the boundary: the budget becomes whole cash units (rounded down).
    const units = new Decimal(String(quoteBudget))
      .times(FEE_RATE_SCALE)
      .dividedBy(new Decimal(instrument.spec.tickSize).times(instrument.spec.lotSize))
      .floor();
    this.initialCashUnits = BigInt(units.toFixed(0));
    this.cashUnitsValue = this.initialCashUnits;
    this.initialInventoryLots = instrument.floorLots(initialInventory);
    this.inventoryLotsValue = this.initialInventoryLots;
    this.cashView = Number(this.cashUnitsValue) * this.quotePerUnit;
  }

  get cashUnits(): bigint { return this.cashUnitsValue; }
  get feesUnits(): bigint { return this.feesUnitsValue; }
  /** Sum of ticks x lots over all fills (exact traded notional in tick x lot units). */
  get notionalTickLots(): bigint { return this.notionalUnitsValue; }
  get inventoryLots(): number { return this.inventoryLotsValue; }
  get volumeLots(): number { return this.volumeLotsValue; }
  get fillCount(): number { return this.fillCountValue; }
  /** Cash in quote currency (float view). */
  get cash(): number { return this.cashView; }
  /** Fees paid in quote currency (float view; negative = net rebates). */
  get fees(): number { return this.feesView; }
  get inventory(): number { return this.instrument.lotsToSize(this.inventoryLotsValue); }
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

  /** Largest lot count affordable at this price (exact), never negative. */
  affordableLots(priceTicks: number, liquidity: Liquidity): number {
    if (this.cashUnitsValue <= 0n) return 0;
    const parts = liquidity === 'maker' ? this.instrument.makerFeeParts : this.instrument.takerFeeParts;
    const perLot = BigInt(priceTicks) * (SCALE + BigInt(parts));
    if (perLot <= 0n) return Number.MAX_SAFE_INTEGER;
    return Number(this.cashUnitsValue / perLot);
  }

  /**
   * Books one fill: the only way cash and inventory change. Returns the fee in cash units.
   * `sizeLots` must be a positive integer and `priceTicks` a positive integer.
   */
  applyFill(side: Side, priceTicks: number, sizeLots: number, liquidity: Liquidity): bigint {
    if (!(sizeLots > 0) || !Number.isInteger(sizeLots) || !(priceTicks > 0) || !Number.isInteger(priceTicks)) {
      throw new RangeError(`invalid fill ${side} ${sizeLots} lots @ ${priceTicks} ticks`);
    }
    const notional = BigInt(priceTicks * sizeLots);
    const fee = this.feeUnits(priceTicks, sizeLots, liquidity);
    const before = this.inventoryLotsValue;
    if (side === 'buy') {
      this.cashUnitsValue -= notional * SCALE + fee;
      this.inventoryLotsValue += sizeLots;
    } else {
      this.cashUnitsValue += notional * SCALE - fee;
      this.inventoryLotsValue -= sizeLots;
    }
    this.feesUnitsValue += fee;
    this.notionalUnitsValue += notional;
    this.volumeLotsValue += sizeLots;
    this.fillCountValue++;
    this.cashView = Number(this.cashUnitsValue) * this.quotePerUnit;
    this.feesView = Number(this.feesUnitsValue) * this.quotePerUnit;
    this.updateAverageCost(before, this.inventoryLotsValue, this.instrument.ticksToPrice(priceTicks));
    return fee;
  }

  /** Sets the entry price of the starting inventory (its first mark), for the PnL split only. */
  setInitialEntryPrice(price: number): void {
    if (this.fillCountValue === 0 && this.inventoryLotsValue !== 0) this.avgCostPrice = price;
  }

  /** Exact equity in cash units at a mark price in ticks. */
  equityUnits(markTicks: number): bigint {
    return this.cashUnitsValue + BigInt(this.inventoryLotsValue) * BigInt(markTicks) * SCALE;
  }

  /** Equity in quote currency at a float mark (view). */
  equityAt(mark: number): number {
    return this.cashView + this.instrument.lotsToSize(this.inventoryLotsValue) * mark;
  }

  /** Unrealised PnL of the open position against its average entry price (float view). */
  unrealisedPnl(mark: number): number {
    return this.inventoryLotsValue === 0 ? 0 : this.instrument.lotsToSize(this.inventoryLotsValue) * (mark - this.avgCostPrice);
  }

  /** Converts cash units to quote currency (float). */
  unitsToQuote(units: bigint): number {
    return Number(units) * this.quotePerUnit;
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
