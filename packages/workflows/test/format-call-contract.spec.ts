import { MarketMakingEngine, runBacktest } from '@mml/backtest-engine';
import { BINANCE_BTCUSDT_SPOT, type CandleEvent, Instrument, type MarketEvent, SeededRandom, type Strategy } from '@mml/core';
import { AvellanedaStoikovQuoter, createAvellanedaStoikovStrategy, createGlftStrategy, createRlEnhancedStrategy, type ModelQuoter } from '@mml/models';
import { createStabilityOverlays, RiskStateTracker, withOverlays } from '@mml/risk-overlays';
import { createStrategyFromFormat } from '@mml/strategies';

/**
 * The bare model formats expose core's observe/quote split, so the engine asks for a quote only
 * when something moved. That must not change a single fill: each format run with the split and
 * with its plain onEvent (the split hidden) gives identical metrics and fills, on a tick stream
 * (bbo + trades: the trade intensity fit becomes ready and recalibrates on time, which the split
 * must carry on exactly) and on candles, with default and non-default configs.
 */
const BTC = new Instrument(BINANCE_BTCUSDT_SPOT);
const START = Date.UTC(2024, 0, 1, 9);

/** A seeded bbo + trade stream: the mid moves on some bbo updates, trades print at or through the touch. */
function ticks(count: number, seed: number): MarketEvent[] {
  const rng = new SeededRandom(seed);
  const events: MarketEvent[] = [];
  let mid = 30_000;
  let ts = START;
  for (let i = 0; i < count; i++) {
    ts += 1 + Math.floor(rng.uniform() * 400);
    if (rng.uniform() < 0.4) {
      if (rng.uniform() < 0.5) mid = Math.round((mid + 3 * rng.normal()) * 100) / 100;
      events.push({ kind: 'bbo', ts, bidPrice: mid - 0.01, bidQty: 1 + rng.uniform(), askPrice: mid + 0.01, askQty: 1 + rng.uniform() });
    } else {
      const buy = rng.uniform() < 0.5;
      // Mostly at the touch, a tail tens of bps deep (through resting model quotes).
      const depth = Math.round(-Math.log(1 - rng.uniform()) * 15 * 100) / 100;
      events.push({ kind: 'trade', ts, price: Math.round((buy ? mid + 0.01 + depth : mid - 0.01 - depth) * 100) / 100, qty: 0.001 + 0.05 * rng.uniform(), aggressor: buy ? 'buy' : 'sell', id: i });
    }
  }
  return events;
}

/** Seeded 1m candles; `nextClose` moves the close (from the open, with the same rng). */
function candles(count: number, seed: number, nextClose = (open: number, rng: SeededRandom, _i: number) => Math.round(open * (1 + 0.0008 * rng.normal()) * 100) / 100): CandleEvent[] {
  const rng = new SeededRandom(seed);
  const out: CandleEvent[] = [];
  let close = 30_000;
  for (let i = 0; i < count; i++) {
    const open = close;
    close = nextClose(open, rng, i);
    const high = Math.max(open, close) * (1 + 0.0006 * rng.uniform());
    const low = Math.min(open, close) * (1 - 0.0006 * rng.uniform());
    out.push({ kind: 'candle', ts: START + (i + 1) * 60_000, openTime: START + i * 60_000, durationMs: 60_000, open, high, low, close, volume: 5 });
  }
  return out;
}

/** The strategy with its observe/quote hidden: the engine calls onEvent on every event. */
function everyEvent(strategy: Strategy): Strategy {
  return {
    name: strategy.name,
    ...(strategy.diagnosticsSchema ? { diagnosticsSchema: strategy.diagnosticsSchema } : {}),
    onEvent: (event, ctx) => strategy.onEvent(event, ctx),
    ...(strategy.onFill ? { onFill: (fill, ctx) => strategy.onFill?.(fill, ctx) } : {}),
  };
}

function run(events: MarketEvent[], strategy: Strategy, config: Record<string, unknown>): string {
  const result = runBacktest({ events, strategy, instrument: BTC, config: { quoteBudget: 10_000, recordFills: true, ...config } });
  return JSON.stringify({ metrics: result.metrics, fills: result.fills, equity: result.equityCurve });
}

