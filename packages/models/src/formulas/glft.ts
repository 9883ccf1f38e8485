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
  assertGlftInputs(p.gamma, p.xi, p.delta, p.A, p.k);
  return { c1: glftC1(p.xi, p.delta, p.k), c2: glftC2(p.gamma, p.xi, p.delta, p.A, p.k) };
}

/** Throws a RangeError naming the first unusable input (gamma, delta, A, k must be > 0; xi >= 0). */
export function assertGlftInputs(gamma: number, xi: number, delta: number, A: number, k: number): void {
  positive('gamma', gamma);
  positive('delta', delta);
  positive('A', A);
  positive('k', k);
  if (!(xi >= 0)) throw new RangeError(`xi must be >= 0, got ${xi}`);
}

function positive(name: string, value: number): void {
  if (!(value > 0) || !Number.isFinite(value)) throw new RangeError(`${name} must be a finite number > 0, got ${value}`);
}

/** c1 from plain numbers (inputs checked by assertGlftInputs). */
export function glftC1(xi: number, delta: number, k: number): number {
  const x = (xi * delta) / k; // xi Delta / k
  // For x -> 0: ln(1+x)/x -> 1 and (1+x)^(1/x + 1) -> e; below 1e-12 use the limits exactly.
  return x < 1e-12 ? 1 / k : Math.log1p(x) / (xi * delta);
}

/** c2 from plain numbers (inputs checked by assertGlftInputs). */
export function glftC2(gamma: number, xi: number, delta: number, A: number, k: number): number {
  const x = (xi * delta) / k;
  const growth = x < 1e-12 ? Math.E : Math.exp((1 / x + 1) * Math.log1p(x));
  return Math.sqrt((gamma / (2 * A * delta * k)) * growth);
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
