import fc from 'fast-check';
import { configZod, parseConfig, type ConfigSchema, type FieldSpec } from './config-schema';
import { parseValidConfig } from './config-fast-parse';

/** Same keys in the same order, leaves equal by Object.is (so -0 and 0 differ). */
function sameShape(a: unknown, b: unknown): boolean {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return Object.is(a, b);
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.join('\u0000') !== kb.join('\u0000')) return false;
  return ka.every((k) => sameShape((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

const KEYS = ['a', 'b', 'gamma', 'window', 'on', 'mode', '__proto__', 'constructor'];

const numberField: fc.Arbitrary<FieldSpec> = fc
  .record({ lo: fc.option(fc.integer({ min: -5, max: 5 }), { nil: undefined }), span: fc.integer({ min: 2, max: 10 }), hasMax: fc.boolean(), exclusiveMin: fc.boolean(), exclusiveMax: fc.boolean(), integer: fc.boolean() })
  .map(({ lo, span, hasMax, exclusiveMin, exclusiveMax, integer }) => {
    const min = lo;
    const max = hasMax ? (lo ?? 0) + span : undefined;
    // A default inside the bounds (span >= 2 leaves room for a whole one).
    const inside = min !== undefined ? min + (exclusiveMin ? 0.5 : 0) : max !== undefined ? max - 1 : 1;
    return { type: 'number', default: integer ? Math.ceil(inside) + 0 : inside, min, max, exclusiveMin, exclusiveMax, integer, unit: 'u', doc: 'n' } as FieldSpec;
  });
const booleanField: fc.Arbitrary<FieldSpec> = fc.boolean().map((d) => ({ type: 'boolean', default: d, doc: 'b' }));
const stringField: fc.Arbitrary<FieldSpec> = fc.option(fc.uniqueArray(fc.constantFrom('x', 'y', 'z'), { minLength: 1 }), { nil: undefined }).map((oneOf) => ({ type: 'string', default: oneOf?.[0] ?? 's', ...(oneOf ? { oneOf } : {}), doc: 's' }) as FieldSpec);

const schemaArb: fc.Arbitrary<ConfigSchema> = fc.letrec<{ schema: ConfigSchema; field: FieldSpec }>((tie) => ({
  field: fc.oneof({ depthSize: 'small', withCrossShrink: true }, numberField, booleanField, stringField, tie('schema').map((schema) => ({ type: 'object', schema, doc: 'o' }) as FieldSpec)),
  schema: fc.dictionary(fc.constantFrom(...KEYS.slice(0, 6)), tie('field'), { maxKeys: 4 }),
})).schema;

/** A value for `field`: often valid, sometimes a near miss or another type. */
function valueFor(field: FieldSpec): fc.Arbitrary<unknown> {
  const other = fc.constantFrom<unknown>(undefined, null, '1', [], NaN, Infinity, -Infinity, -0, 2 ** 53, 0.5, true, 'x', {});
  switch (field.type) {
    case 'number': {
      const near = [field.min, field.max].filter((v): v is number => v !== undefined).flatMap((v) => [v, v - 1e-9, v + 1e-9, v - 1, v + 1]);
      return fc.oneof(fc.constant(field.default), fc.constantFrom(...near, field.default, 0, 3), fc.double({ min: -20, max: 20 }), other);
    }
    case 'boolean':
      return fc.oneof(fc.boolean(), other);
    case 'string':
      return fc.oneof(fc.constantFrom('x', 'y', 'z', 's', ''), other);
    case 'object':
      return fc.oneof({ weight: 3, arbitrary: inputFor(field.schema) }, { weight: 1, arbitrary: other });
  }
}

/** Inputs for `schema`: any subset of its keys with values from valueFor, sometimes an unknown key. */
function inputFor(schema: ConfigSchema): fc.Arbitrary<unknown> {
  const keys = Object.keys(schema);
  const known = fc.record(Object.fromEntries(keys.map((k) => [k, valueFor(schema[k])])), { requiredKeys: [] });
  return fc.oneof({ weight: 6, arbitrary: known }, { weight: 1, arbitrary: fc.tuple(known, fc.constantFrom('typo', 'gama', 'constructor')).map(([o, k]) => ({ ...(o as object), [k]: 1 })) }, { weight: 1, arbitrary: fc.constantFrom<unknown>(undefined, null, [], 'x', 3, Object.create({ a: 1 }) as unknown) });
}

describe('parseValidConfig (parseConfig without zod)', () => {
  it('returns exactly what zod returns (same keys, order and values) whenever it returns, and zod accepts every such input', () => {
    let fast = 0;
    let runs = 0;
    fc.assert(
      fc.property(
        schemaArb.chain((schema) => fc.tuple(fc.constant(schema), inputFor(schema))),
        ([schema, input]) => {
          runs++;
          const mine = parseValidConfig(schema, input ?? {});
          const theirs = configZod(schema).safeParse(input ?? {});
          if (mine === undefined) return true;
          fast++;
          return theirs.success && sameShape(mine, theirs.data);
        },
      ),
      { numRuns: 3000, seed: 15 },
    );
    // The path is taken, not skipped: a good share of the random inputs are valid.
    expect(fast / runs).toBeGreaterThan(0.2);
  });

  it('takes every input zod accepts without an unknown or defaulted-by-zod quirk: all defaults, and full valid configs', () => {
    fc.assert(
      fc.property(schemaArb, (schema) => {
        const defaults = configZod(schema).parse({});
        const mine = parseValidConfig(schema, {});
        const again = parseValidConfig(schema, JSON.parse(JSON.stringify(defaults)) as unknown);
        return mine !== undefined && sameShape(mine, defaults) && again !== undefined && sameShape(again, defaults);
      }),
      { numRuns: 500, seed: 15 },
    );
  });

  it('agrees with zod on every odd value in every kind of field', () => {
    const fields: FieldSpec[] = [
      { type: 'number', default: 1, unit: 'u', doc: 'n' },
      { type: 'number', default: 1, min: 0, max: 2, exclusiveMin: true, exclusiveMax: true, integer: true, unit: 'u', doc: 'n' },
      { type: 'boolean', default: false, doc: 'b' },
      { type: 'string', default: 's', doc: 's' },
      { type: 'string', default: 'x', oneOf: ['x', 'y'], doc: 's' },
      { type: 'object', schema: { on: { type: 'boolean', default: true, doc: 'b' } }, doc: 'o' },
    ];
    const odd: unknown[] = [undefined, null, '1', '', [], {}, { on: false }, { off: 1 }, NaN, Infinity, -Infinity, -0, 0, 1, 2, 0.5, 2 ** 53, -(2 ** 53), true, false, 'x', 'z', new Date(0), Object.create(null) as unknown];
    for (const field of fields) {
      for (const value of odd) {
        const schema = { k: field };
        const mine = parseValidConfig(schema, { k: value });
        const theirs = configZod(schema).safeParse({ k: value });
        if (mine !== undefined) expect({ field, value, same: theirs.success && sameShape(mine, theirs.data) }).toEqual({ field, value, same: true });
      }
    }
  });

  it('leaves every refusal to zod: parseConfig throws zod\u2019s message', () => {
    const schema = { gamma: { type: 'number', default: 0.1, min: 0, exclusiveMin: true, unit: '1/quote', doc: 'g' }, n: { type: 'number', default: 2, integer: true, unit: 'x', doc: 'n' } } as const;
    expect(parseValidConfig(schema, { gamma: 0 })).toBeUndefined();
    expect(() => parseConfig(schema, { gamma: 0 })).toThrow('config "config.gamma": must be > 0 1/quote, got 0');
    expect(parseValidConfig(schema, { n: 2 ** 53 })).toBeUndefined();
    expect(() => parseConfig(schema, { n: 2.5 }, 'f')).toThrow('config "f.n": must be an integer, got 2.5');
    expect(parseValidConfig(schema, { gamma: 1, extra: undefined })).toBeUndefined();
    expect(() => parseConfig(schema, { gamma: 1, extra: undefined })).toThrow(/unknown key/);
    expect(parseConfig(schema, { gamma: 0.5 })).toEqual({ gamma: 0.5, n: 2 });
  });
});
