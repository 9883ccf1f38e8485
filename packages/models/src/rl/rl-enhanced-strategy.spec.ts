import { type CandleEvent, intentDiagnostics } from '@mml/core';
import { context } from '../shared-data.test-helpers';
import { FixedSpreadQuoter } from '../strategies/fixed-spread-strategy';
import { AvellanedaStoikovQuoter } from '../strategies/avellaneda-stoikov-strategy';
import { QLearningAgent } from './q-learning-agent';
import { createRlAgent, createRlEnhancedStrategy, rlActions } from './rl-enhanced-strategy';
import { encodeRlState, rlStateComponents, rlStateCount } from './rl-state';

const stateConfig = { inventoryBuckets: 5, inventoryBucketOrders: 2, volatilityRatioLow: 0.8, volatilityRatioHigh: 1.25, adverseMoveBps: 5, timeOfDayBuckets: 4 };

describe('RL state encoding', () => {
  it('buckets inventory, volatility regime, adverse move and UTC time of day', () => {
    const hour = 3_600_000;
    expect(rlStateComponents(stateConfig, { q: 0, volatilityRatio: 1, midChangeBps: 0, now: 13 * hour })).toEqual({ inventory: 2, volatility: 1, adverse: 0, timeOfDay: 2 });
    expect(rlStateComponents(stateConfig, { q: 10, volatilityRatio: 2, midChangeBps: -6, now: 1 * hour })).toEqual({ inventory: 4, volatility: 2, adverse: 1, timeOfDay: 0 });
    expect(rlStateComponents(stateConfig, { q: -10, volatilityRatio: 0.5, midChangeBps: -6, now: 23 * hour })).toEqual({ inventory: 0, volatility: 0, adverse: 0, timeOfDay: 3 });
  });

  it('maps every observation into [0, rlStateCount) and is injective on components', () => {
    const seen = new Set<number>();
    for (const q of [-9, -2, 0, 2, 9]) for (const v of [0.5, 1, 2]) for (const d of [-10, 10]) for (const h of [1, 7, 13, 19]) {
      const s = encodeRlState(stateConfig, { q, volatilityRatio: v, midChangeBps: d, now: h * 3_600_000 });
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThan(rlStateCount(stateConfig));
      seen.add(s);
    }
    expect(encodeRlState(stateConfig, { q: NaN, volatilityRatio: NaN, midChangeBps: NaN, now: 0 })).toBe(encodeRlState(stateConfig, { q: 0, volatilityRatio: 1, midChangeBps: 0, now: 0 }));
    // Flat inventory has no adverse direction: 4 x 3 x 2 x 4 + 1 x 3 x 1 x 4 distinct states.
    expect(seen.size).toBe(108);
  });
});

/**
 * A toy environment: flat mid, flat inventory, and equity that grows by 5 bps of the budget in
 * every decision interval quoted with the widest spread multiplier (1.25), 0 otherwise. The best
 * action is known; the strategy must learn it from ctx.equity alone.
 */
function runToy(seed: number, decisions: number, learning: boolean, agent?: QLearningAgent) {
  const strategy = createRlEnhancedStrategy({
    base: new FixedSpreadQuoter(),
    learning,
    agent: agent ?? createRlAgent({}, { seed, discount: 0, epsilon: 0.5, epsilonDecay: 0.998, minEpsilon: 0.05 }),
  });
  let equity = 10_000;
  for (let i = 0; i < decisions; i++) {
    const ts = (i + 1) * 60_000;
    const candle: CandleEvent = { kind: 'candle', ts, openTime: ts - 60_000, durationMs: 60_000, open: 28_000, high: 28_010, low: 27_990, close: 28_000, volume: 1 };
    const intent = strategy.onEvent(candle, context(ts, 28_000, { equity, cash: equity }));
    if (intent && intentDiagnostics(intent).rlSpreadMultiplier === 1.25) equity += 5;
  }
  return strategy;
}

