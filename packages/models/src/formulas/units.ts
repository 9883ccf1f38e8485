/**
 * Unit conversions between the ways volatility, intensity decay and risk aversion are quoted.
 *
 * Conventions used across @mml/models:
 * - "relative" (or "log") volatility: standard deviation of log returns, per sqrt(second).
 * - "price" volatility: standard deviation of price changes in quote currency, per sqrt(second)
 *   (what Avellaneda-Stoikov's sigma is: the mid follows ds = sigma dW in price units).
 * - k: intensity decay per quote-currency unit of depth (absolute) or per unit of relative depth
 *   (relative, i.e. depth / mid). Absolute k = relative k / mid.
 * - gamma: risk aversion per (quote-currency unit x inventory unit) (absolute) or per (mid-relative
 *   price unit x inventory unit) (relative). Absolute gamma = relative gamma / mid.
 *
 * Rescaling prices by the mid leaves the A-S and GLFT formulas invariant when sigma, k and gamma
 * are rescaled with these functions, which is why configs can be quoted in relative units and still
 * follow the paper exactly.
 */

/** sigma of log returns per bar -> sigma of log returns per sqrt(second) (Brownian scaling). */
export function sigmaPerBarToPerSecond(sigmaPerBar: number, barSeconds: number): number {
  if (!(barSeconds > 0)) throw new RangeError(`barSeconds must be > 0, got ${barSeconds}`);
  return sigmaPerBar / Math.sqrt(barSeconds);
}

/** sigma per sqrt(second) -> sigma per bar of `barSeconds`. Inverse of sigmaPerBarToPerSecond. */
export function sigmaPerSecondToPerBar(sigmaPerSecond: number, barSeconds: number): number {
  if (!(barSeconds > 0)) throw new RangeError(`barSeconds must be > 0, got ${barSeconds}`);
  return sigmaPerSecond * Math.sqrt(barSeconds);
}

/** Relative (log-return) sigma -> price-unit sigma at the given mid (first-order: dS = S dlnS). */
export function relativeSigmaToPrice(sigmaRelative: number, mid: number): number {
  return sigmaRelative * mid;
}

/** Price-unit sigma -> relative (log-return) sigma at the given mid. */
export function priceSigmaToRelative(sigmaPrice: number, mid: number): number {
  if (!(mid > 0)) throw new RangeError(`mid must be > 0, got ${mid}`);
  return sigmaPrice / mid;
}

/** k per unit of relative depth -> k per quote-currency unit of depth. */
export function relativeKToPrice(kRelative: number, mid: number): number {
  if (!(mid > 0)) throw new RangeError(`mid must be > 0, got ${mid}`);
  return kRelative / mid;
}

/** k per quote-currency unit -> k per unit of relative depth. */
export function priceKToRelative(kPrice: number, mid: number): number {
  return kPrice * mid;
}

/** gamma per mid-relative price unit -> gamma per quote-currency unit (same inventory unit). */
export function relativeGammaToPrice(gammaRelative: number, mid: number): number {
  if (!(mid > 0)) throw new RangeError(`mid must be > 0, got ${mid}`);
  return gammaRelative / mid;
}

/** Basis points -> fraction (25 bps -> 0.0025). */
export function bpsToFraction(bps: number): number {
  return bps / 10_000;
}

/** Fraction -> basis points. */
export function fractionToBps(fraction: number): number {
  return fraction * 10_000;
}
