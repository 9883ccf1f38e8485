import { SeededRandom } from '@mml/core';
import type { SearchRange } from '@mml/strategies';

/**
 * Candidate parameter sets for in-sample optimisation. A space maps a dotted config key (e.g.
 * "model.gamma") to the values a grid tries, or the [min, max] range a random search samples
 * (log-uniform when `log`, for scale parameters such as gamma).
 */
export type ParameterRange = SearchRange;
export type ParameterSpace = Readonly<Record<string, ParameterRange>>;
export type ParameterSet = Record<string, number>;

export interface SearchOptions {
  kind: 'grid' | 'random';
  /** Max candidates (grid: the first `trials` points of the cartesian product, in key order). */
  trials: number;
  seed: number;
}

export function searchCandidates(space: ParameterSpace, options: SearchOptions): ParameterSet[] {
  if (!Number.isInteger(options.trials) || options.trials < 1) throw new RangeError(`trials must be a positive integer, got ${options.trials}`);
  const keys = Object.keys(space).sort();
  if (keys.length === 0) return [{}];
  if (options.kind === 'grid') {
    let sets: ParameterSet[] = [{}];
    for (const key of keys) {
      const next: ParameterSet[] = [];
      for (const set of sets) for (const value of space[key].grid) next.push({ ...set, [key]: value });
      sets = next;
    }
    return sets.slice(0, options.trials);
  }
  const rng = new SeededRandom(options.seed);
  const sets: ParameterSet[] = [];
  for (let i = 0; i < options.trials; i++) {
    const set: ParameterSet = {};
    for (const key of keys) {
      const r = space[key];
      const u = rng.uniform();
      const raw = r.log ? Math.exp(Math.log(r.min) + u * (Math.log(r.max) - Math.log(r.min))) : r.min + u * (r.max - r.min);
      set[key] = r.decimals === undefined ? raw : Number(raw.toFixed(r.decimals));
    }
    sets.push(set);
  }
  return sets;
}

/** Returns a deep copy of `config` with each dotted key of `params` set. */
export function withParameters(config: Record<string, unknown>, params: ParameterSet): Record<string, unknown> {
  const out = structuredClone(config);
  for (const [dotted, value] of Object.entries(params)) {
    const parts = dotted.split('.');
    let node: Record<string, unknown> = out;
    for (const part of parts.slice(0, -1)) {
      const child = node[part];
      if (child === undefined) node[part] = {};
      else if (typeof child !== 'object' || child === null) throw new RangeError(`parameter ${dotted}: ${part} is not an object`);
      node = node[part] as Record<string, unknown>;
    }
    node[parts[parts.length - 1]] = value;
  }
  return out;
}
