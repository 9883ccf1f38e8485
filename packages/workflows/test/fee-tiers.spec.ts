import { BINANCE_BTCUSDT_SPOT } from '@mml/core';
import { bpsToFraction, fractionToBps, parseFeeTiers, withFeeTier, withFees } from '../src/fee-tiers';

describe('fee tiers', () => {
  it('converts bps and fractions exactly (no float division)', () => {
    expect(bpsToFraction(-0.5)).toBe('-0.00005');
    expect(bpsToFraction(7.5)).toBe('0.00075');
    expect(bpsToFraction(10)).toBe('0.001');
    expect(bpsToFraction(0)).toBe('0');
    expect(bpsToFraction(0.1)).toBe('0.00001');
    expect(fractionToBps('0.001')).toBe(10);
    expect(fractionToBps('-0.00005')).toBe(-0.5);
  });

  it('pairs maker tiers with one taker fee or one per tier; defaults to the instrument', () => {
    expect(parseFeeTiers(undefined, undefined, BINANCE_BTCUSDT_SPOT)).toEqual([{ makerFeeBps: 10, takerFeeBps: 10 }]);
    expect(parseFeeTiers('-0.5,0,2,10', undefined, BINANCE_BTCUSDT_SPOT)).toEqual([
      { makerFeeBps: -0.5, takerFeeBps: 10 }, { makerFeeBps: 0, takerFeeBps: 10 }, { makerFeeBps: 2, takerFeeBps: 10 }, { makerFeeBps: 10, takerFeeBps: 10 },
    ]);
    expect(parseFeeTiers('-0.5,2', '5,7.5', BINANCE_BTCUSDT_SPOT)).toEqual([{ makerFeeBps: -0.5, takerFeeBps: 5 }, { makerFeeBps: 2, takerFeeBps: 7.5 }]);
    expect(withFeeTier(BINANCE_BTCUSDT_SPOT, { makerFeeBps: -0.5, takerFeeBps: 7.5 })).toMatchObject({ makerFee: '-0.00005', takerFee: '0.00075' });
  });

  it('names the option and the allowed range on bad input', () => {
    expect(() => parseFeeTiers('1,abc', undefined, BINANCE_BTCUSDT_SPOT)).toThrow('--maker-fee-bps must be a comma-separated list of fees in bps within (-1000, 1000), got "1,abc"');
    expect(() => parseFeeTiers('1000', undefined, BINANCE_BTCUSDT_SPOT)).toThrow(/--maker-fee-bps/);
    expect(() => parseFeeTiers('1', '-1', BINANCE_BTCUSDT_SPOT)).toThrow('--taker-fee-bps must be a comma-separated list of fees in bps within [0, 1000), got "-1"');
    expect(() => parseFeeTiers('1,2,3', '1,2', BINANCE_BTCUSDT_SPOT)).toThrow(/one value or one per maker tier \(3\), got 2/);
    expect(() => parseFeeTiers('1,1', undefined, BINANCE_BTCUSDT_SPOT)).toThrow(/lists a fee twice/);
    expect(() => parseFeeTiers('', undefined, BINANCE_BTCUSDT_SPOT)).toThrow(/--maker-fee-bps/);
  });
});

describe('withFees (walk-forward and campaign --maker-fee-bps / --taker-fee-bps)', () => {
  it('sets one fee exactly and keeps the other; no fee given = the instrument unchanged', () => {
    const spot = { ...BINANCE_BTCUSDT_SPOT };
    expect(withFees(spot, undefined, undefined)).toBe(spot);
    expect(withFees(spot, -0.5, undefined)).toMatchObject({ makerFee: '-0.00005', takerFee: spot.takerFee });
    expect(withFees(spot, undefined, 7.5)).toMatchObject({ makerFee: spot.makerFee, takerFee: '0.00075' });
  });
});
