import type { RiskField, RiskState } from './risk-state';

/** Every RiskState field, in declaration order: a field's bit in the mask is its index here. */
const FIELDS: readonly RiskField[] = [
  'now', 'mid', 'midTicks', 'equity', 'initialEquity', 'peakEquity', 'drawdown', 'inventoryLots', 'inventory', 'inventoryFraction',
  'sigma', 'sigmaSlow', 'sigmaTarget', 'barMs', 'recentReturn', 'returnWindowBars', 'trendReturn', 'trendWindowBars', 'bars',
];

/**
 * The values of some RiskState fields (the ones an overlay stack reads) at one moment, and whether
 * a later state holds bit-identical values in them. Each field is loaded by name, under a mask
 * bit: a loop over field names would be a megamorphic keyed load per field per event.
 */
export class RiskReadsSnapshot {
  private readonly mask: number;
  private readonly last: RiskState = {
    now: NaN, mid: NaN, midTicks: NaN, equity: NaN, initialEquity: NaN, peakEquity: NaN, drawdown: NaN, inventoryLots: NaN, inventory: NaN, inventoryFraction: NaN,
    sigma: NaN, sigmaSlow: NaN, sigmaTarget: NaN, barMs: NaN, recentReturn: NaN, returnWindowBars: NaN, trendReturn: NaN, trendWindowBars: NaN, bars: NaN,
  };

  constructor(reads: readonly RiskField[]) {
    let mask = 0;
    for (const field of reads) {
      const bit = FIELDS.indexOf(field);
      if (bit < 0) throw new Error(`RiskReadsSnapshot: "${String(field)}" is not a RiskState field`);
      mask |= 1 << bit;
    }
    this.mask = mask;
  }

  /** Records the fields' values in `risk` (all of them: copying is cheaper than asking which). */
  take(risk: RiskState): void {
    const last = this.last;
    last.now = risk.now;
    last.mid = risk.mid;
    last.midTicks = risk.midTicks;
    last.equity = risk.equity;
    last.initialEquity = risk.initialEquity;
    last.peakEquity = risk.peakEquity;
    last.drawdown = risk.drawdown;
    last.inventoryLots = risk.inventoryLots;
    last.inventory = risk.inventory;
    last.inventoryFraction = risk.inventoryFraction;
    last.sigma = risk.sigma;
    last.sigmaSlow = risk.sigmaSlow;
    last.sigmaTarget = risk.sigmaTarget;
    last.barMs = risk.barMs;
    last.recentReturn = risk.recentReturn;
    last.returnWindowBars = risk.returnWindowBars;
    last.trendReturn = risk.trendReturn;
    last.trendWindowBars = risk.trendWindowBars;
    last.bars = risk.bars;
  }

  /** True when every read field of `risk` is bit-identical to the recorded one (NaN equals NaN, 0 not -0). */
  same(risk: RiskState): boolean {
    const m = this.mask;
    const l = this.last;
    return (
      ((m & 1) === 0 || same(risk.now, l.now)) &&
      ((m & 2) === 0 || same(risk.mid, l.mid)) &&
      ((m & 4) === 0 || same(risk.midTicks, l.midTicks)) &&
      ((m & 8) === 0 || same(risk.equity, l.equity)) &&
      ((m & 16) === 0 || same(risk.initialEquity, l.initialEquity)) &&
      ((m & 32) === 0 || same(risk.peakEquity, l.peakEquity)) &&
      ((m & 64) === 0 || same(risk.drawdown, l.drawdown)) &&
      ((m & 128) === 0 || same(risk.inventoryLots, l.inventoryLots)) &&
      ((m & 256) === 0 || same(risk.inventory, l.inventory)) &&
      ((m & 512) === 0 || same(risk.inventoryFraction, l.inventoryFraction)) &&
      ((m & 1024) === 0 || same(risk.sigma, l.sigma)) &&
      ((m & 2048) === 0 || same(risk.sigmaSlow, l.sigmaSlow)) &&
      ((m & 4096) === 0 || same(risk.sigmaTarget, l.sigmaTarget)) &&
      ((m & 8192) === 0 || same(risk.barMs, l.barMs)) &&
      ((m & 16384) === 0 || same(risk.recentReturn, l.recentReturn)) &&
      ((m & 32768) === 0 || same(risk.returnWindowBars, l.returnWindowBars)) &&
      ((m & 65536) === 0 || same(risk.trendReturn, l.trendReturn)) &&
      ((m & 131072) === 0 || same(risk.trendWindowBars, l.trendWindowBars)) &&
      ((m & 262144) === 0 || same(risk.bars, l.bars))
    );
  }
}

/** Bit-identical as a double: equal and the same sign of zero, or both NaN. */
function same(a: number, b: number): boolean {
  // Object.is tells 0 from -0 without the two divisions of 1 / a === 1 / b (zeros are common here:
  // flat inventory, no drawdown, no return yet).
  return a === b ? a !== 0 || Object.is(a, b) : a !== a && b !== b;
}
