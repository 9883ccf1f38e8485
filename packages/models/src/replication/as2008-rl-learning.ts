import { SeededRandom, deriveSeed } from '@mml/core';
import { avellanedaStoikovQuotes } from '../formulas/avellaneda-stoikov';
import { QLearningAgent } from '../rl/q-learning-agent';
import { inventoryPenalty } from '../rl/inventory-penalty';
import { AS2008_PARAMETERS, type As2008Parameters } from './avellaneda-stoikov-2008';

/**
 * Does the Q-learning agent learn where the optimum is known? On the Avellaneda-Stoikov (2008)
 * section 3.3 market (s0 = 100, T = 1, sigma = 2, dt = 0.005, A = 140, k = 1.5; each side lifted
 * with probability A e^(-k delta) dt, then the mid moves +-sigma sqrt(dt)), the agent learns a
 * quoting policy from scratch and is scored against the A-S closed-form (inventory) policy.
 *
 * Agent: state = (inventory q clipped to +-6) x (quarter of the session); action = a reservation
 * offset from {0, +-0.5, ..., +-2}: bid = s + offset - h, ask = s + offset + h, with the half-spread
 * h fixed at 1/k (the depth that maximises a risk-neutral quoter's expected capture delta e^(-k delta):
 * no knowledge of the A-S solution). So the agent must learn inventory control (skew by inventory
 * and time left) from rewards alone. Action 0 is offset 0: the untrained agent quotes symmetrically.
 * (A learnable half-spread too was tried: the capture is nearly flat in h around 1/k, so that
 * dimension mostly added noise and learned less in the same number of episodes.)
 * Reward per step = spread captured by the step's fills (distance of each fill from the mid)
 * - phi q^2 sigma^2 dt with phi = gamma / 2, so an episode's expected reward is the mean-variance
 * objective E[W] - (gamma/2) E[int q^2 sigma^2 dt] (the q dS term, pure noise, is left out: far
 * lower variance than the change of marked-to-market wealth).
 *
 * Utility: CARA, U = -E[exp(-gamma W)], W = X_T + q_T S_T, averaged over evaluation paths that no
 * training episode saw (common random numbers: every policy is scored on the same paths); reported
 * as its certainty equivalent CE = -ln(-U) / gamma (money units, higher is better), beside the
 * mean-variance score mean - (gamma/2) var.
 */
export interface RlLearningOptions {
  seed: number;
  gamma?: number;
  /** Training episodes (one episode = one path of T / dt steps). */
  episodes?: number;
  /** Evaluate the greedy policy every this many episodes (the learning curve). */
  evaluateEvery?: number;
  /** Paths per learning-curve point. */
  curvePaths?: number;
  /** Paths of the final evaluation. */
  finalPaths?: number;
  /**
   * Discount per step (default 0.8, an effective horizon of ~5 steps). The state buckets time, so
   * within a bucket it revisits itself: with discount 1 the Q values of a bucket feed on themselves
   * and diverge; 0.7-0.8 learned best in our runs (0.5 under-weights inventory, 0.9+ is noisy).
   */
  discount?: number;
  /** Half-spread of every action (default 1 / k). */
  halfSpread?: number;
  parameters?: Partial<As2008Parameters>;
}

export interface PolicyScore {
  /** CARA certainty equivalent -ln(E[exp(-gamma W)]) / gamma. */
  certaintyEquivalent: number;
  /** mean(W) - gamma/2 var(W). */
  meanVariance: number;
  profitMean: number;
  profitStd: number;
  finalQStd: number;
}

export interface RlLearningCurvePoint {
  episodes: number;
  epsilon: number;
  certaintyEquivalent: number;
  meanVariance: number;
}

export interface RlLearningResult {
  seed: number;
  gamma: number;
  parameters: As2008Parameters;
  agent: { states: number; actions: number; discount: number; maxInventory: number; timeBuckets: number; offsets: number[]; halfSpread: number; statesVisited: number };
  /** Wall time of training (episodes only, not evaluation), ms. Not part of the deterministic artifact. */
  trainingMs?: number;
  objective: string;
  episodes: number;
  curve: RlLearningCurvePoint[];
  final: { paths: number; closedForm: PolicyScore; symmetric: PolicyScore; untrained: PolicyScore; trained: PolicyScore };
  /** (trained - untrained) / (closed form - untrained), in certainty equivalent. */
  gapClosed: number;
}

