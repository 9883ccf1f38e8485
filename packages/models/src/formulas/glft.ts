/**
 * Gueant, Lehalle & Fernandez-Tapia (2013) closed-form asymptotic quotes, in the form of
 * Gueant (2017) "Optimal market making", with order size Delta:
 *
 *   c1 = (1 / (xi Delta)) ln(1 + xi Delta / k)
 *   c2 = sqrt( gamma / (2 A Delta k) * (1 + xi Delta / k)^(k / (xi Delta) + 1) )
 *   half-spread = c1 + (Delta / 2) sigma c2,   skew = sigma c2
 *   bid depth  delta_b = half-spread + skew * q,   ask depth  delta_a = half-spread - skew * q
 *
 * xi = gamma is the paper's exponential-utility model; xi -> 0 is the risk-adjusted expectation
 * model, with limits c1 -> 1/k and c2 -> sqrt(gamma e / (2 A Delta k)). Units: sigma in price per
 * sqrt(time), A per time unit, k per price unit, gamma per (price x inventory unit), q and Delta in
 * the same inventory unit (here: Delta = 1 order, q in orders).
 */
export interface GlftCoefficientInput {
  gamma: number;
  /** xi: gamma for the utility model, 0 for the risk-adjusted model. */
  xi: number;
  /** Order size Delta in inventory units (1 when q is counted in orders). */
  delta: number;
  /** Intensity at zero depth A (per time unit). */
  A: number;
  /** Intensity decay k (per price unit). */
  k: number;
}

export interface GlftCoefficients {
  c1: number;
  c2: number;
}

export function glftCoefficients(p: GlftCoefficientInput): GlftCoefficients {
  for (const [name, value] of [['gamma', p.gamma], ['delta', p.delta], ['A', p.A], ['k', p.k]] as const) {
    if (!(value > 0) || !Number.isFinite(value)) throw new RangeError(`${name} must be a finite number > 0, got ${value}`);
  }
  if (!(p.xi >= 0)) throw new RangeError(`xi must be >= 0, got ${p.xi}`);
  const x = (p.xi * p.delta) / p.k; // xi Delta / k
  // For x -> 0: ln(1+x)/x -> 1 and (1+x)^(1/x + 1) -> e; below 1e-12 use the limits exactly.
  const small = x < 1e-12;
  const c1 = small ? 1 / p.k : Math.log1p(x) / (p.xi * p.delta);
  const growth = small ? Math.E : Math.exp((1 / x + 1) * Math.log1p(x));
  const c2 = Math.sqrt((p.gamma / (2 * p.A * p.delta * p.k)) * growth);
  return { c1, c2 };
}

export interface GlftQuoteInput extends GlftCoefficientInput {
  mid: number;
  /** Inventory in the same unit as delta. */
  q: number;
  /** Mid volatility in price per sqrt(time). */
  sigma: number;
  /**
   * Inventory bound Q (same unit as q): at q >= Q the bid is withdrawn, at q <= -Q the ask is
   * withdrawn, as in the bounded-inventory problem the asymptotics approximate. Infinity = none.
   */
  maxInventory?: number;
}

export interface GlftQuotes extends GlftCoefficients {
  halfSpread: number;
  skew: number;
  /** Bid price, or NaN when the bid is withdrawn at the inventory bound. */
  bid: number;
  /** Ask price, or NaN when the ask is withdrawn at the inventory bound. */
  ask: number;
  bidDepth: number;
  askDepth: number;
}

export function glftQuotes(p: GlftQuoteInput): GlftQuotes {
  const { c1, c2 } = glftCoefficients(p);
  const halfSpread = c1 + (p.delta / 2) * p.sigma * c2;
  const skew = p.sigma * c2;
  const bidDepth = halfSpread + skew * p.q;
  const askDepth = halfSpread - skew * p.q;
  const bound = p.maxInventory ?? Infinity;
  const bid = p.q >= bound ? NaN : p.mid - bidDepth;
  const ask = p.q <= -bound ? NaN : p.mid + askDepth;
  return { c1, c2, halfSpread, skew, bid, ask, bidDepth, askDepth };
}
