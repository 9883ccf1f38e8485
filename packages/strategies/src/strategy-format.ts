import type { ConfigSchema, Strategy } from '@mml/core';
import type { SearchSpace } from './search-space';

/** Options every format factory receives besides its config. */
export interface FormatOptions {
  /** Seed for every random choice the strategy makes (e.g. RL exploration). Same seed, same run. */
  seed: number;
  /**
   * A trained policy for learning formats (rl-enhanced): the JSON an agent's `toJSON()` produced.
   * Ignored by formats without a policy.
   */
  policy?: unknown;
  /** Learning formats update their policy while running (train windows); off for evaluation. */
  learning?: boolean;
}

/**
 * A named, versioned strategy composition that research, walk-forward, campaign and paper runs
 * select by name. Its whole parameter set is ONE config object validated by `schema` (unknown keys
 * and out-of-range values throw ConfigError naming the key). Bump `version` whenever the meaning
 * of a config or the composition changes, so artifacts stay comparable.
 */
export interface StrategyFormat {
  readonly name: string;
  readonly version: number;
  /** One line for tables and --help. */
  readonly description: string;
  /** The schema of the one config object (keys, units, bounds, defaults, docs). */
  readonly schema: ConfigSchema;
  /** What walk-forward optimises (dotted keys into the config); absent = the defaults only. */
  readonly searchSpace?: SearchSpace;
  /** Names of the overlays in order of application with the default config (empty for a bare model). */
  readonly overlayOrder: readonly string[];
  /** The same for a given validated config (overlays can be switched off one by one). */
  overlayOrderOf(config: Record<string, unknown>): string[];
  /** Builds the strategy from a config already validated by `schema` (use createStrategyFromFormat). */
  create(config: Record<string, unknown>, options: FormatOptions): Strategy;
}

/** A format's complete, validated config, as echoed into artifacts. */
export interface FormatConfig {
  format: string;
  version: number;
  /** Overlays in order of application (fixed by format + version; recorded so artifacts say it). */
  overlayOrder: string[];
  config: Record<string, unknown>;
}
