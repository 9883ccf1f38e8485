import { SeededRandom, deriveSeed, parseConfig, type ConfigOf, type ConfigSchema } from '@mml/core';

export const qLearningConfigSchema = {
  states: { type: 'number', default: 120, min: 1, integer: true, unit: 'states', doc: 'Number of discrete states.' },
  actions: { type: 'number', default: 9, min: 1, integer: true, unit: 'actions', doc: 'Number of discrete actions.' },
  learningRate: { type: 'number', default: 0.1, min: 0, max: 1, exclusiveMin: true, unit: 'fraction', doc: 'Step size alpha of the Q update (the floor of the step when averageEarlyVisits).' },
  averageEarlyVisits: {
    type: 'boolean', default: false,
    doc: 'Step max(learningRate, 1/n) on the n-th visit of (s, a): the first visits average their targets (a sample mean, far less noisy than a fixed small step from Q = 0), later ones track with learningRate.',
  },
  discount: { type: 'number', default: 0.9, min: 0, max: 1, unit: 'fraction', doc: 'Discount gamma_RL of future rewards per decision (0 = contextual bandit).' },
  epsilon: { type: 'number', default: 0.2, min: 0, max: 1, unit: 'probability', doc: 'Initial exploration probability (epsilon-greedy).' },
  epsilonDecay: { type: 'number', default: 0.999, min: 0, max: 1, unit: 'factor per update', doc: 'epsilon <- max(minEpsilon, epsilon x decay) after every update.' },
  minEpsilon: { type: 'number', default: 0.02, min: 0, max: 1, unit: 'probability', doc: 'Floor of epsilon while learning.' },
  curveWindow: { type: 'number', default: 100, min: 1, integer: true, unit: 'decisions', doc: 'Decisions per point of the learning curve.' },
  seed: { type: 'number', default: 1, integer: true, unit: 'seed', doc: 'Seed of the exploration random stream.' },
} as const satisfies ConfigSchema;
export type QLearningConfig = ConfigOf<typeof qLearningConfigSchema>;

/** One point of the learning curve: mean reward over `curveWindow` consecutive decisions. */
export interface LearningCurvePoint {
  /** Decisions seen when the window closed. */
  decisions: number;
  meanReward: number;
}

/** The agent's JSON form: everything needed to resume or to act greedily. */
export interface QLearningPolicyJson {
  format: 'mml.q-learning.v1';
  config: QLearningConfig;
  epsilon: number;
  updates: number;
  q: number[][];
  visits: number[][];
  learningCurve: LearningCurvePoint[];
}

/**
 * Tabular Q-learning: Q(s,a) <- Q(s,a) + alpha (r + discount max_a' Q(s',a') - Q(s,a)), with
 * epsilon-greedy exploration drawn from a SeededRandom (never an unseeded generator), ties broken towards the
 * lowest action index, so the same seed and the same experience give the same policy, bit for bit.
 *
 * Untried actions are MASKED: the greedy choice (and the bootstrap max) ranges over the actions
 * already tried in that state, so an unexplored action's initial Q = 0 can never win by default
 * (with penalties, 0 beats every tried action); a state with no tried action acts with action 0
 * (the neutral one by convention) and bootstraps 0. Only exploration tries new actions.
 * Rewards are also collected into a learning curve for reports.
 */
export class QLearningAgent {
  readonly config: QLearningConfig;
  private readonly q: number[][];
  private readonly visits: number[][];
  private rng: SeededRandom;
  private epsilonNow: number;
  private updateCount = 0;
  private readonly curve: LearningCurvePoint[] = [];
  private windowSum = 0;
  private windowCount = 0;
  /**
   * The reward learn() applies: a field a hot caller writes rather than an argument (a number
   * passed to a call V8 does not inline is boxed, a heap number per decision).
   */
  reward = 0;

  constructor(config: Partial<QLearningConfig> = {}) {
    this.config = parseConfig(qLearningConfigSchema, config, 'qLearning');
    this.q = Array.from({ length: this.config.states }, () => new Array<number>(this.config.actions).fill(0));
    this.visits = Array.from({ length: this.config.states }, () => new Array<number>(this.config.actions).fill(0));
    this.rng = new SeededRandom(this.config.seed);
    this.epsilonNow = this.config.epsilon;
  }

  get epsilon(): number {
    return this.epsilonNow;
  }

  get updates(): number {
    return this.updateCount;
  }

  /** The learning curve so far (closed windows only). */
  get learningCurve(): readonly LearningCurvePoint[] {
    return this.curve;
  }

  /** Epsilon-greedy when `explore`, otherwise greedy (evaluation / out-of-sample). */
  selectAction(state: number, explore: boolean): number {
    this.checkState(state);
    if (explore && this.rng.uniform() < this.epsilonNow) return this.rng.int(this.config.actions);
    return this.greedyOf(state);
  }

