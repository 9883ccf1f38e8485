import { informedDecay, parseKnownEdgeConfig, type KnownEdgeMarketConfig } from './known-edge-market';

/**
 * The true answer of the known-edge market, in closed form from its parameters (no simulation).
 *
 * A resting order at distance δ (quote units) from the efficient price V, on either side:
 * - inside the spread (δ < spread/2) every marketable order of the other side trades through it:
 *   uninformed at rate (1−φ)A, informed at rate φA;
 * - at or beyond the touch (δ ≥ spread/2) an order trades through it when its reach exceeds δ:
 *   uninformed at rate (1−φ)A·e^(−kδ), informed at rate φA·e^(−k_I δ).
 *   (Prints exactly at the order's price are not counted: whether they fill it depends on the queue
 *   ahead, which is a fill model's business. Quote strictly inside or beyond the touch to avoid them.)
 *
 * Per fill, with the fill price measured against the mid at fill time (= V):
 * - spread capture = δ;
 * - adverse selection = the expected move of the mid against the fill over any horizon that
 *   includes the fill's own instant: J·tick if the taker was informed, 0 otherwise (diffusion and
 *   later arrivals are independent of the fill), so E = π_I(δ)·J·tick with π_I = informed rate / total rate;
 * - edge before fees = capture − adverse selection.
 */
export interface DepthFillRates {
  /** Trade-through rate of uninformed orders, per second. */
  uninformed: number;
  /** Trade-through rate of informed orders, per second. */
  informed: number;
  total: number;
  /** Probability that a fill at this depth was against an informed taker. */
  informedShare: number;
}

export function fillRatesAtDepth(cfgInput: Partial<KnownEdgeMarketConfig> | KnownEdgeMarketConfig, depth: number): DepthFillRates {
  const cfg = parseKnownEdgeConfig(cfgInput);
  if (!(depth >= 0) || !Number.isFinite(depth)) throw new RangeError(`depth must be a finite number >= 0 (quote units from the mid), got ${depth}`);
  const A = cfg.arrivalRatePerSecond;
  const phi = cfg.informedShare;
  const inside = depth < (cfg.spreadTicks * cfg.tickSize) / 2 - 1e-12;
  const uninformed = (1 - phi) * A * (inside ? 1 : Math.exp(-cfg.depthDecayPerQuote * depth));
  const informed = phi * A * (inside ? 1 : Math.exp(-informedDecay(cfg) * depth));
  const total = uninformed + informed;
  return { uninformed, informed, total, informedShare: total > 0 ? informed / total : 0 };
}

/** Expected figures per fill (quote currency per unit of base), and fills per second. */
export interface KnownEdgeTruth {
  spreadCapture: number;
  adverseSelection: number;
  edge: number;
  fillsPerSecond: number;
  /** Share of fills against informed takers. */
  informedFillShare: number;
}

/** A symmetric quote at `depth` from the mid on both sides, re-centred whenever the mid moves. */
export function symmetricQuoteTruth(cfgInput: Partial<KnownEdgeMarketConfig> | KnownEdgeMarketConfig, depth: number): KnownEdgeTruth {
  const cfg = parseKnownEdgeConfig(cfgInput);
  const rates = fillRatesAtDepth(cfg, depth);
  const adverse = rates.informedShare * cfg.informedMoveTicks * cfg.tickSize;
  return { spreadCapture: depth, adverseSelection: adverse, edge: depth - adverse, fillsPerSecond: 2 * rates.total, informedFillShare: rates.informedShare };
}

/**
 * A quoting rule whose distances from the mid depend only on the inventory q (an integer count of
 * fills of one size), e.g. Avellaneda–Stoikov with fixed parameters, re-quoted after every fill
 * and mid move. `bidDepth(q)` / `askDepth(q)` return the distance from the mid, or NaN for no
 * quote on that side (e.g. at an inventory bound).
 */
export interface InventoryQuotingRule {
  minQ: number;
  maxQ: number;
  bidDepth(q: number): number;
  askDepth(q: number): number;
}

export interface InventoryRuleTruth extends KnownEdgeTruth {
  /** Stationary probability of each inventory, minQ..maxQ. */
  inventoryDistribution: { q: number; p: number }[];
}

/**
 * Fills are Poisson with rates that depend on q only, so the inventory is a birth–death chain:
 * up at rate λ(bidDepth(q)), down at rate λ(askDepth(q)). Its stationary law π (detailed balance)
 * weights the per-fill expectations: E[x per fill] = Σ π(q)·Σ_side λ·x / Σ π(q)·Σ_side λ.
 * This is the long-run answer; a finite run starting at q = 0 converges to it.
 */
export function inventoryRuleTruth(cfgInput: Partial<KnownEdgeMarketConfig> | KnownEdgeMarketConfig, rule: InventoryQuotingRule): InventoryRuleTruth {
  const cfg = parseKnownEdgeConfig(cfgInput);
  if (!Number.isInteger(rule.minQ) || !Number.isInteger(rule.maxQ) || rule.minQ > 0 || rule.maxQ < 0) {
    throw new RangeError(`inventory bounds must be integers with minQ <= 0 <= maxQ, got ${rule.minQ}..${rule.maxQ}`);
  }
  const J = cfg.informedMoveTicks * cfg.tickSize;
  const rate = (depth: number) => (Number.isFinite(depth) ? fillRatesAtDepth(cfg, Math.max(0, depth)) : undefined);
  const states: { q: number; bid?: DepthFillRates; ask?: DepthFillRates; bidDepth: number; askDepth: number }[] = [];
  for (let q = rule.minQ; q <= rule.maxQ; q++) {
    const bidDepth = q < rule.maxQ ? rule.bidDepth(q) : NaN;
    const askDepth = q > rule.minQ ? rule.askDepth(q) : NaN;
    states.push({ q, bid: rate(bidDepth), ask: rate(askDepth), bidDepth, askDepth });
  }
  // Detailed balance from q = minQ upwards (log weights avoid under/overflow).
  const logW = [0];
  for (let i = 1; i < states.length; i++) {
    const up = states[i - 1].bid?.total ?? 0;
    const down = states[i].ask?.total ?? 0;
    if (!(up > 0) || !(down > 0)) throw new RangeError(`inventory ${states[i].q} is unreachable or absorbing: give every inner state quotes on both sides`);
    logW.push(logW[i - 1] + Math.log(up) - Math.log(down));
  }
  const maxLog = Math.max(...logW);
  const weights = logW.map((w) => Math.exp(w - maxLog));
  const norm = weights.reduce((a, b) => a + b, 0);
  let fills = 0;
  let capture = 0;
  let adverse = 0;
  let informed = 0;
  for (let i = 0; i < states.length; i++) {
    const p = weights[i] / norm;
    const s = states[i];
    for (const [r, depth] of [[s.bid, s.bidDepth], [s.ask, s.askDepth]] as const) {
      if (!r) continue;
      fills += p * r.total;
      capture += p * r.total * depth;
      adverse += p * r.informed * J;
      informed += p * r.informed;
    }
  }
  return {
    spreadCapture: capture / fills,
    adverseSelection: adverse / fills,
    edge: (capture - adverse) / fills,
    fillsPerSecond: fills,
    informedFillShare: informed / fills,
    inventoryDistribution: states.map((s, i) => ({ q: s.q, p: weights[i] / norm })),
  };
}
