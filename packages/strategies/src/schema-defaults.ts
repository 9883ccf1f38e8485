import { ConfigError, type ConfigSchema, type FieldSpec, parseConfig } from '@mml/core';

/**
 * A copy of `schema` whose defaults are replaced by `overrides` (a nested partial config). Lets a
 * format reuse a model's or the overlays' schema with its own tuned defaults while keeping every
 * key, unit, bound and doc. The overrides are validated against the schema first.
 */
export function withDefaults<S extends ConfigSchema>(schema: S, overrides: Record<string, unknown>, path = 'defaults'): S {
  parseConfig(schema, overrides, path);
  const out: Record<string, FieldSpec> = {};
  for (const [key, field] of Object.entries(schema)) {
    const value = overrides[key];
    if (value === undefined) out[key] = field;
    else if (field.type === 'object') out[key] = { ...field, schema: withDefaults(field.schema, value as Record<string, unknown>, `${path}.${key}`) };
    else if (field.type === 'number' && typeof value === 'number') out[key] = { ...field, default: value };
    else if (field.type === 'boolean' && typeof value === 'boolean') out[key] = { ...field, default: value };
    else if (field.type === 'string' && typeof value === 'string') out[key] = { ...field, default: value };
    else throw new ConfigError(`${path}.${key}`, 'override does not match the field type');
  }
  return out as unknown as S;
}