const MAX_INVENTORY = 6;
const TIME_BUCKETS = 4;
const OFFSETS = [0, -0.5, 0.5, -1, 1, -1.5, 1.5, -2, 2];

type Policy = (q: number, step: number, s: number, tau: number) => { bid: number; ask: number };

export function runAs2008RlLearning(options: RlLearningOptions): RlLearningResult {
  const p: As2008Parameters = { ...AS2008_PARAMETERS, ...options.parameters };
  const gamma = options.gamma ?? 0.1;
  const episodes = options.episodes ?? 6000;
  const evaluateEvery = options.evaluateEvery ?? 500;
  const curvePaths = options.curvePaths ?? 400;
  const finalPaths = options.finalPaths ?? 1000;
  const discount = options.discount ?? 0.8;
  if (!(discount >= 0 && discount < 1)) throw new RangeError(`discount must be in [0, 1), got ${discount}`);
  if (!Number.isInteger(options.seed)) throw new RangeError(`seed must be an integer, got ${options.seed}`);
  for (const [name, v] of [['episodes', episodes], ['evaluateEvery', evaluateEvery], ['curvePaths', curvePaths], ['finalPaths', finalPaths]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`${name} must be a positive integer, got ${v}`);
  }
  if (!(gamma > 0)) throw new RangeError(`gamma must be > 0, got ${gamma}`);
  const steps = Math.round(p.T / p.dt);
  const halfSpread = options.halfSpread ?? 1 / p.k;
  if (!(halfSpread > 0)) throw new RangeError(`halfSpread must be > 0, got ${halfSpread}`);
  // Action 0 = offset 0: symmetric quoting, the untrained behaviour.
  const actions = OFFSETS.map((offset) => ({ offset, h: halfSpread }));
  const states = (2 * MAX_INVENTORY + 1) * TIME_BUCKETS;
  const totalUpdates = episodes * steps;
  const agent = new QLearningAgent({
    states,
    actions: actions.length,
    discount,
    learningRate: 0.02,
    averageEarlyVisits: true,
    epsilon: 1,
    minEpsilon: 0.02,
    // From 1 to ~0.05 over the first two thirds of training (per update).
    epsilonDecay: Math.exp(Math.log(0.05) / ((2 / 3) * totalUpdates)),
    curveWindow: steps * evaluateEvery,
    seed: deriveSeed(options.seed, 'rl-agent'),
  });
  const stateOf = (q: number, step: number) => {
    const qi = Math.max(-MAX_INVENTORY, Math.min(MAX_INVENTORY, q)) + MAX_INVENTORY;
    return qi * TIME_BUCKETS + Math.min(TIME_BUCKETS - 1, Math.floor((step * TIME_BUCKETS) / steps));
  };
  const agentPolicy = (explore: boolean): Policy => (q, step, s) => {
    const a = actions[explore ? agent.selectAction(stateOf(q, step), true) : agent.greedyAction(stateOf(q, step))];
    return { bid: s + a.offset - a.h, ask: s + a.offset + a.h };
  };
  const closedForm: Policy = (q, _step, s, tau) => {
    const quotes = avellanedaStoikovQuotes({ mid: s, q, gamma, sigma: p.sigma, tau, k: p.k });
    return { bid: quotes.bid, ask: quotes.ask };
  };
  const symmetric: Policy = (q, step, s, tau) => {
    const spread = avellanedaStoikovQuotes({ mid: s, q: 0, gamma, sigma: p.sigma, tau, k: p.k }).spread;
    return { bid: s - spread / 2, ask: s + spread / 2 };
  };
  const score = (policy: Policy, paths: number) => scorePolicy(policy, paths, options.seed, p, steps, gamma);

  const untrained = score(agentPolicy(false), finalPaths);
  const curve: RlLearningCurvePoint[] = [];
  const phi = gamma / 2;
  let trainingMs = 0;
  for (let episode = 0; episode < episodes; episode++) {
    const episodeStart = performance.now();
    const rng = new SeededRandom(deriveSeed(options.seed, `train-path-${episode}`));
    let s = p.s0;
    let q = 0;
    let state = stateOf(q, 0);
    for (let i = 0; i < steps; i++) {
      const action = agent.selectAction(state, true);
      const a = actions[action];
      const bid = s + a.offset - a.h;
      const ask = s + a.offset + a.h;
      const fill = drawFills(rng, bid, ask, s, p);
      q += fill.dq;
      const reward = fill.captured - inventoryPenalty(phi, q, p.sigma, p.dt);
      s += rng.uniform() < 0.5 ? p.sigma * Math.sqrt(p.dt) : -p.sigma * Math.sqrt(p.dt);
      const next = i + 1 < steps ? stateOf(q, i + 1) : undefined;
      agent.update(state, action, reward, next);
      if (next !== undefined) state = next;
    }
    trainingMs += performance.now() - episodeStart;
    if ((episode + 1) % evaluateEvery === 0) {
      const point = score(agentPolicy(false), curvePaths);
      curve.push({ episodes: episode + 1, epsilon: agent.epsilon, certaintyEquivalent: point.certaintyEquivalent, meanVariance: point.meanVariance });
    }
  }
  const trained = score(agentPolicy(false), finalPaths);
  const cf = score(closedForm, finalPaths);
  const visits = agent.toJSON().visits;
  return {
    seed: options.seed,
    gamma,
    parameters: p,
    agent: { states, actions: actions.length, discount, maxInventory: MAX_INVENTORY, timeBuckets: TIME_BUCKETS, offsets: OFFSETS, halfSpread, statesVisited: visits.filter((row) => row.some((v) => v > 0)).length },
    objective: 'CARA utility -E[exp(-gamma (X_T + q_T S_T))] over evaluation paths, reported as its certainty equivalent -ln(E[exp(-gamma W)])/gamma; mean-variance mean(W) - gamma/2 var(W) beside it',
    episodes,
    curve,
    final: { paths: finalPaths, closedForm: cf, symmetric: score(symmetric, finalPaths), untrained, trained },
    trainingMs: Math.round(trainingMs),
    gapClosed: (trained.certaintyEquivalent - untrained.certaintyEquivalent) / (cf.certaintyEquivalent - untrained.certaintyEquivalent),
  };
}

