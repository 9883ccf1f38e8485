import { ConfigError, type ConfigSchema, type FieldSpec } from '@mml/core';

/**
 * The parameters walk-forward optimises for a format: a dotted key into the format config
 * (e.g. "model.gamma") -> the values a grid search tries and the [min, max] range a random search
 * samples (log-uniform when `log`, for scale parameters such as gamma).
 */
export interface SearchRange {
  grid: readonly number[];
  min: number;
  max: number;
  log?: boolean;
  /** Round sampled values to this many decimals, so configs stay readable. */
  decimals?: number;
}
export type SearchSpace = Readonly<Record<string, SearchRange>>;

/**
 * Checks a search space against a format's config schema: every key names a number field, min <= max
 * (both > 0 for a log range), and every grid value and both ends lie within the field's own bounds,
 * so no candidate can fail validation in the middle of a sweep. `where` prefixes the error key.
 */
export function checkSearchSpace(space: SearchSpace, schema: ConfigSchema, where: string): void {
  for (const [dotted, range] of Object.entries(space)) {
    const key = `${where}.${dotted}`;
    const field = fieldAt(schema, dotted.split('.'));
    if (field === undefined || field.type !== 'number') throw new ConfigError(key, `is not a number parameter of the format (dotted key into { model, overlays? })`);
    if (!Array.isArray(range.grid) || range.grid.length === 0) throw new ConfigError(`${key}.grid`, 'must list at least one value');
    if (!(range.min <= range.max)) throw new ConfigError(key, `min must be <= max, got [${range.min}, ${range.max}]`);
    if (range.log && !(range.min > 0)) throw new ConfigError(`${key}.min`, `must be > 0 for a log range, got ${range.min}`);
    if (range.decimals !== undefined && !(Number.isInteger(range.decimals) && range.decimals >= 0 && range.decimals <= 12)) throw new ConfigError(`${key}.decimals`, `must be an integer in [0, 12], got ${range.decimals}`);
    for (const value of [...range.grid, range.min, range.max]) {
      const problem = outOfBounds(field, value);
      if (problem !== undefined) throw new ConfigError(key, `${problem} (the parameter's own range), got ${value}`);
    }
  }
}

function fieldAt(schema: ConfigSchema, path: readonly string[]): FieldSpec | undefined {
  const field = schema[path[0]];
  if (field === undefined || path.length === 1) return field;
  return field.type === 'object' ? fieldAt(field.schema, path.slice(1)) : undefined;
}

function outOfBounds(field: Extract<FieldSpec, { type: 'number' }>, value: number): string | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'must be a finite number';
  if (field.integer && !Number.isInteger(value)) return 'must be an integer';
  if (field.min !== undefined && (field.exclusiveMin ? value <= field.min : value < field.min)) return `must be ${field.exclusiveMin ? '>' : '>='} ${field.min} ${field.unit}`;
  if (field.max !== undefined && (field.exclusiveMax ? value >= field.max : value > field.max)) return `must be ${field.exclusiveMax ? '<' : '<='} ${field.max} ${field.unit}`;
  return undefined;
}
