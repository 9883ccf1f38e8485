import type * as Zod from 'zod';
import type { z } from 'zod';
import { configErrorOf } from './config-error-of';
import { parseValidConfig } from './config-fast-parse';

/**
 * Strict, typed, self-documenting configuration. A schema lists every key with its type, default,
 * unit and meaning; `parseConfig` rejects unknown keys and out-of-range values naming the key, and
 * fills defaults, so a run's effective config is always complete and can be echoed into artifacts.
 *
 * The field specs are plain data (every model, overlay and engine declares its parameters this
 * way); validation is zod's: `configZod` compiles a schema once into a strict zod object, which
 * run-config files embed and `configJsonSchema` turns into JSON Schema for editors. Messages keep
 * the key path, the bound and the unit ("config \"as.gamma\": must be > 0 1/quote, got 0").
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

/**
 * Parses `input` (e.g. from JSON) against the schema. Missing keys take defaults. Input that is
 * plainly valid is read without zod (config-fast-parse.ts: the same output, zod's key order
 * included); zod judges everything else, so every error and its message are zod's.
 */
export function parseConfig<S extends ConfigSchema>(schema: S, input: unknown, path = 'config'): ConfigOf<S> {
  const valid = parseValidConfig(schema, input ?? {});
  if (valid !== undefined) return valid as ConfigOf<S>;
  const result = configZod(schema).safeParse(input ?? {});
  if (result.success) return result.data as ConfigOf<S>;
  throw configErrorOf(result.error, path, configZod(schema));
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

const compiled = new WeakMap<ConfigSchema, z.ZodType>();

/**
 * zod, loaded on first use: a run whose configs are all valid never needs it, and loading it
 * (~50 ms) and compiling a schema (zod builds a parser per schema) would otherwise come first
 * in every app's start, and in every worker thread that imports @mml/core.
 */
let zodModule: typeof Zod | undefined;
function zod(): typeof Zod.z {
  zodModule ??= require('zod') as typeof Zod;
  return zodModule.z;
}

/**
 * The strict zod object of a schema (compiled once per schema object): unknown keys are refused,
 * missing keys take their defaults, nested objects are filled even when absent.
 */
export function configZod(schema: ConfigSchema): z.ZodType {
  let strict = compiled.get(schema);
  if (strict === undefined) {
    const shape: Record<string, z.ZodType> = {};
    for (const [key, field] of Object.entries(schema)) shape[key] = fieldZod(field);
    strict = zod().strictObject(shape, { error: (issue) => (issue.code === 'invalid_type' ? 'must be an object' : undefined) });
    compiled.set(schema, strict);
  }
  return strict;
}

/** JSON Schema (draft 2020-12) of what a user may write: every key optional, with its default, bounds and doc. */
export function configJsonSchema(schema: ConfigSchema): Record<string, unknown> {
  return zod().toJSONSchema(configZod(schema), { io: 'input' }) as Record<string, unknown>;
}

function fieldZod(field: FieldSpec): z.ZodType {
  const z = zod();
  const describe = field.type === 'number' ? `${field.doc} (${field.unit})` : field.doc;
  switch (field.type) {
    case 'object': {
      const inner = configZod(field.schema);
      return (inner as Zod.ZodObject).prefault({}).describe(field.doc);
    }
    case 'number': {
      const got = (input: unknown) => `got ${typeof input === 'number' ? input : JSON.stringify(input)}`;
      let n = z.number({ error: (issue) => `must be a finite number, ${got(issue.input)}` });
      if (field.integer) n = n.int({ error: (issue) => `must be an integer, ${got(issue.input)}` });
      if (field.min !== undefined) {
        const op = field.exclusiveMin ? '>' : '>=';
        const check = { error: (issue: { input?: unknown }) => `must be ${op} ${field.min} ${field.unit}, ${got(issue.input)}` };
        n = field.exclusiveMin ? n.gt(field.min, check) : n.gte(field.min, check);
      }
      if (field.max !== undefined) {
        const op = field.exclusiveMax ? '<' : '<=';
        const check = { error: (issue: { input?: unknown }) => `must be ${op} ${field.max} ${field.unit}, ${got(issue.input)}` };
        n = field.exclusiveMax ? n.lt(field.max, check) : n.lte(field.max, check);
      }
      return n.default(field.default).describe(describe);
    }
    case 'boolean':
      return z.boolean({ error: (issue) => `must be true or false, got ${JSON.stringify(issue.input)}` }).default(field.default).describe(describe);
    case 'string': {
      const s = field.oneOf
        ? z.enum(field.oneOf as [string, ...string[]], { error: (issue) => (typeof issue.input === 'string' ? `must be one of ${field.oneOf?.join(', ')}, got "${issue.input}"` : `must be a string, got ${JSON.stringify(issue.input)}`) })
        : z.string({ error: (issue) => `must be a string, got ${JSON.stringify(issue.input)}` });
      return s.default(field.default).describe(describe);
    }
  }
}
