import { parseConfig, QuoteInputsWatch, QuoteIntentBuffer, type ConfigOf, type ConfigSchema, type DiagnosticsSchema, type MarketEvent, type QuoteIntent, type Strategy, type StrategyContext } from '@mml/core';
import { EwmaVolatility } from '../estimators/ewma-volatility';
import { PriceSampler } from '../estimators/price-sampler';
import { type ModelQuoter } from '../strategies/model-quoter';
import { hasContextMid, REASON_NO_MID, type QuoteMultipliers } from '../strategies/quote-builder';
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
  // Unthrottled over a base that tells when its inputs moved: core's observe/quote split as well,
  // so the engine (or an overlay stack, into its own buffer) asks for a quote only when something
  // it reads moved. observe runs every event's learning work; only the quote is skipped.
  const unthrottledSplit = config.requoteIntervalMs === 0 && options.base.inputsChanged !== undefined;
  return unthrottledSplit ? new SplitRlEnhanced(options, config, actions, agent) : new RlEnhanced(options, config, actions, agent);
}

/**
 * createRlEnhancedStrategy's strategy: a class (the engine and an overlay stack call it on one
 * stable shape, as every other format), whose numbers kept across events are its own fields.
 */
class RlEnhanced implements RlEnhancedStrategy {
  readonly name: string;
  readonly diagnosticsSchema: DiagnosticsSchema;
  readonly stats = { decisions: 0, rewardSum: 0 };
  protected readonly base: ModelQuoter;
  private readonly learning: boolean;
  // The base model's diagnostics plus the agent's, in one preallocated intent.
  protected readonly intent: QuoteIntentBuffer;
  protected readonly noMid: QuoteIntentBuffer;
  private readonly rl: number[];
  private readonly shortVol = new EwmaVolatility({ halfLifeSamples: 30, minSamples: 10 });
  private readonly longVol = new EwmaVolatility({ halfLifeSamples: 600, minSamples: 10 });
  // Both see the same mids at the same default sample interval: one sampler (one log) feeds both.
  private readonly mids: PriceSampler;
  private readonly watch = new QuoteInputsWatch();
  private readonly timeOfDay: TimeOfDayBuckets;
  private readonly unthrottledSplit: boolean;
  private lastDecisionTs = -Infinity;
  private lastQuoteTs = -Infinity;
  // Spread captured since the last decision, in quote currency (see the reward option), and the
  // account at the previous event.
  private captured = 0;
  private lastCash = NaN;
  private lastInventory = NaN;
  // The previous decision (valid once hasPrevious).
  private previousState = -1;
  private previousAction = 0;
  private previousEquity = NaN;
  /** The decision's state inputs, rewritten in place (see encodeRlStateAt). */
  private readonly observation = { q: Number.NaN, volatilityRatio: Number.NaN, midChangeBps: Number.NaN };
  private previousMid = NaN;
  private previousTs = NaN;
  private hasPrevious = false;
  protected action = 0;
  // What the last observed event left for the quote: whether the agent decided on it, and the
  // reward of that decision (0 on other events), which the agent's slots report.
  protected decided = false;
  protected reward = 0;

  constructor(
    options: RlEnhancedOptions,
    private readonly config: RlEnhancedConfig,
    protected readonly actions: QuoteMultipliers[],
    readonly agent: QLearningAgent,
  ) {
    const base = options.base;
    this.base = base;
    this.learning = options.learning;
    this.name = `rl-${base.name}`;
    this.diagnosticsSchema = base.diagnosticsSchema.extend(RL_SLOTS);
    this.intent = new QuoteIntentBuffer(64, this.diagnosticsSchema);
    this.noMid = new QuoteIntentBuffer(0, this.diagnosticsSchema);
    this.noMid.diagnostics.addReason(REASON_NO_MID);
    this.rl = RL_SLOTS.map((name) => this.diagnosticsSchema.slot(name));
    this.mids = new PriceSampler(this.shortVol.config.sampleIntervalMs);
    this.timeOfDay = new TimeOfDayBuckets(config.state.timeOfDayBuckets);
    this.unthrottledSplit = config.requoteIntervalMs === 0 && base.inputsChanged !== undefined;
  }