describe('bare model formats: observe/quote split vs every event', () => {
  const tickEvents = ticks(5000, 7);
  const candleEvents = candles(400, 11);
  const cases: Array<[string, Record<string, unknown>]> = [
    ['fixed-spread', {}],
    ['as-baseline', {}],
    ['as-baseline', { model: { horizon: { mode: 'session', sessionSeconds: 3600 }, volatility: { kind: 'rolling', candleEstimator: 'yang-zhang' }, intensity: { trades: { recalibrationIntervalMs: 0, minOrders: 20 } } } }],
    ['glft', {}],
    ['glft', { model: { volatility: { candleEstimator: 'garman-klass' }, intensity: { trades: { minOrders: 20, windowMs: 120_000 } } } }],
  ];

  it.each(cases)('%s %j: identical fills, metrics and equity on ticks (trade fill model) and candles', (format, config) => {
    const make = () => createStrategyFromFormat(format, config, { seed: 1 });
    expect(typeof make().observe).toBe('function'); // the split is there to be tested
    for (const [events, engine] of [[tickEvents, { fillModel: 'trade', orderLatencyMs: 5 }], [candleEvents, {}]] as const) {
      const split = run(events, make(), engine);
      expect(split).toBe(run(events, everyEvent(make()), engine));
      expect(JSON.parse(split).metrics.fills).toBeGreaterThan(0);
    }
  });

  it('a throttled model keeps plain onEvent (its undefined between quotes is not a quote the engine may repeat)', () => {
    expect(createStrategyFromFormat('as-baseline', { model: { requoteIntervalMs: 5000 } }, { seed: 1 }).observe).toBeUndefined();
  });
});

/**
 * The same through the wrappers that drive a split model themselves: the overlay stack asks its
 * model for a quote only when the model's inputs or its context moved, and the RL agent its base
 * between decisions; each must give what asking on every event gives.
 */
describe('wrappers of a split model: asked when inputs moved vs on every event', () => {
  const tickEvents = ticks(4000, 5);
  const candleEvents = candles(400, 3);
  const markets = [[tickEvents, { fillModel: 'trade', orderLatencyMs: 5 }], [candleEvents, {}]] as const;
  const overlaid = (model: Strategy) => withOverlays(model, createStabilityOverlays({}), new RiskStateTracker({}));

  it.each([
    ['A-S', () => createAvellanedaStoikovStrategy({ intensity: { trades: { minOrders: 20 } } })],
    ['GLFT', () => createGlftStrategy({ intensity: { trades: { minOrders: 20 } } })],
  ])('overlays over %s: identical fills, metrics and equity', (_name, make) => {
    expect(typeof make().observe).toBe('function');
    for (const [events, engine] of markets) expect(run(events, overlaid(make()), engine)).toBe(run(events, overlaid(everyEvent(make())), engine));
  });

  /**
   * RL over A-S has the split itself (observe runs the agent's per-event work: tally, reward,
   * learning update, action draw; quote only builds the intent), driven by the engine (bare) or by
   * the overlay stack (quoteInto its buffer). Against the same agent over a base without
   * inputsChanged (no split: onEvent on every event, the base asked every time), the fills, metrics,
   * equity, the decisions and their rewards, and the learned Q table must all be identical: a
   * learning step or random draw moved or skipped by the split changes the Q table at least.
   */
  it.each([
    ['bare', (s: Strategy) => s],
    ['overlaid', overlaid],
  ])('RL over A-S (learning), %s: identical fills, metrics, equity, rewards and learned Q', (_name, wrap) => {
    // The same base without inputsChanged: the agent then asks it on every event, and has no split.
    const blind = (q: ModelQuoter): ModelQuoter => ({ name: q.name, orderFraction: q.orderFraction, diagnosticsSchema: q.diagnosticsSchema, observe: (e) => q.observe(e), quote: (c, m, into) => q.quote(c, m, into) });
    const make = (hide: boolean) => {
      const base = new AvellanedaStoikovQuoter({ intensity: { trades: { minOrders: 20 } } });
      return createRlEnhancedStrategy({ base: hide ? blind(base) : base, learning: true, config: { decisionIntervalMs: 20_000 } });
    };
    expect(typeof make(false).observe).toBe('function'); // the split is there to be tested
    expect(typeof make(false).quoteInto).toBe('function');
    expect(make(true).observe).toBeUndefined();
    for (const [events, engine] of markets) {
      const [split, plain] = [make(false), make(true)];
      const splitRun = run(events, wrap(split), engine);
      expect(splitRun).toBe(run(events, wrap(plain), engine));
      expect(JSON.parse(splitRun).metrics.fills).toBeGreaterThan(0);
      expect(split.stats.decisions).toBeGreaterThan(10);
      expect(split.stats).toEqual(plain.stats);
      expect(split.agent.toJSON()).toEqual(plain.agent.toJSON());
    }
  });
});

/**
 * The overlay stack has core's observe/quote split itself (whatever its model), so the overlaid
 * formats (as-stable, glft-stable, rl-enhanced) take the engine's fused replay loops as the bare
 * formats do. Against the same strategy with its split hidden (the engine then calls its onEvent
 * on every event and never takes the fused loops), every output of a run must be identical: fills,
 * metrics, the equity rows with their quote prices, breaker trips, liquidations and attribution.
 * The market crashes and recovers, so the adverse-move filter blocks a side, the drawdown breaker
 * trips (soft and hard, with its flatten), cools down and re-enters, and risk-off scales.
 */
