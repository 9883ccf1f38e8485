/**
 * The running inventory-risk penalty of a mean-variance market maker over one step:
 * phi q^2 sigma^2 dt. Holding q through a step adds q^2 sigma^2 dt to the variance of terminal
 * wealth, so with phi = gamma / 2 the sum of (spread captured - penalty) over an episode has the
 * expectation of the mean-variance objective E[W] - (gamma/2) Var[W] (up to the variance of the
 * captured spread itself). Units follow the arguments: q in orders, sigma per sqrt(time unit of
 * dt), phi per (price unit x order) as gamma.
 */
export function inventoryPenalty(phi: number, q: number, sigma: number, dt: number): number {
  return phi * q * q * sigma * sigma * dt;
}