  /**
   * Every event, whichever way the strategy is driven: the base's and our estimators, the spread
   * tally, and the agent's reward, learning update and action draw when a decision is due. These
   * run on every event (never only when a quote is asked for), so splitting the strategy cannot
   * move a learning step or a random draw. false: no mid yet (nothing past the base's observe runs).
   */
  protected observeEvent(event: MarketEvent, ctx: StrategyContext): boolean {
    const base = this.base;
    base.observe(event);
    if (!hasContextMid(ctx)) return false;
    // contextMid(ctx), which is ctx.mid when there is one (read here: a number returned from or
    // passed to a call V8 does not inline is boxed, a heap number per event).
    const mid = ctx.mid;
    const mids = this.mids;
    if (mids.takeMidAt(ctx)) {
      this.shortVol.addSample(mids);
      this.longVol.addSample(mids);
    }
    // Fills since the previous event, marked at the current mid: the cash and inventory change
    // only through fills (and fees), so this is the captured spread net of fees and of the
    // adverse move within the event; the old inventory's revaluation is left out.
    if (!Number.isNaN(this.lastCash)) this.captured += ctx.cash - this.lastCash + (ctx.inventory - this.lastInventory) * mid;
    this.lastCash = ctx.cash;
    this.lastInventory = ctx.inventory;
    this.decided = false;
    this.reward = 0;
    const config = this.config;
    if (ctx.now - this.lastDecisionTs < config.decisionIntervalMs) return true;
    const size = (base.orderFraction * ctx.quoteBudget) / mid;
    const q = size > 0 ? ctx.inventory / size : 0;
    this.decided = true;
    this.lastDecisionTs = ctx.now;
    const midChangeBps = this.hasPrevious ? (mid / this.previousMid - 1) * 10_000 : 0;
    const longSigma = this.longVol.sigma;
    const observation = this.observation;
    observation.q = q;
    observation.volatilityRatio = this.shortVol.sigma / longSigma;
    observation.midChangeBps = midChangeBps;
    const state = encodeRlStateAt(config.state, observation, this.timeOfDay.bucket(ctx));
    if (this.hasPrevious) {
      const budget = ctx.quoteBudget > 0 ? ctx.quoteBudget : 1;
      const gain = config.reward === 'spread-captured' ? this.captured : ctx.equity - this.previousEquity;
      const dtSeconds = (ctx.now - this.previousTs) / 1000;
      // phi q^2 sigma^2 dt in units of one order's notional, then in bps of the budget.
      const penalty = inventoryPenalty(config.phi, q, longSigma, dtSeconds) * size * mid;
      const reward = ((gain - penalty) / budget) * 10_000;
      this.reward = reward;
      this.stats.decisions++;
      this.stats.rewardSum += reward;
      if (this.learning) {
        // update(..., reward, state), the reward written to the agent (not passed: see QLearningAgent.reward).
        this.agent.reward = reward;
        this.agent.learn(this.previousState, this.previousAction, state);
      }
    }
    this.action = this.agent.selectAction(state, this.learning);
    this.previousState = state;
    this.previousAction = this.action;
    this.previousEquity = ctx.equity;
    this.previousMid = mid;
    this.previousTs = ctx.now;
    this.hasPrevious = true;
    this.captured = 0;
    return true;
  }

  /** The agent's slots of an intent, after the base's. */
  protected writeAgentSlots(into: QuoteIntentBuffer): void {
    const m = this.actions[this.action];
    const v = into.diagnostics.values;
    const rl = this.rl;
    v[rl[0]] = this.hasPrevious ? this.previousState : -1;
    v[rl[1]] = this.action;
    v[rl[2]] = m.gamma;
    v[rl[3]] = m.spread;
    v[rl[4]] = m.skew;
    v[rl[5]] = this.agent.epsilon;
    v[rl[6]] = this.reward;
  }

  onEvent(event: MarketEvent, ctx: StrategyContext): QuoteIntent | undefined {
    if (!this.observeEvent(event, ctx)) return this.noMid;
    const decided = this.decided;
    const requoteIntervalMs = this.config.requoteIntervalMs;
    if (!decided && ctx.now - this.lastQuoteTs < requoteIntervalMs) return undefined;
    this.lastQuoteTs = ctx.now;
    // Unthrottled, with a base that tells when its inputs moved: between decisions the base is
    // asked again only when they or the context moved (its time-driven updates run either way);
    // otherwise its last quote in our intent stands (the same numbers a new one would give).
    // On a decision the base is asked anyway, and its quote runs its time-driven updates itself.
    const moved = decided || !this.unthrottledSplit || (this.base.inputsChanged as NonNullable<ModelQuoter['inputsChanged']>)(ctx);
    const intent = this.intent;
    if (this.watch.due(ctx, moved)) {
      // The base quotes straight into our intent (our slots follow its own); one that does not
      // take `into` is copied.
      const fromBase = this.base.quote(ctx, this.actions[this.action], intent);
      if (fromBase !== intent) intent.copyFrom(fromBase);
      // Throttled, the intent outlives the next event: its deferred diagnostics are computed now.
      if (requoteIntervalMs > 0) intent.diagnostics.settle();
    }
    this.writeAgentSlots(intent);
    return intent;
  }
}

/** Unthrottled over a base that tells when its inputs moved: core's observe/quote split too. */
class SplitRlEnhanced extends RlEnhanced {
  // The split's last quote: its mid and the reward its slots report (NaN before one).
  private quotedMid = NaN;
  private quotedReward = NaN;

  observe(event: MarketEvent, ctx: StrategyContext): boolean {
    if (!this.observeEvent(event, ctx)) return true; // the quote is the no-mid intent
    // A decision changes the action (and the agent's slots); the event after one puts the
    // reported reward back to 0. A moved mid gets a quote anyway (core's contract), and that
    // quote runs the base's time-driven updates itself.
    if (this.decided || !Object.is(this.reward, this.quotedReward) || ctx.mid !== this.quotedMid) return true;
    return (this.base.inputsChanged as NonNullable<ModelQuoter['inputsChanged']>)(ctx);
  }

  quote(ctx: StrategyContext): QuoteIntent {
    return this.quoteTo(ctx, this.intent);
  }

  quoteInto(ctx: StrategyContext, into: QuoteIntentBuffer): QuoteIntent {
    return this.quoteTo(ctx, into);
  }

  /** The split's quote: the base quoted with the current action's multipliers into `into`, then our slots. */
  private quoteTo(ctx: StrategyContext, into: QuoteIntentBuffer): QuoteIntent {
    if (!hasContextMid(ctx)) return this.noMid;
    this.quotedMid = ctx.mid;
    this.quotedReward = this.reward;
    const fromBase = this.base.quote(ctx, this.actions[this.action], into);
    if (fromBase !== into) into.copyFrom(fromBase);
    this.writeAgentSlots(into);
    return into;
  }
}
