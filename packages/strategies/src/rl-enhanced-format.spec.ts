import { BINANCE_BTCUSDT_SPOT, type CandleEvent, ConfigError, Instrument, intentRecord, type QuoteIntentRecord, SeededRandom, stableStringify, type Strategy, type StrategyContext } from '@mml/core';
import { createStrategyFromFormat, getFormat, parseFormatConfig, policyOf } from './index';

const BTC = new Instrument(BINANCE_BTCUSDT_SPOT);
const MIN = 60_000;

/** A seeded 1m path; the engine is another layer, so the account is held flat here. */
/** The intents as plain data (a strategy rewrites one intent in place). */
function drive(strategy: Strategy, bars: number, seed: number, sigma = 0.0002): Array<QuoteIntentRecord | undefined> {
  const rng = new SeededRandom(seed);
  let price = 30_000;
  const out: Array<QuoteIntentRecord | undefined> = [];
  for (let i = 1; i <= bars; i++) {
    const open = price;
    price = Math.round(price * Math.exp(sigma * rng.normal()) * 100) / 100;
    const candle: CandleEvent = { kind: 'candle', ts: i * MIN, openTime: (i - 1) * MIN, durationMs: MIN, open, high: Math.max(open, price), low: Math.min(open, price), close: price, volume: 5 };
    // Equity wanders with the price so the agent sees non-zero rewards.
    const equity = 10_000 + (price - 30_000) * 0.01;
    const ctx: StrategyContext = { instrument: BTC, now: candle.ts, inventoryLots: 1000, inventory: 0.01, cash: 9_700, equity, initialEquity: 10_000, peakEquity: Math.max(10_000, equity), bestBid: NaN, bestAsk: NaN, mid: price, quoteBudget: 10_000 };
    const intent = strategy.onEvent(candle, ctx);
    out.push(intent && intentRecord(intent));
  }
  return out;
}

describe('rl-enhanced format', () => {
  it('is the agent over A-S with the stability overlays', () => {
    const format = getFormat('rl-enhanced');
    expect(format.overlayOrder).toEqual(['vol-widen', 'adverse-move', 'drawdown-breaker', 'risk-off']);
    const config = parseFormatConfig('rl-enhanced').config as { model: { base: { gamma: number }; rl: { actionSet: string }; agent: Record<string, unknown> } };
    expect(config.model.base.gamma).toBe(20);
    expect(config.model.rl.actionSet).toBe('gamma-spread');
    expect(Object.keys(config.model.agent)).not.toContain('seed');
  });

  it('untrained and not learning, it quotes exactly like as-stable (action 0 is neutral)', () => {
    const rl = drive(createStrategyFromFormat('rl-enhanced', {}, { seed: 3 }), 200, 5);
    const stable = drive(createStrategyFromFormat('as-stable', {}, { seed: 3 }), 200, 5);
    expect(rl.map((i) => [i?.bids, i?.asks])).toEqual(stable.map((i) => [i?.bids, i?.asks]));
  });

  it('learns on a train window, deterministically per seed, and the trained policy can be passed back in', () => {
    const train = (seed: number) => {
      const strategy = createStrategyFromFormat('rl-enhanced', { model: { agent: { epsilon: 0.5 } } }, { seed, learning: true });
      drive(strategy, 600, 9, 0.001);
      return policyOf(strategy) as { updates: number; q: number[][] };
    };
    const policy = train(1);
    expect(policy.updates).toBeGreaterThan(500);
    expect(stableStringify(train(1))).toBe(stableStringify(policy));
    expect(stableStringify(train(2))).not.toBe(stableStringify(policy));

    const evaluation = createStrategyFromFormat('rl-enhanced', { model: { agent: { epsilon: 0.5 } } }, { seed: 1, policy });
    drive(evaluation, 100, 10, 0.001);
    // Not learning: the Q table is frozen.
    expect((policyOf(evaluation) as { q: number[][] }).q).toEqual(policy.q);
    expect(policyOf(createStrategyFromFormat('as-stable', {}, { seed: 1 }))).toBeUndefined();
  });

  it('rejects an unusable policy as a ConfigError', () => {
    expect(() => createStrategyFromFormat('rl-enhanced', {}, { seed: 1, policy: { format: 'nope' } })).toThrow(ConfigError);
    expect(() => createStrategyFromFormat('rl-enhanced', {}, { seed: 1, policy: { format: 'nope' } })).toThrow(/policy/);
  });
});
