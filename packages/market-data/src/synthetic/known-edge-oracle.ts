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
 * Re-quote timing (the engine's documented rule, and any real market maker's): a quote is re-placed
 * only after every event of the exchange timestamp that filled or moved it has happened, and it is
 * live after the order latency from there (`orderLatencyMs`, 1 ms by default on tick data). An
 * informed order and the jump of V it causes share one timestamp, so the jump always comes before
 * the re-placed quote: an informed order fills a quote once, never "the order, then the re-placed
 * quote". The truth neglects the arrivals that meet a side not yet re-quoted: they fall in the rest
 * of the fill's millisecond (the study's timestamps are whole ms) plus the latency beyond it, a
 * share of about 2A x 0.5 ms ~ 0.5 % of fills at the defaults (A = 5/s, latency <= 1 ms).
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
  const flows = stateFlows(cfg, depth, depth);
  return perFill([{ p: 1, flows }]);
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
 * What can fill a resting quote, per second, from one inventory state (a = ask distance, b = bid
 * distance, NaN = no quote):
 * - a trade printing through it (see the file comment): one fill, adverse J·tick if informed;
 * - the touch moving through it (the engine's fill models fill a quote the market crossed, at its
 *   price): after an informed order V jumps J ticks, so a quote within J − spread/2 of the mid that
 *   the order itself did not reach is crossed by the jump (a quote the order filled is re-placed only
 *   after the jump, see the file comment: one fill, not two); and the diffusive move at each step
 *   boundary crosses a quote at distance d with the probability that the rounded Gaussian move is at
 *   least d + spread/2, the adverse selection being that move.
 * `moves` lists the inventory changes with their rates; the per-second sums of fills, spread
 * capture and adverse selection follow.
 */
interface StateFlows {
  moves: { dq: number; rate: number }[];
  fills: number;
  capture: number;
  adverse: number;
  informedFills: number;
}

function stateFlows(cfg: KnownEdgeMarketConfig, a: number, b: number): StateFlows {
  const tick = cfg.tickSize;
  const h = (cfg.spreadTicks / 2) * tick;
  const J = cfg.informedMoveTicks * tick;
  const A = cfg.arrivalRatePerSecond;
  const phi = cfg.informedShare;
  const out: StateFlows = { moves: [], fills: 0, capture: 0, adverse: 0, informedFills: 0 };
  const add = (dq: number, rate: number, fills: number, capture: number, adverse: number, informed: number) => {
    if (!(rate > 0)) return;
    out.moves.push({ dq, rate });
    out.fills += rate * fills;
    out.capture += rate * capture;
    out.adverse += rate * adverse;
    out.informedFills += rate * informed;
  };
  const through = (depth: number, decay: number) => (depth < h - 1e-12 ? 1 : Math.exp(-decay * depth));
  const crossedByJump = (depth: number) => Number.isFinite(depth) && J >= depth + h - 1e-12;
  for (const [d, sign] of [[a, -1], [b, 1]] as const) {
    if (!Number.isFinite(d)) continue;
    // Uninformed orders of the other side.
    add(sign, (1 - phi) * A * through(d, cfg.depthDecayPerQuote), 1, d, 0, 0);
    // Informed orders of the other side (one fill each: the jump of V their way comes, at the same
    // timestamp, before the filled quote can be re-placed); the jump alone crosses a quote the
    // order did not reach.
    const pThrough = through(d, informedDecay(cfg));
    const informedRate = phi * A;
    add(sign, informedRate * pThrough, 1, d, J, 1);
    if (crossedByJump(d)) add(sign, informedRate * (1 - pThrough), 1, d, J, 1);
    // The diffusive move at each step boundary.
    const crossing = diffusionTail(cfg, d + h);
    add(sign, crossing.probability / (cfg.stepMs / 1000), 1, d, crossing.meanMove, 0);
  }
  return out;
}

