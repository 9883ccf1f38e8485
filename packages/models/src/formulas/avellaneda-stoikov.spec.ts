import { avellanedaStoikovQuotes, avellanedaStoikovReservationPrice, avellanedaStoikovSpread } from './avellaneda-stoikov';

describe('Avellaneda-Stoikov formulas', () => {
  const base = { mid: 100, q: 2, gamma: 0.1, sigma: 2, tau: 0.5, k: 1.5 };

  it('matches hand-computed reservation price, spread and quotes', () => {
    // r = 100 - 2*0.1*4*0.5 = 99.6; spread = 0.1*4*0.5 + 20*ln(16/15) = 0.2 + 1.290770423
    const quotes = avellanedaStoikovQuotes(base);
    expect(quotes.reservation).toBeCloseTo(99.6, 12);
    expect(quotes.spread).toBeCloseTo(1.490770422751, 10);
    expect(quotes.bid).toBeCloseTo(98.854614788624, 10);
    expect(quotes.ask).toBeCloseTo(100.345385211376, 10);
  });

  it('uses sigma squared, not sigma (the paper, unlike some open implementations)', () => {
    const r1 = avellanedaStoikovReservationPrice({ ...base, sigma: 1 });
    const r2 = avellanedaStoikovReservationPrice({ ...base, sigma: 2 });
    expect(100 - r2).toBeCloseTo(4 * (100 - r1), 12);
  });

  it('q = 0 centres the reservation price on the mid', () => {
    const quotes = avellanedaStoikovQuotes({ ...base, q: 0 });
    expect(quotes.reservation).toBe(100);
    expect((quotes.bid + quotes.ask) / 2).toBeCloseTo(100, 12);
  });

  it('tau -> 0 leaves only the liquidity term and no inventory skew', () => {
    const quotes = avellanedaStoikovQuotes({ ...base, tau: 0 });
    expect(quotes.reservation).toBe(100);
    expect(quotes.spread).toBeCloseTo(20 * Math.log(16 / 15), 12);
    // negative tau (past the horizon) is treated as 0, never as a negative spread contribution
    expect(avellanedaStoikovSpread({ ...base, tau: -1 })).toBeCloseTo(quotes.spread, 12);
  });

  it('gamma -> 0 tends to the risk-neutral spread 2/k', () => {
    expect(avellanedaStoikovSpread({ ...base, gamma: 1e-9 })).toBeCloseTo(2 / 1.5, 8);
    expect(avellanedaStoikovSpread({ ...base, gamma: 0 })).toBe(2 / 1.5);
  });

  it('huge k (deep, liquid book) drives the liquidity term to zero', () => {
    const spread = avellanedaStoikovSpread({ gamma: 0.1, sigma: 2, tau: 0, k: 1e9 });
    expect(spread).toBeGreaterThan(0);
    expect(spread).toBeCloseTo(2e-9, 12);
  });

  it('rejects a non-positive k', () => {
    expect(() => avellanedaStoikovSpread({ ...base, k: 0 })).toThrow(/k must be/);
  });
});
