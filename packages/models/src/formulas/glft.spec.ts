import { glftCoefficients, glftQuotes } from './glft';

describe('GLFT closed-form quotes', () => {
  const p = { gamma: 0.1, xi: 0.1, delta: 1, A: 140, k: 1.5 };

  it('matches hand-computed c1, c2 for xi = gamma', () => {
    // c1 = ln(1 + 1/15) / 0.1; c2 = sqrt(0.1 / 420 * (16/15)^16)
    const { c1, c2 } = glftCoefficients(p);
    expect(c1).toBeCloseTo(0.6453852113757116, 12);
    expect(c2).toBeCloseTo(0.025858608060983, 12);
  });

  it('xi -> 0 reaches the limits c1 = 1/k and c2 = sqrt(gamma e / (2 A Delta k))', () => {
    const limit = glftCoefficients({ ...p, xi: 0 });
    expect(limit.c1).toBeCloseTo(1 / 1.5, 12);
    expect(limit.c2).toBeCloseTo(0.025440321522278677, 12);
    const near = glftCoefficients({ ...p, xi: 1e-7 });
    expect(near.c1).toBeCloseTo(limit.c1, 6);
    expect(near.c2).toBeCloseTo(limit.c2, 6);
  });

  it('gives half-spread, skew and skewed quotes for an inventory', () => {
    const quotes = glftQuotes({ ...p, mid: 100, q: 3, sigma: 2 });
    expect(quotes.halfSpread).toBeCloseTo(0.6712438194366945, 12);
    expect(quotes.skew).toBeCloseTo(0.051717216121966, 12);
    expect(quotes.bid).toBeCloseTo(99.1736045321974, 10);
    expect(quotes.ask).toBeCloseTo(100.5160921710708, 10);
  });

  it('q = 0 is symmetric around the mid', () => {
    const quotes = glftQuotes({ ...p, mid: 100, q: 0, sigma: 2 });
    expect(100 - quotes.bid).toBeCloseTo(quotes.ask - 100, 12);
  });

  it('withdraws the side that would breach the inventory bound', () => {
    const longAtBound = glftQuotes({ ...p, mid: 100, q: 5, sigma: 2, maxInventory: 5 });
    expect(Number.isNaN(longAtBound.bid)).toBe(true);
    expect(Number.isFinite(longAtBound.ask)).toBe(true);
    const shortAtBound = glftQuotes({ ...p, mid: 100, q: -5, sigma: 2, maxInventory: 5 });
    expect(Number.isNaN(shortAtBound.ask)).toBe(true);
    expect(Number.isFinite(shortAtBound.bid)).toBe(true);
  });

  it('huge k collapses the spread towards zero', () => {
    const { c1 } = glftCoefficients({ ...p, k: 1e9 });
    expect(c1).toBeCloseTo(1e-9, 12);
  });

  it('rejects invalid parameters', () => {
    expect(() => glftCoefficients({ ...p, A: 0 })).toThrow(/A must be/);
    expect(() => glftCoefficients({ ...p, xi: -1 })).toThrow(/xi must be/);
  });
});
