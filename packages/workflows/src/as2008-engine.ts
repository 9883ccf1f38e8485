import { SeededRandom, createInstrument, deriveSeed, type BestBidAskEvent, type InstrumentSpec } from '@mml/core';
import { MarketMakingEngine } from '@mml/backtest-engine';
import { AS2008_PARAMETERS, As2008Accumulator, createAs2008Strategy, type As2008Parameters, type As2008Replication } from '@mml/models';

/**
 * Avellaneda & Stoikov (2008) §3.3 run through the backtest engine: the paper's agents
 * (`createAs2008Strategy` from @mml/models) quote against a binomial mid (±σ√dt per step, as in the
 * standalone replication) and the engine's `intensity` fill model draws their fills with
 * probability min(1, A·e^(−kδ)·dt) per step. The composition lives here because the engine may
 * not import a model.
 *
 * Event stream per path, one bbo per mid (the touch is drawn ±`TOUCH_HALF_WIDTH` around it so it
 * never constrains the agent, who may quote through the mid):
 * - 'before-move': the quotes set at s_i meet the fill draw at the next event, against s_i.
 * - 'after-move' (the paper's convention): at t_i the agent quotes at s_i, then at the same ts the
 *   mid moves to s_{i+1} (no time passes, so no fill and no new quote); the next event at t_{i+1}
 *   draws the fills against s_{i+1}.
 * Each path's mids and fill stream are shared by both agents and every gamma (common random
 * numbers, like the standalone), from seeds derived from `seed`.
 */
export interface As2008EngineOptions {
  seed: number;
  simulations?: number;
  gammas?: number[];
  parameters?: Partial<As2008Parameters>;
  spreadTerm?: 'full' | 'liquidity-only';
  fillTiming?: 'before-move' | 'after-move';
}

export interface As2008EngineReplication extends As2008Replication {
  spreadTerm: 'full' | 'liquidity-only';
  fillTiming: 'before-move' | 'after-move';
  engine: { fillModel: 'intensity'; tickSize: string; eventsPerPath: number };
}

/** A price grid fine enough (1e-6) that rounding the agents' quotes changes nothing measurable. */
const AS2008_INSTRUMENT: InstrumentSpec = Object.freeze({
  exchange: 'simulation',
  symbol: 'AS2008/USD',
  base: 'AS2008',
  quote: 'USD',
  tickSize: '0.000001',
  lotSize: '1',
  minNotional: '0',
  makerFee: '0',
  takerFee: '0',
});
const TOUCH_HALF_WIDTH = 50;
const STEP_MS = 5;
const BUDGET = 1_000_000;

export function runAs2008ThroughEngine(options: As2008EngineOptions): As2008EngineReplication {
  const simulations = options.simulations ?? 1000;
  const gammas = options.gammas ?? [0.1, 0.01, 0.5];
  const spreadTerm = options.spreadTerm ?? 'liquidity-only';
  const fillTiming = options.fillTiming ?? 'after-move';
  const p: As2008Parameters = { ...AS2008_PARAMETERS, ...options.parameters };
  if (!Number.isInteger(simulations) || simulations < 2) throw new RangeError(`simulations must be an integer >= 2, got ${simulations}`);
  if (!Number.isInteger(options.seed)) throw new RangeError(`seed must be an integer, got ${options.seed}`);
  for (const g of gammas) if (!(g > 0)) throw new RangeError(`gamma must be > 0, got ${g}`);
  const steps = Math.round(p.T / p.dt);
  // One model time unit = 1000 ms of event time, so the engine's A (per second) is the paper's A.
  const unitMs = STEP_MS / p.dt;
  const instrument = createInstrument(AS2008_INSTRUMENT);
  const afterMove = fillTiming === 'after-move';

  const acc = new Map<string, { inventory: As2008Accumulator; symmetric: As2008Accumulator }>();
  for (const g of gammas) acc.set(String(g), { inventory: new As2008Accumulator(), symmetric: new As2008Accumulator() });
  let eventsPerPath = 0;
  for (let path = 0; path < simulations; path++) {
    const events = pathEvents(deriveSeed(options.seed, `engine-path-${path}`), steps, p, afterMove);
    eventsPerPath = events.length;
    const fillSeed = deriveSeed(options.seed, `engine-fills-${path}`);
    for (const g of gammas) {
      for (const kind of ['inventory', 'symmetric'] as const) {
        const strategy = createAs2008Strategy({ kind, gamma: g, startTs: 0, parameters: p, spreadTerm, unitMs });
        const engine = new MarketMakingEngine(instrument, strategy, {
          quoteBudget: BUDGET,
          allowShort: true,
          fillModel: 'intensity',
          intensity: { A: p.A, k: p.k, dtMs: 0, seed: fillSeed },
          risk: { minEdgeBps: -10_000, softInventoryLimit: 1, hardInventoryLimit: 1, liquidationEquityFraction: 0 },
          sampleIntervalMs: 1000,
          recordFills: false,
        });
        let spreadSum = 0;
        let quotes = 0;
        for (const event of events) {
          const step = engine.onEvent(event);
          // The spread actually quoted at each of the `steps` decisions (not the one at T).
          if (step.intent !== undefined && quotes < steps) {
            spreadSum += step.intent.diagnostics?.value('spread') ?? NaN;
            quotes++;
          }
        }
        const result = engine.finish();
        acc.get(String(g))![kind].add(result.metrics.pnl, engine.ledger.inventoryLots, spreadSum / quotes);
      }
    }
  }
  const gamma: As2008Replication['gamma'] = {};
  for (const [g, row] of acc) gamma[g] = { inventory: row.inventory.result(), symmetric: row.symmetric.result() };
  return {
    simulations,
    seed: options.seed,
    parameters: p,
    gamma,
    spreadTerm,
    fillTiming,
    engine: { fillModel: 'intensity', tickSize: AS2008_INSTRUMENT.tickSize, eventsPerPath },
  };
}

/** The binomial mid path of one simulation as bbo events (see the class comment for the order). */
function pathEvents(seed: number, steps: number, p: As2008Parameters, afterMove: boolean): BestBidAskEvent[] {
  const rng = new SeededRandom(seed);
  const move = p.sigma * Math.sqrt(p.dt);
  const bbo = (ts: number, mid: number): BestBidAskEvent => ({ kind: 'bbo', ts, bidPrice: mid - TOUCH_HALF_WIDTH, bidQty: 1, askPrice: mid + TOUCH_HALF_WIDTH, askQty: 1 });
  const events: BestBidAskEvent[] = [];
  let s = p.s0;
  for (let i = 0; i < steps; i++) {
    events.push(bbo(i * STEP_MS, s));
    s += rng.uniform() < 0.5 ? move : -move;
    if (afterMove) events.push(bbo(i * STEP_MS, s));
  }
  events.push(bbo(steps * STEP_MS, s));
  return events;
}
