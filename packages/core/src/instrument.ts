import Decimal from 'decimal.js';
import { ConfigError } from './errors';
import { decimalPlaces } from './decimal-units';

/**
 * An instrument as configured or as read from an exchange's market metadata. All numbers are
 * decimal strings so that nothing is lost before the grid is known.
 */
export interface InstrumentSpec {
  exchange: string;
  /** Unified symbol, e.g. "BTC/USDT". */
  symbol: string;
  base: string;
  quote: string;
  /** Price grid step in quote currency, e.g. "0.01". */
  tickSize: string;
  /** Size grid step in base currency, e.g. "0.00001". */
  lotSize: string;
  /** Smallest order value (price x size) in quote currency, e.g. "5". */
  minNotional: string;
  /** Maker fee as a fraction of notional, e.g. "0.001"; negative means a rebate. */
  makerFee: string;
  /** Taker fee as a fraction of notional, e.g. "0.001". */
  takerFee: string;
}

/** Fee rates are held exactly as integers in parts per FEE_RATE_SCALE (1e8 = 1e-6 bps resolution). */
export const FEE_RATE_SCALE = 100_000_000;

/**
 * An instrument compiled for fast use: float steps for arithmetic on prices read from data, plus
 * the exact integer representations the ledger uses (ticks, lots, fee parts).
 *
 * Prices inside the engine are integer ticks and sizes are integer lots. Converting a float price
 * that lies on the grid (as every exchange price does) to ticks with `priceToTicks` is exact as long
 * as price / tick < 2^52, which holds for every real instrument.
 */
export class Instrument {
  readonly spec: Readonly<InstrumentSpec>;
  readonly tickSize: number;
  readonly lotSize: number;
  readonly priceDecimals: number;
  readonly sizeDecimals: number;
  readonly minNotional: number;
  readonly makerFee: number;
  readonly takerFee: number;
  /** Maker fee in parts per FEE_RATE_SCALE (exact). */
  readonly makerFeeParts: number;
  /** Taker fee in parts per FEE_RATE_SCALE (exact). */
  readonly takerFeeParts: number;
  /** Smallest order value in units of (tick x lot), rounded up: an order is valid iff ticks*lots >= this. */
  readonly minNotionalUnits: number;

  private readonly invTick: number;
  private readonly invLot: number;

  constructor(spec: InstrumentSpec) {
    for (const key of ['exchange', 'symbol', 'base', 'quote'] as const) {
      if (typeof spec[key] !== 'string' || spec[key].length === 0) {
        throw new ConfigError(`instrument.${key}`, 'must be a non-empty string');
      }
    }
    const tick = positiveDecimal(spec.tickSize, 'instrument.tickSize');
    const lot = positiveDecimal(spec.lotSize, 'instrument.lotSize');
    const minNotional = decimalField(spec.minNotional, 'instrument.minNotional');
    if (minNotional.isNegative()) throw new ConfigError('instrument.minNotional', 'must be >= 0');
    const maker = decimalField(spec.makerFee, 'instrument.makerFee');
    const taker = decimalField(spec.takerFee, 'instrument.takerFee');
    if (maker.abs().gte(0.1) || taker.abs().gte(0.1)) {
      throw new ConfigError('instrument.makerFee/takerFee', 'fee rates are fractions of notional and must lie in (-0.1, 0.1)');
    }
    if (taker.isNegative()) throw new ConfigError('instrument.takerFee', 'a negative taker fee is not supported');
    this.spec = Object.freeze({ ...spec });
    this.tickSize = tick.toNumber();
    this.lotSize = lot.toNumber();
    this.priceDecimals = decimalPlaces(spec.tickSize);
    this.sizeDecimals = decimalPlaces(spec.lotSize);
    this.minNotional = minNotional.toNumber();
    this.makerFee = maker.toNumber();
    this.takerFee = taker.toNumber();
    this.makerFeeParts = exactParts(maker, 'instrument.makerFee');
    this.takerFeeParts = exactParts(taker, 'instrument.takerFee');
    this.minNotionalUnits = minNotional.dividedBy(tick.times(lot)).ceil().toNumber();
    this.invTick = new Decimal(1).dividedBy(tick).toNumber();
    this.invLot = new Decimal(1).dividedBy(lot).toNumber();
  }

