import { logRatio } from './log-ratio';

describe('logRatio', () => {
  it('is Math.log(a / b), bit for bit, whether or not the same arguments were asked just before', () => {
    const prices = [30_000, 30_000.01, 29_999.5, 29_999.5, 31_234.56, 1e-8, 5e300, 0.3];
    for (const a of prices) {
      for (const b of prices) {
        expect(Object.is(logRatio(a, b), Math.log(a / b))).toBe(true);
        // Asked again at once (the remembered value) and after another pair.
        expect(Object.is(logRatio(a, b), Math.log(a / b))).toBe(true);
      }
    }
  });

  it('never serves a zero divisor from memory: the sign of the zero decides the quotient', () => {
    expect(logRatio(1, 0)).toBe(Infinity);
    expect(logRatio(1, -0)).toBeNaN();
    expect(logRatio(1, 0)).toBe(Infinity);
    expect(logRatio(NaN, 2)).toBeNaN();
    expect(logRatio(NaN, 2)).toBeNaN();
  });
});
