import {
  bpsToFraction,
  fractionToBps,
  priceKToRelative,
  priceSigmaToRelative,
  relativeGammaToPrice,
  relativeKToPrice,
  relativeSigmaToPrice,
  sigmaPerBarToPerSecond,
  sigmaPerSecondToPerBar,
} from './units';
import { avellanedaStoikovQuotes } from './avellaneda-stoikov';

describe('unit conversions', () => {
  it('scales sigma per bar to per sqrt(second) and back', () => {
    // 1m bars, sigma 0.0007 per bar -> 0.0007 / sqrt(60) per sqrt(second)
    expect(sigmaPerBarToPerSecond(0.0007, 60)).toBeCloseTo(9.03696114e-5, 12);
    expect(sigmaPerSecondToPerBar(sigmaPerBarToPerSecond(0.0007, 60), 60)).toBeCloseTo(0.0007, 15);
    expect(() => sigmaPerBarToPerSecond(0.0007, 0)).toThrow(/barSeconds/);
  });

  it('converts relative sigma, k and gamma to price units', () => {
    expect(relativeSigmaToPrice(0.001, 28_000)).toBeCloseTo(28, 12);
    expect(priceSigmaToRelative(28, 28_000)).toBeCloseTo(0.001, 15);
    expect(relativeKToPrice(1400, 28_000)).toBeCloseTo(0.05, 15);
    expect(priceKToRelative(0.05, 28_000)).toBeCloseTo(1400, 9);
    expect(relativeGammaToPrice(70, 28_000)).toBeCloseTo(0.0025, 15);
    expect(bpsToFraction(25)).toBe(0.0025);
    expect(fractionToBps(0.0025)).toBe(25);
  });

  it('A-S quotes are invariant under a price rescaling done with these conversions', () => {
    const mid = 28_000;
    const rel = avellanedaStoikovQuotes({ mid: 1, q: 3, gamma: 70, sigma: 9e-5, tau: 3600, k: 1400 });
    const abs = avellanedaStoikovQuotes({
      mid,
      q: 3,
      gamma: relativeGammaToPrice(70, mid),
      sigma: relativeSigmaToPrice(9e-5, mid),
      tau: 3600,
      k: relativeKToPrice(1400, mid),
    });
    expect(abs.reservation).toBeCloseTo(rel.reservation * mid, 6);
    expect(abs.spread).toBeCloseTo(rel.spread * mid, 6);
  });
});
