import Decimal from 'decimal.js';
import fc from 'fast-check';
import { FEE_RATE_SCALE } from '@mml/core';
import { Ledger } from './ledger';
import { BTC, NO_FEES, REBATE } from './testing.test-helpers';

describe('Ledger', () => {
  it('charges maker and taker fees per fill and credits a negative maker fee as a rebate', () => {
    const ledger = new Ledger(BTC, 10_000, 0);
    // Buy 0.1 BTC at 30000.00 as maker: notional 3000, fee 0.1% = 3.
    ledger.applyFill('buy', 3_000_000, 10_000, 'maker');
    expect(ledger.cash).toBeCloseTo(10_000 - 3000 - 3, 9);
    expect(ledger.fees).toBeCloseTo(3, 12);
    ledger.applyFill('sell', 3_010_000, 10_000, 'taker');
    expect(ledger.cash).toBeCloseTo(10_000 - 3003 + 3010 - 3.01, 9);
    expect(ledger.inventoryLots).toBe(0);

    const rebate = new Ledger(REBATE, 10_000, 0);
    rebate.applyFill('buy', 3_000_000, 10_000, 'maker');
    expect(rebate.fees).toBeCloseTo(-0.3, 12);
    expect(rebate.cash).toBeCloseTo(10_000 - 3000 + 0.3, 9);
  });

  it('rounds the starting inventory down to whole lots and refuses off-grid fills', () => {
    const ledger = new Ledger(NO_FEES, 1000, 0.123456789);
    expect(ledger.inventoryLots).toBe(12_345);
    expect(() => ledger.applyFill('buy', 100.5, 1, 'maker')).toThrow(RangeError);
    expect(() => ledger.applyFill('buy', 100, 0, 'maker')).toThrow(RangeError);
  });

  it('keeps cash exact: equity = cash + inventory x mark and cash moves only by fills and fees (property)', () => {
    const fill = fc.record({
      buy: fc.boolean(),
      ticks: fc.integer({ min: 1, max: 10_000_000 }),
      lots: fc.integer({ min: 1, max: 1_000_000 }),
      taker: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(fill, { maxLength: 60 }), fc.integer({ min: 1, max: 10_000_000 }), fc.constantFrom(BTC, NO_FEES, REBATE), (fills, markTicks, instrument) => {
        const ledger = new Ledger(instrument, 12_345.67, 0.5);
        // Independent recomputation in decimal quote currency.
        const tick = new Decimal(instrument.spec.tickSize);
        const lot = new Decimal(instrument.spec.lotSize);
        let cash = new Decimal('12345.67');
        let inventory = ledger.inventoryLots;
        for (const f of fills) {
          const notional = tick.times(f.ticks).times(lot.times(f.lots));
          const rate = new Decimal(f.taker ? instrument.spec.takerFee : instrument.spec.makerFee);
          const fee = notional.times(rate);
          ledger.applyFill(f.buy ? 'buy' : 'sell', f.ticks, f.lots, f.taker ? 'taker' : 'maker');
          cash = f.buy ? cash.minus(notional).minus(fee) : cash.plus(notional).minus(fee);
          inventory += f.buy ? f.lots : -f.lots;
        }
        const unitsPerQuote = new Decimal(FEE_RATE_SCALE).dividedBy(tick.times(lot));
        expect(ledger.cashUnits.toString()).toBe(cash.times(unitsPerQuote).toFixed(0));
        expect(ledger.inventoryLots).toBe(inventory);
        const equity = cash.plus(tick.times(markTicks).times(lot.times(inventory)));
        expect(ledger.equityUnits(markTicks).toString()).toBe(equity.times(unitsPerQuote).toFixed(0));
        // The float views stay within float precision of the exact values.
        expect(Math.abs(ledger.cash - cash.toNumber())).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(cash.toNumber())));
      }),
      { numRuns: 300, seed: 42 },
    );
  });

  it('reports affordable lots exactly, fee included', () => {
    const ledger = new Ledger(BTC, 100, 0);
    // 100 USDT at 100.00 with 0.1% fee: 0.999000999 BTC -> 99900 lots.
    const lots = ledger.affordableLots(10_000, 'maker');
    expect(lots).toBe(99_900);
    expect(ledger.buyCostUnits(10_000, lots, 'maker') <= ledger.cashUnits).toBe(true);
    expect(ledger.buyCostUnits(10_000, lots + 1, 'maker') > ledger.cashUnits).toBe(true);
  });

  it('stays exact beyond the fast path: 400 M USDT + 20 000 BTC sold in chunks, and one fill above 2^52 tick x lot units', () => {
    const ledger = new Ledger(BTC, 400_000_000, 20_000);
    const tick = new Decimal(BTC.spec.tickSize);
    const lot = new Decimal(BTC.spec.lotSize);
    const unitsPerQuote = new Decimal(FEE_RATE_SCALE).dividedBy(tick.times(lot));
    let cash = new Decimal(400_000_000);
    // 20 sells of 1000 BTC at 30 000.01 (each 3e12 x 1e8 = 3e15 tick x lot units, under 2^52 alone).
    for (let i = 0; i < 20; i++) {
      ledger.applyFill('sell', 3_000_001, 100_000_000, 'maker');
      const notional = tick.times(3_000_001).times(lot.times(100_000_000));
      cash = cash.plus(notional).minus(notional.times(BTC.spec.makerFee));
    }
    expect(ledger.isWide).toBe(true);
    expect(ledger.cashUnits.toString()).toBe(cash.times(unitsPerQuote).toFixed(0));
    expect(ledger.inventoryLots).toBe(0);
    // One buy of 10 000 BTC at 1 000 000.00: 1e8 ticks x 1e9 lots = 1e17 > 2^52.
    ledger.applyFill('buy', 100_000_000, 1_000_000_000, 'taker');
    const big = tick.times(100_000_000).times(lot.times(1_000_000_000));
    cash = cash.minus(big).minus(big.times(BTC.spec.takerFee));
    expect(ledger.cashUnits.toString()).toBe(cash.times(unitsPerQuote).toFixed(0));
    expect(ledger.cash).toBeCloseTo(cash.toNumber(), -1);
    expect(ledger.feesUnits > 0n).toBe(true);
  });

  it('keeps the fast path (no BigInt) for ordinary budgets', () => {
    const ledger = new Ledger(BTC, 10_000, 0);
    ledger.applyFill('buy', 3_000_000, 10_000, 'maker');
    expect(ledger.isWide).toBe(false);
  });

  it('seeds a starting position exactly and only before any fill', () => {
    const ledger = new Ledger(NO_FEES, 10_000, 0);
    ledger.seedInventory(5_000_000, 10_000); // 50 BTC at 100.00
    expect(ledger.cash).toBe(5_000);
    expect(ledger.initialInventoryLots).toBe(5_000_000);
    expect(ledger.initialCashUnits).toBe(ledger.cashUnits);
    ledger.applyFill('sell', 10_000, 1, 'maker');
    expect(() => ledger.seedInventory(1, 10_000)).toThrow(RangeError);
  });
});

