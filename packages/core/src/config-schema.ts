import { ConfigError } from './errors';

/**
 * Strict, typed, self-documenting configuration. A schema lists every key with its type, default,
 * unit and meaning; `parseConfig` rejects unknown keys and out-of-range values naming the key, and
 * fills defaults, so a run's effective config is always complete and can be echoed into artifacts.
 */
export interface NumberField {
  type: 'number';
  default: number;
  min?: number;
  max?: number;
  /** Exclusive bounds, for parameters such as gamma that must be strictly positive. */
  exclusiveMin?: boolean;
  exclusiveMax?: boolean;
  integer?: boolean;
  unit: string;
  doc: string;
}
export interface BooleanField {
  type: 'boolean';
  default: boolean;
  doc: string;
}
export interface StringField<T extends string = string> {
  type: 'string';
  default: T;
  oneOf?: readonly T[];
  doc: string;
}
export interface ObjectField<S extends ConfigSchema = ConfigSchema> {
  type: 'object';
  schema: S;
  doc: string;
}
export type FieldSpec = NumberField | BooleanField | StringField | ObjectField;
export type ConfigSchema = { readonly [key: string]: FieldSpec };

export type ConfigOf<S extends ConfigSchema> = {
  -readonly [K in keyof S]: S[K] extends NumberField
    ? number
    : S[K] extends BooleanField
      ? boolean
      : S[K] extends StringField<infer T>
        ? T
        : S[K] extends ObjectField<infer Inner>
          ? ConfigOf<Inner>
          : never;
};

/** Parses `input` (e.g. from JSON) against the schema. Missing keys take defaults. */
export function parseConfig<S extends ConfigSchema>(schema: S, input: unknown, path = 'config'): ConfigOf<S> {
  const source = input ?? {};
  if (typeof source !== 'object' || Array.isArray(source)) throw new ConfigError(path, 'must be an object');
  const record = source as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!(key in schema)) {
      throw new ConfigError(`${path}.${key}`, `unknown key (known: ${Object.keys(schema).join(', ')})`);
    }
  }
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(schema)) {
    out[key] = parseField(field, record[key], `${path}.${key}`);
  }
  return out as ConfigOf<S>;
}

/** The default config of a schema. */
export function defaultConfig<S extends ConfigSchema>(schema: S): ConfigOf<S> {
  return parseConfig(schema, {});
}

/** One line per key: "key (unit, default): doc". For --help texts and READMEs. */
export function describeConfig(schema: ConfigSchema, prefix = ''): string[] {
  const lines: string[] = [];
  for (const [key, field] of Object.entries(schema)) {
    if (field.type === 'object') {
      lines.push(`${prefix}${key}: ${field.doc}`);
      lines.push(...describeConfig(field.schema, `${prefix}${key}.`));
    } else {
      const unit = field.type === 'number' ? `${field.unit}, ` : '';
      lines.push(`${prefix}${key} (${unit}default ${JSON.stringify(field.default)}): ${field.doc}`);
    }
  }
  return lines;
}

function parseField(field: FieldSpec, value: unknown, key: string): unknown {
  if (field.type === 'object') return parseConfig(field.schema, value, key);
  if (value === undefined) return field.default;
  switch (field.type) {
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) throw new ConfigError(key, `must be a finite number, got ${JSON.stringify(value)}`);
      if (field.integer && !Number.isInteger(value)) throw new ConfigError(key, `must be an integer, got ${value}`);
      if (field.min !== undefined && (field.exclusiveMin ? value <= field.min : value < field.min)) {
        throw new ConfigError(key, `must be ${field.exclusiveMin ? '>' : '>='} ${field.min} ${field.unit}, got ${value}`);
      }
      if (field.max !== undefined && (field.exclusiveMax ? value >= field.max : value > field.max)) {
        throw new ConfigError(key, `must be ${field.exclusiveMax ? '<' : '<='} ${field.max} ${field.unit}, got ${value}`);
      }
      return value;
    }
    case 'boolean':
      if (typeof value !== 'boolean') throw new ConfigError(key, `must be true or false, got ${JSON.stringify(value)}`);
      return value;
    case 'string':
      if (typeof value !== 'string') throw new ConfigError(key, `must be a string, got ${JSON.stringify(value)}`);
      if (field.oneOf && !field.oneOf.includes(value)) throw new ConfigError(key, `must be one of ${field.oneOf.join(', ')}, got "${value}"`);
      return value;
  }
}
