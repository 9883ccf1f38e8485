import { SeededRandom } from '@mml/core';
import { QLearningAgent } from './q-learning-agent';

/** Toy contextual bandit: 3 states, 4 actions, the best action is (state + 1) % 4, noisy rewards. */
function train(seed: number, steps: number): QLearningAgent {
  const agent = new QLearningAgent({ states: 3, actions: 4, discount: 0, epsilon: 0.3, epsilonDecay: 0.999, minEpsilon: 0.05, seed, curveWindow: 200 });
  const env = new SeededRandom(99);
  for (let i = 0; i < steps; i++) {
    const state = env.int(3);
    const action = agent.selectAction(state, true);
    const reward = (action === (state + 1) % 4 ? 1 : 0.4) + 0.5 * env.normal();
    agent.update(state, action, reward, undefined);
  }
  return agent;
}

describe('QLearningAgent', () => {
  it('learns with the reward written to its field exactly as update() with the reward passed', () => {
    const config = { states: 4, actions: 3, discount: 0.9, epsilon: 0.4, epsilonDecay: 0.99, minEpsilon: 0.05, seed: 7, curveWindow: 5, averageEarlyVisits: true };
    const passed = new QLearningAgent(config);
    const written = new QLearningAgent(config);
    const env = new SeededRandom(3);
    for (let i = 0; i < 300; i++) {
      const state = env.int(4);
      const next = i % 7 === 6 ? undefined : env.int(4);
      const reward = env.normal() + state * 0.1;
      const a = passed.selectAction(state, true);
      expect(written.selectAction(state, true)).toBe(a);
      passed.update(state, a, reward, next);
      written.reward = reward;
      written.learn(state, a, next);
    }
    expect(written.toJSON()).toEqual(passed.toJSON()); // Q, visits, epsilon and the learning curve, bit for bit
    written.reward = NaN;
    expect(() => written.learn(0, 0, 1)).toThrow(/reward must be finite/);
  });

  it('learns the best action of every state in a toy bandit where it is known', () => {
    const agent = train(5, 4000);
    for (let s = 0; s < 3; s++) expect(agent.greedyAction(s)).toBe((s + 1) % 4);
    // The learning curve rises as exploration decays and the policy improves.
    const curve = agent.learningCurve;
    expect(curve.length).toBe(20);
    expect(curve[curve.length - 1].meanReward).toBeGreaterThan(curve[0].meanReward);
  });

  it('learns to walk to a delayed reward in a chain (discount > 0)', () => {
    // States 0..4; action 1 moves right, action 0 moves left; reward 1 only on reaching state 4.
    const agent = new QLearningAgent({ states: 5, actions: 2, discount: 0.9, epsilon: 0.5, epsilonDecay: 1, learningRate: 0.5, seed: 3 });
    for (let episode = 0; episode < 300; episode++) {
      let s = 0;
      for (let t = 0; t < 50; t++) {
        const a = agent.selectAction(s, true);
        const next = Math.max(0, Math.min(4, s + (a === 1 ? 1 : -1)));
        const done = next === 4;
        agent.update(s, a, done ? 1 : 0, done ? undefined : next);
        s = next;
        if (done) break;
      }
    }
    for (let s = 0; s < 4; s++) expect(agent.greedyAction(s)).toBe(1);
    expect(agent.value(3, 1)).toBeCloseTo(1, 2);
    expect(agent.value(2, 1)).toBeCloseTo(0.9, 2);
  });

  it('is deterministic for a seed: same experience -> identical policy JSON', () => {
    expect(JSON.stringify(train(11, 1000).toJSON())).toBe(JSON.stringify(train(11, 1000).toJSON()));
    expect(JSON.stringify(train(11, 1000).toJSON())).not.toBe(JSON.stringify(train(12, 1000).toJSON()));
  });

  it('masks untried actions: greedy and bootstrap range over tried ones only', () => {
    const agent = new QLearningAgent({ states: 2, actions: 3, discount: 0.5, learningRate: 1 });
    expect(agent.greedyAction(0)).toBe(0); // nothing tried: the neutral action
    agent.update(0, 2, -5, undefined);
    agent.update(0, 1, -3, undefined);
    // Untried action 0 (Q = 0) would win an unmasked argmax; masked, the best tried one wins.
    expect(agent.greedyAction(0)).toBe(1);
    expect(agent.stateValue(0)).toBe(-3);
    expect(agent.stateValue(1)).toBe(0);
    agent.update(1, 0, 1, 0); // target 1 + 0.5 x max over tried of state 0 = 1 - 1.5
    expect(agent.value(1, 0)).toBeCloseTo(-0.5, 12);
  });

  it('averageEarlyVisits: the first visits average their rewards (sample mean), later ones step by learningRate', () => {
    const agent = new QLearningAgent({ states: 1, actions: 1, discount: 0, learningRate: 0.1, averageEarlyVisits: true });
    for (const r of [1, 2, 3, 6]) agent.update(0, 0, r, undefined);
    expect(agent.value(0, 0)).toBeCloseTo(3, 12);
  });

  it('round-trips through JSON', () => {
    const agent = train(5, 1000);
    const restored = QLearningAgent.fromJSON(JSON.parse(JSON.stringify(agent.toJSON())));
    expect(restored.toJSON()).toEqual(agent.toJSON());
    for (let s = 0; s < 3; s++) expect(restored.greedyAction(s)).toBe(agent.greedyAction(s));
  });

  it('greedy selection never explores; bad input is rejected', () => {
    const agent = new QLearningAgent({ states: 2, actions: 3, epsilon: 1 });
    agent.update(0, 2, 5, undefined);
    for (let i = 0; i < 20; i++) expect(agent.selectAction(0, false)).toBe(2);
    expect(() => agent.update(0, 3, 1, undefined)).toThrow(/action 3/);
    expect(() => agent.selectAction(2, false)).toThrow(/state 2/);
    expect(() => agent.update(0, 0, NaN, undefined)).toThrow(/reward/);
    expect(() => QLearningAgent.fromJSON({ format: 'other' })).toThrow(/policy/);
    expect(() => QLearningAgent.fromJSON({ ...agent.toJSON(), q: [[1]] })).toThrow(/policy.q/);
  });
});