describe('createRlEnhancedStrategy', () => {
  it('learns the known best action (widest spread) of the toy environment from equity changes', () => {
    const strategy = runToy(7, 3000, true);
    const actions = rlActions('gamma-spread');
    // Flat book and calm regime: the visited states differ only by time of day.
    const visited = strategy.agent.toJSON().visits.map((row, s) => [s, row.reduce((a, b) => a + b, 0)] as const).filter(([, n]) => n > 100);
    expect(visited.length).toBeGreaterThanOrEqual(4);
    for (const [state] of visited) expect(actions[strategy.agent.greedyAction(state)].spread).toBe(1.25);
    const curve = strategy.agent.learningCurve;
    expect(curve[curve.length - 1].meanReward).toBeGreaterThan(curve[0].meanReward);
    expect(strategy.stats.decisions).toBe(2999);
  });

  it('trains deterministically: same seed -> identical policy JSON, other seed -> different', () => {
    const a = JSON.stringify(runToy(7, 500, true).agent.toJSON());
    expect(JSON.stringify(runToy(7, 500, true).agent.toJSON())).toBe(a);
    expect(JSON.stringify(runToy(8, 500, true).agent.toJSON())).not.toBe(a);
  });

  it('evaluates out of sample with a frozen, greedy policy loaded from JSON', () => {
    const trained = runToy(7, 3000, true).agent;
    const frozen = QLearningAgent.fromJSON(JSON.parse(JSON.stringify(trained.toJSON())));
    const before = JSON.stringify(frozen.toJSON());
    const evaluation = runToy(7, 500, false, frozen);
    expect(JSON.stringify(frozen.toJSON())).toBe(before);
    // Greedy choice of the widest spread earns ~5 bps per decision.
    expect(evaluation.stats.rewardSum / evaluation.stats.decisions).toBeGreaterThan(4.5);
  });

  it('passes multipliers to a base A-S model and reports them in the diagnostics', () => {
    const strategy = createRlEnhancedStrategy({ base: new AvellanedaStoikovQuoter(), learning: false });
    const ts = 60_000;
    const intent = strategy.onEvent({ kind: 'candle', ts, openTime: 0, durationMs: 60_000, open: 28_000, high: 28_010, low: 27_990, close: 28_000, volume: 1 }, context(ts, 28_000));
    expect(intentDiagnostics(intent!).rlGammaMultiplier).toBe(1);
    expect(intent?.bids).toHaveLength(1);
    const values = Array.from(intent!.diagnostics!.values);
    expect(values).toHaveLength(27); // 20 of A-S, 7 of the agent, every one written
    for (const v of values) expect(Number.isFinite(v)).toBe(true);
    expect(strategy.name).toBe('rl-avellaneda-stoikov');
    expect(rlActions('gamma-spread')[0]).toEqual({ gamma: 1, spread: 1, skew: 1 });
    expect(rlActions('gamma-spread')).toHaveLength(9);
    expect(rlActions('gamma-spread-skew')).toHaveLength(27);
  });

  it('rejects an agent sized for another state/action space', () => {
    expect(() => createRlEnhancedStrategy({ base: new FixedSpreadQuoter(), learning: true, agent: new QLearningAgent({ states: 3, actions: 2 }) })).toThrow(/createRlAgent/);
  });
});

describe('RL-enhanced reward', () => {
  /** Drives one decision per minute with the given (cash, inventory, mid) path; returns the rewards. */
  function rewards(config: object, path: Array<{ cash: number; inventory: number; mid: number }>): number[] {
    const strategy = createRlEnhancedStrategy({ base: new FixedSpreadQuoter(), learning: false, config });
    const out: number[] = [];
    path.forEach((p, i) => {
      const ts = (i + 1) * 60_000;
      const candle: CandleEvent = { kind: 'candle', ts, openTime: ts - 60_000, durationMs: 60_000, open: p.mid, high: p.mid, low: p.mid, close: p.mid, volume: 1 };
      const intent = strategy.onEvent(candle, context(ts, p.mid, { cash: p.cash, inventory: p.inventory, equity: p.cash + p.inventory * p.mid }));
      if (i > 0) out.push(intent ? intentDiagnostics(intent).rlLastReward ?? NaN : NaN);
    });
    return out;
  }

  it('spread-captured: a held inventory revalued by the mid earns nothing but the penalty; a fill earns its edge', () => {
    // 0.01 BTC held while the mid moves 28,000 -> 28,100 -> 27,900; then a sell of 0.01 at 28,010 vs mid 27,990.
    const path = [
      { cash: 9_720, inventory: 0.01, mid: 28_000 },
      { cash: 9_720, inventory: 0.01, mid: 28_100 },
      { cash: 9_720, inventory: 0.01, mid: 27_900 },
      { cash: 9_720 + 280.1, inventory: 0, mid: 27_990 },
    ];
    const [up, down, fill] = rewards({ phi: 0 }, path);
    expect(up).toBeCloseTo(0, 9);
    expect(down).toBeCloseTo(0, 9);
    // 0.01 x (28,010 - 27,990) = 0.2 USDT = 0.2 bps of the 10k budget.
    expect(fill).toBeCloseTo(0.2, 9);
    const equity = rewards({ phi: 0, reward: 'equity-change' }, path);
    expect(equity[0]).toBeCloseTo(1, 9); // +1 USDT of revaluation = 1 bp
    expect(equity[1]).toBeCloseTo(-2, 9);
  });

  it('charges phi q^2 sigma^2 dt of an order notional while inventory is held (and nothing when flat)', () => {
    const flat = rewards({ phi: 10 }, [{ cash: 10_000, inventory: 0, mid: 28_000 }, { cash: 10_000, inventory: 0, mid: 28_000 }]);
    expect(flat[0]).toBe(0);
    // Order size = 5% x 10k / 28k = 0.017857 BTC; hold 2 orders for 60 s with the fallback sigma.
    const size = (0.05 * 10_000) / 28_000;
    const held = rewards({ phi: 10 }, [{ cash: 10_000, inventory: 2 * size, mid: 28_000 }, { cash: 10_000, inventory: 2 * size, mid: 28_000 }]);
    const sigma = 0.0007 / Math.sqrt(60);
    expect(held[0]).toBeCloseTo((-(10 * 4 * sigma * sigma * 60) * 500 / 10_000) * 10_000, 9);
  });
});
