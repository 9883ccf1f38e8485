import { ConfigError, type ConfigOf, type ConfigSchema, deriveSeed, type Strategy } from '@mml/core';
import {
  AvellanedaStoikovQuoter,
  avellanedaStoikovConfigSchema,
  createRlAgent,
  createRlEnhancedStrategy,
  QLearningAgent,
  qLearningConfigSchema,
  rlEnhancedConfigSchema,
} from '@mml/models';
import { defineFormat, type ModelSpec } from '../define-format';
import type { FormatOptions } from '../strategy-format';
import { STABLE_OVERLAY_DEFAULTS } from './stable-overlay-defaults';

// The agent's size (states x actions) follows from the RL config and its seed from FormatOptions,
// so those keys are not part of the format's config.
const { states: _states, actions: _actions, seed: _seed, ...agentSchema } = qLearningConfigSchema;

const rlModelSchema = {
  base: { type: 'object', schema: avellanedaStoikovConfigSchema, doc: 'the Avellaneda-Stoikov base model the agent steers' },
  rl: { type: 'object', schema: rlEnhancedConfigSchema, doc: 'decisions, reward, action set and state discretisation' },
  agent: { type: 'object', schema: agentSchema, doc: 'tabular Q-learning settings (its seed is derived from the run seed)' },
} as const satisfies ConfigSchema;

function createRlModel(config: ConfigOf<typeof rlModelSchema>, options: FormatOptions): Strategy {
  let agent: QLearningAgent;
  if (options.policy !== undefined) {
    try {
      agent = QLearningAgent.fromJSON(options.policy);
    } catch (error) {
      throw new ConfigError('policy', `not a usable trained policy: ${(error as Error).message}`);
    }
  } else {
    agent = createRlAgent(config.rl, { ...config.agent, seed: deriveSeed(options.seed, 'rl-agent') });
  }
  return createRlEnhancedStrategy({ base: new AvellanedaStoikovQuoter(config.base), agent, learning: options.learning ?? false, config: config.rl });
}

const rlModel: ModelSpec<typeof rlModelSchema> = { schema: rlModelSchema, create: createRlModel };

/**
 * The RL agent over Avellaneda-Stoikov, with the stability overlays on top: the agent picks
 * gamma/spread/skew multipliers, the overlays still have the last word on risk. Pass a trained
 * policy (the agent's toJSON) in FormatOptions.policy; `learning: true` lets a workflow train it on
 * a train window (then read it back with `policyOf(strategy)`).
 */
export const RL_ENHANCED_FORMAT = defineFormat({
  name: 'rl-enhanced',
  // 2: reward = spread captured - phi q^2 sigma^2 dt (was the equity change - |q| penalty), untried
  // actions masked, and the base A-S model's version-2 inputs (issue 13).
  version: 2,
  description: 'Q-learning agent steering Avellaneda-Stoikov multipliers, + all stability overlays',
  model: rlModel,
  overlays: STABLE_OVERLAY_DEFAULTS,
});

/**
 * The trained policy (QLearningAgent JSON) inside a strategy built from a learning format, or
 * undefined for formats without an agent. Looks through overlay wrappers.
 */
export function policyOf(strategy: Strategy): unknown {
  let current: unknown = strategy;
  for (let depth = 0; depth < 4 && current; depth++) {
    const agent = (current as { agent?: unknown }).agent;
    if (agent instanceof QLearningAgent) return agent.toJSON();
    current = (current as { model?: unknown }).model;
  }
  return undefined;
}