describe('overlaid formats: the stack\'s observe/quote split vs every event', () => {
  /** Candles through a crash of ~20% and a recovery (the breaker trips), with sharp single-bar moves. */
  function stressedCandles(count: number, seed: number): CandleEvent[] {
    return candles(count, seed, (open, rng, i) => {
      const phase = i / count;
      const drift = phase > 0.3 && phase < 0.45 ? -0.0025 : phase > 0.6 && phase < 0.75 ? 0.002 : 0;
      const jump = rng.uniform() < 0.01 ? (rng.uniform() < 0.5 ? -1 : 1) * 0.006 : 0;
      return Math.round(open * Math.exp(drift + jump + 0.0008 * rng.normal()) * 100) / 100;
    });
  }

  function fullRun(events: MarketEvent[], strategy: Strategy, config: Record<string, unknown>): { json: string; fused: boolean; trips: number; fills: number } {
    const engine = new MarketMakingEngine(BTC, strategy, { quoteBudget: 10_000, recordFills: true, ...config });
    const fused = events[0].kind === 'candle' ? engine['fusedCandlesEligible']() : engine['fusedTradesEligible']();
    const result = engine.run(events);
    const { metrics, fills, equityCurve, breakerTrips, liquidations, attribution, breakEvenMakerFeeBps } = result;
    return { json: JSON.stringify({ metrics, fills, equityCurve, breakerTrips, liquidations, attribution, breakEvenMakerFeeBps }), fused, trips: breakerTrips.length, fills: fills.length };
  }

  const candleEvents = stressedCandles(3000, 21);
  const tickEvents = ticks(4000, 9);
  // Candles: research's engine (zero latency); ticks: the trade model with a constant entry latency.
  const markets: Array<[MarketEvent[], Record<string, unknown>]> = [[candleEvents, {}], [tickEvents, { fillModel: 'trade', orderLatencyMs: 5 }]];
  // Breaker thresholds this market crosses: soft and hard trips, a flatten, cooldown and re-entry.
  const tight = { overlays: { drawdownBreaker: { softThreshold: 0.005, softHysteresis: 0.002, hardThreshold: 0.01, haltThreshold: 0.5, cooldownMs: 600_000 } } };
  const cases: Array<[string, Record<string, unknown>, boolean]> = [
    ['as-stable', {}, false],
    ['as-stable', tight, false],
    ['glft-stable', {}, false],
    ['glft-stable', tight, false],
    ['rl-enhanced', tight, false],
    ['rl-enhanced', { ...tight, model: { rl: { decisionIntervalMs: 20_000 } } }, true],
    // A model throttled by a requote interval has no split of its own: the stack's split still applies.
    ['as-stable', { ...tight, model: { requoteIntervalMs: 180_000 } }, false],
  ];

  it.each(cases)('%s %j (learning %s): identical run outputs on candles and ticks, the split run on the fused loop', (format, config, learning) => {
    const make = () => createStrategyFromFormat(format, config, { seed: 3, learning });
    expect(typeof make().observe).toBe('function');
    let trips = 0;
    for (const [events, engine] of markets) {
      const split = fullRun(events, make(), engine);
      const plain = fullRun(events, everyEvent(make()), engine);
      expect(split.fused).toBe(true);
      expect(plain.fused).toBe(false);
      expect(split.json).toBe(plain.json);
      expect(split.fills).toBeGreaterThan(0);
      trips += split.trips;
    }
    if (config.overlays !== undefined) expect(trips).toBeGreaterThan(1);
  });

  it('runs off the fused loops (response latency, cooldown, max order age, the L2 simulator) give the same outputs both ways too', () => {
    const orders = { cooldownAfterFillMs: 120_000, maxOrderAgeMs: 600_000 };
    const engines: Array<[MarketEvent[], Record<string, unknown>]> = [
      [candleEvents, { orders, latency: { responseMs: 30_000 } }],
      [tickEvents, { fillModel: 'trade', orderLatencyMs: 5, orders, latency: { responseMs: 200 } }],
      // The L2 simulator (the tick scenario of the format bench) never takes a fused loop.
      [tickEvents, { fillModel: 'l2' }],
    ];
    const make = () => createStrategyFromFormat('as-stable', tight, { seed: 3 });
    for (const [events, engine] of engines) {
      const split = fullRun(events, make(), engine);
      expect(split.fused).toBe(false);
      expect(split.json).toBe(fullRun(events, everyEvent(make()), engine).json);
      expect(split.fills).toBeGreaterThan(0);
    }
  });
});
