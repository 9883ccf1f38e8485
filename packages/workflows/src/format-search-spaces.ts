import { getFormat } from '@mml/strategies';
import type { ParameterSpace } from './parameter-search';

/**
 * The few key parameters walk-forward optimises per format (dotted keys into the format config,
 * `{ model: {...}, overlays?: {...} }`). Small on purpose: a handful of candidates per fold keeps
 * the search cheap and the in-sample/out-of-sample gap meaningful. Grid values bracket each model's
 * default; random search samples the same ranges (gamma log-uniform).
 */
const AS_SPACE: ParameterSpace = {
  'model.gamma': { grid: [5, 20, 80], min: 2, max: 200, log: true, decimals: 3 },
  'model.orderFraction': { grid: [0.02, 0.05], min: 0.01, max: 0.1, decimals: 4 },
};
const GLFT_SPACE: ParameterSpace = {
  'model.gamma': { grid: [250, 1000, 4000], min: 100, max: 10_000, log: true, decimals: 1 },
  'model.orderFraction': { grid: [0.02, 0.05], min: 0.01, max: 0.1, decimals: 4 },
};
export const FORMAT_SEARCH_SPACES: Readonly<Record<string, ParameterSpace>> = {
  'fixed-spread': {
    'model.spreadBps': { grid: [30, 40, 60], min: 20, max: 100, decimals: 1 },
    'model.orderFraction': { grid: [0.02, 0.05], min: 0.01, max: 0.1, decimals: 4 },
  },
  'as-baseline': AS_SPACE,
  'as-stable': AS_SPACE,
  glft: GLFT_SPACE,
  'glft-stable': GLFT_SPACE,
};

/**
 * The space walk-forward searches for `format`: a run config's `searchSpaces` entry first, then the
 * format's own `searchSpace` (defineFormat; plugins), then the built-in table above; undefined =
 * the format's defaults only.
 */
export function searchSpaceOf(format: string, overrides?: Readonly<Record<string, ParameterSpace>>): ParameterSpace | undefined {
  return overrides?.[format] ?? getFormat(format).searchSpace ?? FORMAT_SEARCH_SPACES[format];
}

/** Formats that learn on the train window (learning on) and are evaluated frozen on the test window. */
export function isLearningFormat(format: string): boolean {
  return format.startsWith('rl-');
}

/** The format a learning format is built on (rl-enhanced = the agent over as-stable), for comparison. */
export const LEARNING_FORMAT_BASES: Readonly<Record<string, string>> = { 'rl-enhanced': 'as-stable' };
