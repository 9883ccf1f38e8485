/**
 * Avellaneda & Stoikov (2008), "High-frequency trading in a limit order book", eqs. (29)-(30):
 *
 *   reservation  r = s - q * gamma * sigma^2 * (T - t)
 *   total spread   = gamma * sigma^2 * (T - t) + (2 / gamma) * ln(1 + gamma / k)
 *   bid = r - spread / 2,  ask = r + spread / 2
 *
 * Units (any consistent set; the paper's): s in price units, sigma in price units per sqrt(time),
 * tau = T - t in the same time unit, k per price unit, gamma per (price unit x inventory unit),
 * q in inventory units. Note sigma SQUARED: several open implementations use sigma, or a normalised
 * inventory, and so are not the paper's model. This one is.
 */
export interface AvellanedaStoikovParams {
  /** Mid price s. */
  mid: number;
  /** Inventory q (inventory units; the paper: shares). */
  q: number;
  /** Risk aversion gamma > 0 (per price unit x inventory unit). */
  gamma: number;
  /** Mid volatility sigma in price units per sqrt(time unit). */
  sigma: number;
  /** Time left to the horizon, tau = T - t >= 0 (time units). */
  tau: number;
  /** Order-arrival intensity decay k > 0 (per price unit). */
  k: number;
}

export interface AvellanedaStoikovQuotes {
  reservation: number;
  spread: number;
  bid: number;
  ask: number;
}

export function avellanedaStoikovReservationPrice(p: Pick<AvellanedaStoikovParams, 'mid' | 'q' | 'gamma' | 'sigma' | 'tau'>): number {
  return avellanedaStoikovReservation(p.mid, p.q, p.gamma, p.sigma, p.tau);
}

/** The reservation price from plain numbers (the quoters' allocation-free path). */
export function avellanedaStoikovReservation(mid: number, q: number, gamma: number, sigma: number, tau: number): number {
  return mid - q * gamma * sigma * sigma * Math.max(0, tau);
}

/**
 * Total optimal spread. The (2/gamma) ln(1 + gamma/k) term tends to 2/k as gamma -> 0 (evaluated
 * with log1p so tiny gamma stays accurate; gamma = 0 exactly returns the limit).
 */
export function avellanedaStoikovSpread(p: Pick<AvellanedaStoikovParams, 'gamma' | 'sigma' | 'tau' | 'k'>): number {
  return avellanedaStoikovSpreadOf(p.gamma, p.sigma, p.tau, p.k);
}

/** The optimal total spread from plain numbers (the quoters' allocation-free path). */
export function avellanedaStoikovSpreadOf(gamma: number, sigma: number, tau: number, k: number): number {
  return avellanedaStoikovInventoryTerm(gamma, sigma, tau) + avellanedaStoikovLiquidityTerm(gamma, k);
}

/** The spread's inventory term gamma sigma^2 (T - t). */
export function avellanedaStoikovInventoryTerm(gamma: number, sigma: number, tau: number): number {
  return gamma * sigma * sigma * Math.max(0, tau);
}

/**
 * The spread's liquidity term (2/gamma) ln(1 + gamma/k), 2/k at gamma = 0; throws for k not a
 * finite number > 0 or gamma not >= 0. A function of gamma and k alone (a quoter keeps it while
 * they stay).
 */
export function avellanedaStoikovLiquidityTerm(gamma: number, k: number): number {
  assertPositive('k', k);
  if (!(gamma >= 0)) throw new RangeError(`gamma must be >= 0, got ${gamma}`);
  return gamma === 0 ? 2 / k : (2 / gamma) * Math.log1p(gamma / k);
}

export function avellanedaStoikovQuotes(p: AvellanedaStoikovParams): AvellanedaStoikovQuotes {
  const reservation = avellanedaStoikovReservationPrice(p);
  const spread = avellanedaStoikovSpread(p);
  return { reservation, spread, bid: reservation - spread / 2, ask: reservation + spread / 2 };
}

function assertPositive(name: string, value: number): void {
  if (!(value > 0) || !Number.isFinite(value)) throw new RangeError(`${name} must be a finite number > 0, got ${value}`);
}
