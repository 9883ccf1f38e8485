import { parseConfig, QuoteInputsWatch, QuoteIntentBuffer, type ConfigOf, type ConfigSchema, type MarketEvent, type QuoteIntent, type Strategy, type StrategyContext } from '@mml/core';
import { EwmaVolatility } from '../estimators/ewma-volatility';
import { PriceSampler } from '../estimators/price-sampler';
import { contextMid, type ModelQuoter } from '../strategies/model-quoter';
import { REASON_NO_MID, type QuoteMultipliers } from '../strategies/quote-builder';
import { inventoryPenalty } from './inventory-penalty';
import { QLearningAgent, type QLearningConfig } from './q-learning-agent';
import { encodeRlStateAt, rlStateCount, rlStateSchema, TimeOfDayBuckets } from './rl-state';

export const rlEnhancedConfigSchema = {
  decisionIntervalMs: { type: 'number', default: 60_000, min: 1, unit: 'ms', doc: 'Time between agent decisions (one reward and one action each).' },
  requoteIntervalMs: { type: 'number', default: 0, min: 0, unit: 'ms', doc: 'Minimum time between quote intents between decisions.' },
  reward: {
    type: 'string', default: 'spread-captured', oneOf: ['spread-captured', 'equity-change'] as const,
    doc: 'spread-captured: the fills\' cash + inventory change marked at the mid after each event (spread, fees and the adverse move inside the event), without the mark-to-market of inventory already held (pure noise for the decision); equity-change: the change of marked-to-market equity (the old, noisier reward). Both in bps of quoteBudget, minus the inventory penalty.',
  },
  phi: {
    type: 'number', default: 10, min: 0, unit: '1/(mid-relative price x order), like gamma',
    doc: 'Inventory risk aversion of the reward: penalty phi q^2 sigma^2 dt x order notional per decision interval (q in orders, sigma per sqrt(s) from the long EWMA, dt in s), so the summed reward is the mean-variance objective with gamma = 2 phi. Default 10 = half the A-S base gamma (20).',
  },
  actionSet: {
    type: 'string', default: 'gamma-spread', oneOf: ['gamma-spread', 'gamma-spread-skew'] as const,
    doc: 'gamma-spread: 9 actions, gamma x {0.5, 1, 2} and spread x {0.8, 1, 1.25}; gamma-spread-skew: 27 actions, also skew x {0.5, 1, 2}.',
  },
  state: { type: 'object', schema: rlStateSchema, doc: 'State discretisation.' },
} as const satisfies ConfigSchema;
export type RlEnhancedConfig = ConfigOf<typeof rlEnhancedConfigSchema>;

/**
 * The discrete action set: each action is a set of multipliers applied to the base model. Action 0
 * is the neutral one (1, 1, 1): Q ties break towards the lowest index, so an untrained agent quotes
 * exactly like its base model.
 */
export function rlActions(actionSet: RlEnhancedConfig['actionSet']): QuoteMultipliers[] {
  const out: QuoteMultipliers[] = [{ gamma: 1, spread: 1, skew: 1 }];
  const skews = actionSet === 'gamma-spread-skew' ? [0.5, 1, 2] : [1];
  for (const gamma of [0.5, 1, 2]) for (const spread of [0.8, 1, 1.25]) for (const skew of skews) {
    if (gamma !== 1 || spread !== 1 || skew !== 1) out.push({ gamma, spread, skew });
  }
  return out;
}

/** A Q-learning agent sized for an RL config (states x actions), with the given agent settings. */
export function createRlAgent(config: unknown = {}, agentConfig: Partial<QLearningConfig> = {}): QLearningAgent {
  const c = parseConfig(rlEnhancedConfigSchema, config, 'rlEnhanced');
  return new QLearningAgent({ ...agentConfig, states: rlStateCount(c.state), actions: rlActions(c.actionSet).length });
}

/** The agent's diagnostics, after the base model's. */
const RL_SLOTS = ['rlState', 'rlAction', 'rlGammaMultiplier', 'rlSpreadMultiplier', 'rlSkewMultiplier', 'rlEpsilon', 'rlLastReward'] as const;

export interface RlEnhancedOptions {
  /** The base model the agent steers (e.g. new AvellanedaStoikovQuoter(cfg)). */
  base: ModelQuoter;
  /** The agent; a fresh one (createRlAgent) when omitted. */
  agent?: QLearningAgent;
  /** true: explore and update Q (training window); false: greedy, Q frozen (out of sample). */
  learning: boolean;
  config?: unknown;
}

export interface RlEnhancedStrategy extends Strategy {
  readonly agent: QLearningAgent;
  /** Decisions taken and the sum of their rewards (for evaluation runs, where Q is frozen). */
  readonly stats: { decisions: number; rewardSum: number };
}

