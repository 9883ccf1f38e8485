import type { ConfigSchema, FieldSpec } from './config-schema';

/**
 * parseConfig's path for input that is plainly valid: the config zod would return for it (the
 * schema's keys in schema order, defaults filled in, nested objects built even when absent), or
 * undefined as soon as anything is not plainly valid, and zod then judges (and words the error).
 * It accepts only what zod's schema (configZod) accepts, so it never decides a case zod would
 * decide otherwise: a plain object (prototype Object or null) with no key outside the schema;
 * numbers finite and within their bounds (whole and safe where the field is an integer); booleans;
 * strings (one of the listed ones where the field lists them). A config is parsed once per run
 * or strategy, but zod costs ~50 ms to load and compiles a parser per schema before its first use,
 * on the way of every app's start; config-fast-parse.spec.ts compares the two over random schemas.
 */
export function parseValidConfig(schema: ConfigSchema, input: unknown): Record<string, unknown> | undefined {
  if (!isPlainObject(input)) return undefined;
  for (const key of Object.keys(input)) if (!Object.hasOwn(schema, key)) return undefined;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(schema)) {
    const value = validField(schema[key], input[key]);
    if (value === undefined) return undefined;
    out[key] = value;
  }
  return out;
}

/** A field's value (its default when undefined), or undefined when zod must judge it. */
function validField(field: FieldSpec, value: unknown): unknown {
  switch (field.type) {
    case 'object':
      return parseValidConfig(field.schema, value === undefined ? {} : value);
    case 'number': {
      if (value === undefined) return field.default;
      if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
      if (field.integer && !Number.isSafeInteger(value)) return undefined;
      if (field.min !== undefined && !(field.exclusiveMin ? value > field.min : value >= field.min)) return undefined;
      if (field.max !== undefined && !(field.exclusiveMax ? value < field.max : value <= field.max)) return undefined;
      return value;
    }
    case 'boolean':
      if (value === undefined) return field.default;
      return typeof value === 'boolean' ? value : undefined;
    case 'string':
      if (value === undefined) return field.default;
      if (typeof value !== 'string') return undefined;
      return field.oneOf === undefined || field.oneOf.includes(value) ? value : undefined;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