  /** Nearest tick for a price that is on the grid (or should be rounded to nearest). */
  priceToTicks(price: number): number {
    return Math.round(price * this.invTick);
  }

  /** Highest tick at or below the price: where a bid goes. */
  floorTicks(price: number): number {
    // The 1e-9 guard absorbs float noise such as 100.29999999999998 for an on-grid 100.30.
    return Math.floor(price * this.invTick + 1e-9);
  }

  /** Lowest tick at or above the price: where an ask goes. */
  ceilTicks(price: number): number {
    return Math.ceil(price * this.invTick - 1e-9);
  }

  ticksToPrice(ticks: number): number {
    // Dividing by the inverse keeps on-grid values printing cleanly (3000001 / 100 = 30000.01).
    return ticks / this.invTick;
  }

  /** Whole lots at or below a size: order sizes are always rounded down. */
  floorLots(size: number): number {
    return Math.floor(size * this.invLot + 1e-9);
  }

  /** Nearest lot for a size that is on the grid. */
  sizeToLots(size: number): number {
    return Math.round(size * this.invLot);
  }

  lotsToSize(lots: number): number {
    return lots / this.invLot;
  }

  /** Order value in quote currency (float; the ledger keeps the exact value). */
  notional(ticks: number, lots: number): number {
    return this.ticksToPrice(ticks) * this.lotsToSize(lots);
  }

  /** True when an order of `lots` at `ticks` meets the exchange's minimum notional. */
  meetsMinNotional(ticks: number, lots: number): boolean {
    return ticks * lots >= this.minNotionalUnits;
  }

  toJSON(): InstrumentSpec {
    return { ...this.spec };
  }
}

export function createInstrument(spec: InstrumentSpec): Instrument {
  return new Instrument(spec);
}

/**
 * Binance spot BTC/USDT as of 2023-2024 (tick 0.01, lot 0.00001, min notional 5, 0.1% fees with no
 * BNB discount). The default for research runs on the shared 1m data and the synthetic market.
 */
export const BINANCE_BTCUSDT_SPOT: InstrumentSpec = Object.freeze({
  exchange: 'binance',
  symbol: 'BTC/USDT',
  base: 'BTC',
  quote: 'USDT',
  tickSize: '0.01',
  lotSize: '0.00001',
  minNotional: '5',
  makerFee: '0.001',
  takerFee: '0.001',
});

/**
 * Binance USD-M BTCUSDT perpetual (linear: margined, settled and quoted in USDT; 1 contract = 1 BTC),
 * from its exchangeInfo filters: PRICE_FILTER tickSize 0.10, LOT_SIZE stepSize 0.001, MIN_NOTIONAL
 * 100 USDT (raised from 5 in 2023), and the VIP 0 fees ccxt's binanceusdm describe() lists for
 * linear contracts: maker 0.02% (2 bps), taker 0.05% (5 bps). A perpetual can be short: run it with
 * the engine's `allowShort: true` (and usually startBaseFraction 0). The ledger treats it as a
 * linear position (PnL in USDT = size x price change); funding payments are not modelled.
 */
export const BINANCE_BTCUSDT_USDM_PERP: InstrumentSpec = Object.freeze({
  exchange: 'binanceusdm',
  symbol: 'BTC/USDT:USDT',
  base: 'BTC',
  quote: 'USDT',
  tickSize: '0.1',
  lotSize: '0.001',
  minNotional: '100',
  makerFee: '0.0002',
  takerFee: '0.0005',
});

function decimalField(text: string, key: string): Decimal {
  if (typeof text !== 'string') throw new ConfigError(key, 'must be a decimal string');
  try {
    const value = new Decimal(text);
    if (!value.isFinite()) throw new Error('not finite');
    return value;
  } catch {
    throw new ConfigError(key, `"${text}" is not a finite decimal number`);
  }
}

function positiveDecimal(text: string, key: string): Decimal {
  const value = decimalField(text, key);
  if (!value.isPositive() || value.isZero()) throw new ConfigError(key, 'must be > 0');
  return value;
}

function exactParts(rate: Decimal, key: string): number {
  const parts = rate.times(FEE_RATE_SCALE);
  if (!parts.isInteger()) throw new ConfigError(key, `fee rate ${rate.toString()} has more than 8 decimal places`);
  return parts.toNumber();
}