/**
 * RL-enhanced model: every `decisionIntervalMs` the agent observes a discretised state (inventory
 * bucket, volatility regime = short/long EWMA sigma, adverse move since the last decision, UTC time
 * of day), is rewarded for the previous action with the spread its fills captured since the last
 * decision (from ctx.cash and ctx.inventory, marked at the mid) minus the inventory-risk penalty
 * phi q^2 sigma^2 dt, in bps of the budget, and picks the multipliers (gamma, spread, skew) the base
 * model quotes with until the next decision. Untried actions are masked by the agent, so an
 * untrained agent stays neutral (its base model). Training is simply a run of the
 * engine over a training window with learning = true; evaluation reuses the agent with learning =
 * false. Everything random comes from the agent's seed.
 */
export function createRlEnhancedStrategy(options: RlEnhancedOptions): RlEnhancedStrategy {
  const config = parseConfig(rlEnhancedConfigSchema, options.config, 'rlEnhanced');
  const actions = rlActions(config.actionSet);
  const agent = options.agent ?? createRlAgent(config);
  if (agent.config.states !== rlStateCount(config.state) || agent.config.actions !== actions.length) {
    throw new Error(`agent is ${agent.config.states} states x ${agent.config.actions} actions, the RL config needs ${rlStateCount(config.state)} x ${actions.length} (use createRlAgent)`);
  }
  const base = options.base;
  // The base model's diagnostics plus the agent's, in one preallocated intent.
  const schema = base.diagnosticsSchema.extend(RL_SLOTS);
  const intent = new QuoteIntentBuffer(64, schema);
  const noMid = new QuoteIntentBuffer(0, schema);
  noMid.diagnostics.addReason(REASON_NO_MID);
  const rl = RL_SLOTS.map((name) => schema.slot(name));
  const shortVol = new EwmaVolatility({ halfLifeSamples: 30, minSamples: 10 });
  const longVol = new EwmaVolatility({ halfLifeSamples: 600, minSamples: 10 });
  // Both see the same mids at the same default sample interval: one sampler (one log) feeds both.
  const mids = new PriceSampler(shortVol.config.sampleIntervalMs);
  const stats = { decisions: 0, rewardSum: 0 };
  // Numbers kept across events live in object fields (updated in place): a closure variable holding
  // a non-small-integer number allocates a fresh heap number on every assignment.
  const clock = { lastDecisionTs: -Infinity, lastQuoteTs: -Infinity };
  // Spread captured since the last decision, in quote currency (see the reward option), and the
  // account at the previous event.
  const tally = { captured: 0, lastCash: NaN, lastInventory: NaN };
  // The previous decision (valid once hasPrevious): one object, updated in place.
  const previous = { state: -1, action: 0, equity: NaN, mid: NaN, ts: NaN };
  let hasPrevious = false;
  let action = 0;
  const baseInputsChanged = base.inputsChanged?.bind(base) ?? (() => true);
  const unthrottledSplit = config.requoteIntervalMs === 0 && base.inputsChanged !== undefined;
  const watch = new QuoteInputsWatch();
  const timeOfDay = new TimeOfDayBuckets(config.state.timeOfDayBuckets);

  // What the last observed event left for the quote: whether the agent decided on it, and the
  // reward of that decision (0 on other events), which the agent's slots report.
  const step = { decided: false, reward: 0 };
  // The split's last quote: its mid and the reward its slots report (NaN before one).
  const quoted = { mid: NaN, reward: NaN };

  /**
   * Every event, whichever way the strategy is driven: the base's and our estimators, the spread
   * tally, and the agent's reward, learning update and action draw when a decision is due. These
   * run on every event (never only when a quote is asked for), so splitting the strategy cannot
   * move a learning step or a random draw. false: no mid yet (nothing past the base's observe runs).
   */
  function observeEvent(event: MarketEvent, ctx: StrategyContext): boolean {
    base.observe(event);
    const mid = contextMid(ctx);
    if (Number.isNaN(mid)) return false;
    if (mids.take(ctx.now, mid)) {
      shortVol.addReturn(mids.logReturn, mids.dtSeconds);
      longVol.addReturn(mids.logReturn, mids.dtSeconds);
    }
    // Fills since the previous event, marked at the current mid: the cash and inventory change
    // only through fills (and fees), so this is the captured spread net of fees and of the
    // adverse move within the event; the old inventory's revaluation is left out.
    if (!Number.isNaN(tally.lastCash)) tally.captured += ctx.cash - tally.lastCash + (ctx.inventory - tally.lastInventory) * mid;
    tally.lastCash = ctx.cash;
    tally.lastInventory = ctx.inventory;
    step.decided = false;
    step.reward = 0;
    if (ctx.now - clock.lastDecisionTs < config.decisionIntervalMs) return true;
    const size = (base.orderFraction * ctx.quoteBudget) / mid;
    const q = size > 0 ? ctx.inventory / size : 0;
    step.decided = true;
    clock.lastDecisionTs = ctx.now;
    const midChangeBps = hasPrevious ? (mid / previous.mid - 1) * 10_000 : 0;
    const state = encodeRlStateAt(config.state, q, shortVol.sigma / longVol.sigma, midChangeBps, timeOfDay.bucket(ctx.now));
    if (hasPrevious) {
      const budget = ctx.quoteBudget > 0 ? ctx.quoteBudget : 1;
      const gain = config.reward === 'spread-captured' ? tally.captured : ctx.equity - previous.equity;
      const dtSeconds = (ctx.now - previous.ts) / 1000;
      // phi q^2 sigma^2 dt in units of one order's notional, then in bps of the budget.
      const penalty = inventoryPenalty(config.phi, q, longVol.sigma, dtSeconds) * size * mid;
      const reward = ((gain - penalty) / budget) * 10_000;
      step.reward = reward;
      stats.decisions++;
      stats.rewardSum += reward;
      if (options.learning) agent.update(previous.state, previous.action, reward, state);
    }
    action = agent.selectAction(state, options.learning);
    previous.state = state;
    previous.action = action;
    previous.equity = ctx.equity;
    previous.mid = mid;
    previous.ts = ctx.now;
    hasPrevious = true;
    tally.captured = 0;
    return true;
  }

  /** The agent's slots of an intent, after the base's. */
  function writeAgentSlots(into: QuoteIntentBuffer): void {
    const m = actions[action];
    const v = into.diagnostics.values;
    v[rl[0]] = hasPrevious ? previous.state : -1;
    v[rl[1]] = action;
    v[rl[2]] = m.gamma;
    v[rl[3]] = m.spread;
    v[rl[4]] = m.skew;
    v[rl[5]] = agent.epsilon;
    v[rl[6]] = step.reward;
  }

  /** The split's quote: the base quoted with the current action's multipliers into `into`, then our slots. */
  function quoteTo(ctx: StrategyContext, into: QuoteIntentBuffer): QuoteIntent {
    if (Number.isNaN(contextMid(ctx))) return noMid;
    quoted.mid = ctx.mid;
    quoted.reward = step.reward;
    const fromBase = base.quote(ctx, actions[action], into);
    if (fromBase !== into) into.copyFrom(fromBase);
    writeAgentSlots(into);
    return into;
  }

  const strategy: RlEnhancedStrategy = {
    name: `rl-${base.name}`,
    diagnosticsSchema: schema,
    agent,
    stats,
    onEvent(event: MarketEvent, ctx: StrategyContext): QuoteIntent | undefined {
      if (!observeEvent(event, ctx)) return noMid;
      const decided = step.decided;
      if (!decided && ctx.now - clock.lastQuoteTs < config.requoteIntervalMs) return undefined;
      clock.lastQuoteTs = ctx.now;
      // Unthrottled, with a base that tells when its inputs moved: between decisions the base is
      // asked again only when they or the context moved (its time-driven updates run either way);
      // otherwise its last quote in our intent stands (the same numbers a new one would give).
      // On a decision the base is asked anyway, and its quote runs its time-driven updates itself.
      const moved = decided || !unthrottledSplit || baseInputsChanged(ctx.now);
      if (watch.due(ctx, moved)) {
        // The base quotes straight into our intent (our slots follow its own); one that does not
        // take `into` is copied.
        const fromBase = base.quote(ctx, actions[action], intent);
        if (fromBase !== intent) intent.copyFrom(fromBase);
        // Throttled, the intent outlives the next event: its deferred diagnostics are computed now.
        if (config.requoteIntervalMs > 0) intent.diagnostics.settle();
      }
      writeAgentSlots(intent);
      return intent;
    },
  };
  if (!unthrottledSplit) return strategy;
  // Unthrottled over a base that tells when its inputs moved: core's observe/quote split as well,
  // so the engine (or an overlay stack, into its own buffer) asks for a quote only when something
  // it reads moved. observe runs every event's learning work above; only the quote is skipped.
  return Object.assign(strategy, {
    observe(event: MarketEvent, ctx: StrategyContext): boolean {
      if (!observeEvent(event, ctx)) return true; // the quote is the no-mid intent
      // A decision changes the action (and the agent's slots); the event after one puts the
      // reported reward back to 0. A moved mid gets a quote anyway (core's contract), and that
      // quote runs the base's time-driven updates itself.
      if (step.decided || !Object.is(step.reward, quoted.reward) || ctx.mid !== quoted.mid) return true;
      return baseInputsChanged(ctx.now);
    },
    quote: (ctx: StrategyContext): QuoteIntent => quoteTo(ctx, intent),
    quoteInto: (ctx: StrategyContext, into: QuoteIntentBuffer): QuoteIntent => quoteTo(ctx, into),
  });
}