/** P(rounded Gaussian move of V in one step >= threshold) and the mean move given that (quote units). */
function diffusionTail(cfg: KnownEdgeMarketConfig, threshold: number): { probability: number; meanMove: number } {
  const sigmaTicks = (cfg.volatilityPerMinute * Math.sqrt(cfg.stepMs / 60_000) * cfg.initialPrice) / cfg.tickSize;
  if (!(sigmaTicks > 0)) return { probability: 0, meanMove: 0 };
  const from = Math.max(1, Math.ceil(threshold / cfg.tickSize - 1e-9));
  let probability = 0;
  let moment = 0;
  for (let m = from; m <= from + Math.ceil(12 * sigmaTicks) + 10; m++) {
    const p = normalCdf((m + 0.5) / sigmaTicks) - normalCdf((m - 0.5) / sigmaTicks);
    probability += p;
    moment += p * m;
  }
  return { probability, meanMove: probability > 0 ? (moment / probability) * cfg.tickSize : 0 };
}

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 via erf, |error| < 1.5e-7). */
function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-z * z);
  return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

function perFill(states: { p: number; flows: StateFlows }[]): KnownEdgeTruth {
  let fills = 0;
  let capture = 0;
  let adverse = 0;
  let informed = 0;
  for (const { p, flows } of states) {
    fills += p * flows.fills;
    capture += p * flows.capture;
    adverse += p * flows.adverse;
    informed += p * flows.informedFills;
  }
  return { spreadCapture: capture / fills, adverseSelection: adverse / fills, edge: (capture - adverse) / fills, fillsPerSecond: fills, informedFillShare: informed / fills };
}

/**
 * Fills move the inventory by the rates of `stateFlows`, which depend on q only, so q is a
 * continuous-time Markov chain; its stationary law π (πQ = 0, solved exactly) weights the
 * per-fill expectations: E[x per fill] = Σ π(q)·x-rate(q) / Σ π(q)·fill-rate(q). This is the
 * long-run answer; a finite run starting at q = 0 converges to it. (The diffusive crossings happen
 * at step boundaries, not as a Poisson stream; counting them as a rate is exact for rules that do
 * not depend on q and a close approximation otherwise, where they are rare.)
 */
export function inventoryRuleTruth(cfgInput: Partial<KnownEdgeMarketConfig> | KnownEdgeMarketConfig, rule: InventoryQuotingRule): InventoryRuleTruth {
  const cfg = parseKnownEdgeConfig(cfgInput);
  if (!Number.isInteger(rule.minQ) || !Number.isInteger(rule.maxQ) || rule.minQ > 0 || rule.maxQ < 0) {
    throw new RangeError(`inventory bounds must be integers with minQ <= 0 <= maxQ, got ${rule.minQ}..${rule.maxQ}`);
  }
  const bid = (q: number) => (q < rule.maxQ ? rule.bidDepth(q) : NaN);
  const ask = (q: number) => (q > rule.minQ ? rule.askDepth(q) : NaN);
  const n = rule.maxQ - rule.minQ + 1;
  const flows: StateFlows[] = [];
  for (let i = 0; i < n; i++) {
    const q = rule.minQ + i;
    flows.push(stateFlows(cfg, ask(q), bid(q)));
  }
  // Generator matrix, transposed, with the last equation replaced by Σπ = 1.
  const m: number[][] = Array.from({ length: n }, () => new Array<number>(n + 1).fill(0));
  for (let i = 0; i < n; i++) {
    for (const { dq, rate } of flows[i].moves) {
      const j = Math.min(n - 1, Math.max(0, i + dq));
      if (j === i) continue;
      m[j][i] += rate;
      m[i][i] -= rate;
    }
  }
  for (let j = 0; j < n; j++) m[n - 1][j] = 1;
  m[n - 1][n] = 1;
  const pi = solve(m, n);
  if (pi.some((p) => !Number.isFinite(p) || p < -1e-9)) throw new RangeError('the inventory chain has no unique stationary law: give every inner state quotes on both sides');
  const truth = perFill(flows.map((f, i) => ({ p: Math.max(0, pi[i]), flows: f })));
  return { ...truth, inventoryDistribution: pi.map((p, i) => ({ q: rule.minQ + i, p: Math.max(0, p) })) };
}

/** Gaussian elimination with partial pivoting on an augmented n x (n+1) matrix. */
function solve(m: number[][], n: number): number[] {
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) pivot = r;
    [m[c], m[pivot]] = [m[pivot], m[c]];
    const d = m[c][c];
    if (Math.abs(d) < 1e-300) return new Array<number>(n).fill(NaN);
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r][c] / d;
      if (f === 0) continue;
      for (let k = c; k <= n; k++) m[r][k] -= f * m[c][k];
    }
  }
  return m.map((row, i) => row[n] / row[i]);
}