  /** The best tried action of `state` (lowest index on ties); action 0 when none was tried. */
  greedyAction(state: number): number {
    this.checkState(state);
    return this.greedyOf(state);
  }

  /** greedyAction of a state already checked. */
  private greedyOf(state: number): number {
    const row = this.q[state];
    const tried = this.visits[state];
    let best = -1;
    for (let a = 0; a < row.length; a++) if (tried[a] > 0 && (best < 0 || row[a] > row[best])) best = a;
    return best < 0 ? 0 : best;
  }

  /** max over tried actions of Q(state, .); 0 when none was tried. */
  stateValue(state: number): number {
    const row = this.q[state];
    const tried = this.visits[state];
    let best = -Infinity;
    for (let a = 0; a < row.length; a++) if (tried[a] > 0 && row[a] > best) best = row[a];
    return best === -Infinity ? 0 : best;
  }

  value(state: number, action: number): number {
    return this.q[state][action];
  }

  /** One Q-learning step. `nextState` undefined = terminal (no bootstrap). */
  update(state: number, action: number, reward: number, nextState: number | undefined): void {
    this.reward = reward;
    this.learn(state, action, nextState);
  }

  /**
   * update() with the reward written to `reward` first. No number crosses a call here (the
   * bootstrap max and the learning curve are computed in place), so a learning run allocates
   * nothing per decision.
   */
  learn(state: number, action: number, nextState: number | undefined): void {
    const reward = this.reward;
    this.checkState(state);
    if (!Number.isInteger(action) || action < 0 || action >= this.config.actions) throw new RangeError(`action ${action} out of range`);
    if (!Number.isFinite(reward)) throw new RangeError(`reward must be finite, got ${reward}`);
    let target = reward;
    if (nextState !== undefined) {
      this.checkState(nextState);
      // stateValue(nextState), in place.
      const row = this.q[nextState];
      const tried = this.visits[nextState];
      let best = -Infinity;
      for (let a = 0; a < row.length; a++) if (tried[a] > 0 && row[a] > best) best = row[a];
      target += this.config.discount * (best === -Infinity ? 0 : best);
    }
    const n = ++this.visits[state][action];
    const alpha = this.config.averageEarlyVisits ? Math.max(this.config.learningRate, 1 / n) : this.config.learningRate;
    this.q[state][action] += alpha * (target - this.q[state][action]);
    this.updateCount++;
    this.epsilonNow = Math.max(this.config.minEpsilon, this.epsilonNow * this.config.epsilonDecay);
    // The learning curve: one point per curveWindow rewards.
    this.windowSum += reward;
    this.windowCount++;
    if (this.windowCount === this.config.curveWindow) this.closeCurveWindow();
  }

  toJSON(): QLearningPolicyJson {
    return {
      format: 'mml.q-learning.v1',
      config: { ...this.config },
      epsilon: this.epsilonNow,
      updates: this.updateCount,
      q: this.q.map((row) => [...row]),
      visits: this.visits.map((row) => [...row]),
      learningCurve: this.curve.map((p) => ({ ...p })),
    };
  }

  /**
   * Restores a saved policy. Exploration resumes from a stream derived from (seed, updates), so a
   * resumed run is deterministic too (it is not the continuation of the original stream).
   */
  static fromJSON(json: unknown): QLearningAgent {
    const data = json as Partial<QLearningPolicyJson>;
    if (!data || data.format !== 'mml.q-learning.v1') throw new Error('not a mml.q-learning.v1 policy');
    const agent = new QLearningAgent(data.config);
    const { states, actions } = agent.config;
    const table = (name: 'q' | 'visits'): number[][] => {
      const t = data[name];
      if (!Array.isArray(t) || t.length !== states || t.some((row) => !Array.isArray(row) || row.length !== actions || row.some((v) => typeof v !== 'number' || !Number.isFinite(v)))) {
        throw new Error(`policy.${name} must be a ${states} x ${actions} table of finite numbers`);
      }
      return t;
    };
    const q = table('q');
    const visits = table('visits');
    for (let s = 0; s < states; s++) {
      agent.q[s] = [...q[s]];
      agent.visits[s] = [...visits[s]];
    }
    agent.epsilonNow = typeof data.epsilon === 'number' ? data.epsilon : agent.config.epsilon;
    agent.updateCount = typeof data.updates === 'number' ? data.updates : 0;
    agent.curve.push(...(data.learningCurve ?? []).map((p) => ({ decisions: p.decisions, meanReward: p.meanReward })));
    agent.rng = new SeededRandom(deriveSeed(agent.config.seed, `resume-${agent.updateCount}`));
    return agent;
  }

  private closeCurveWindow(): void {
    this.curve.push({ decisions: this.updateCount, meanReward: this.windowSum / this.windowCount });
    this.windowSum = 0;
    this.windowCount = 0;
  }

  private checkState(state: number): void {
    if (!Number.isInteger(state) || state < 0 || state >= this.config.states) throw new RangeError(`state ${state} out of range [0, ${this.config.states})`);
  }
}