/** One step's fills (before the mid move, the replication's default convention). */
function drawFills(rng: SeededRandom, bid: number, ask: number, s: number, p: As2008Parameters): { dq: number; dcash: number; captured: number } {
  const uBid = rng.uniform();
  const uAsk = rng.uniform();
  let dq = 0;
  let dcash = 0;
  let captured = 0;
  if (uBid < Math.min(1, p.A * Math.exp(-p.k * (s - bid)) * p.dt)) {
    dq += 1;
    dcash -= bid;
    captured += s - bid;
  }
  if (uAsk < Math.min(1, p.A * Math.exp(-p.k * (ask - s)) * p.dt)) {
    dq -= 1;
    dcash += ask;
    captured += ask - s;
  }
  return { dq, dcash, captured };
}

/** Scores a policy on `paths` evaluation paths (the same for every policy: common random numbers). */
function scorePolicy(policy: Policy, paths: number, seed: number, p: As2008Parameters, steps: number, gamma: number): PolicyScore {
  const wealth: number[] = [];
  const finalQ: number[] = [];
  for (let path = 0; path < paths; path++) {
    const rng = new SeededRandom(deriveSeed(seed, `eval-path-${path}`));
    let s = p.s0;
    let q = 0;
    let cash = 0;
    for (let i = 0; i < steps; i++) {
      const { bid, ask } = policy(q, i, s, p.T - i * p.dt);
      const fill = drawFills(rng, bid, ask, s, p);
      q += fill.dq;
      cash += fill.dcash;
      s += rng.uniform() < 0.5 ? p.sigma * Math.sqrt(p.dt) : -p.sigma * Math.sqrt(p.dt);
    }
    wealth.push(cash + q * s);
    finalQ.push(q);
  }
  const mean = wealth.reduce((a, b) => a + b, 0) / paths;
  const variance = wealth.reduce((a, w) => a + (w - mean) ** 2, 0) / (paths - 1);
  // Stable log-mean-exp: CE = mean - ln(mean(exp(-gamma (W - mean)))) / gamma.
  const lme = Math.log(wealth.reduce((a, w) => a + Math.exp(-gamma * (w - mean)), 0) / paths);
  const qMean = finalQ.reduce((a, b) => a + b, 0) / paths;
  return {
    certaintyEquivalent: mean - lme / gamma,
    meanVariance: mean - (gamma / 2) * variance,
    profitMean: mean,
    profitStd: Math.sqrt(variance),
    finalQStd: Math.sqrt(finalQ.reduce((a, x) => a + (x - qMean) ** 2, 0) / (paths - 1)),
  };
}
