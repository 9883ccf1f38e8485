import { ConfigError, configJsonSchema, describeConfig, parseConfig, stableStringify } from './index';

const schema = {
  gamma: { type: 'number', default: 0.1, min: 0, exclusiveMin: true, unit: '1/quote', doc: 'risk aversion' },
  mode: { type: 'string', default: 'rolling', oneOf: ['rolling', 'anchored'] as const, doc: 'window mode' },
  inner: { type: 'object', doc: 'nested', schema: { on: { type: 'boolean', default: true, doc: 'switch' } } },
} as const;

describe('parseConfig', () => {
  it('fills defaults', () => {
    expect(parseConfig(schema, {})).toEqual({ gamma: 0.1, mode: 'rolling', inner: { on: true } });
  });

  it('rejects unknown keys naming the key', () => {
    expect(() => parseConfig(schema, { gamm: 1 }, 'format')).toThrow(/format.gamm.*unknown key/);
    expect(() => parseConfig(schema, { inner: { of: false } })).toThrow(/config.inner.of/);
  });

  it('rejects out-of-range and wrongly typed values naming the key', () => {
    expect(() => parseConfig(schema, { gamma: 0 })).toThrow(ConfigError);
    expect(() => parseConfig(schema, { gamma: 0 })).toThrow(/config.gamma.*> 0/);
    expect(() => parseConfig(schema, { mode: 'x' })).toThrow(/one of rolling, anchored/);
    expect(() => parseConfig(schema, { gamma: '1' })).toThrow(/finite number/);
  });

  it('names the known keys of the object holding an unknown key, and nested bad values by path', () => {
    expect(() => parseConfig(schema, { inner: { of: false } }, 'run.yaml')).toThrow('config "run.yaml.inner.of": unknown key (known: on)');
    expect(() => parseConfig(schema, { inner: { on: 1 } })).toThrow('config "config.inner.on": must be true or false, got 1');
    expect(() => parseConfig(schema, { inner: 3 })).toThrow(/config.inner.*must be an object/);
    expect(() => parseConfig(schema, { gamma: Infinity })).toThrow(/finite number/);
  });

  it('emits a JSON Schema with every key optional, its default, bound and doc', () => {
    const json = configJsonSchema(schema) as { properties: Record<string, Record<string, unknown>>; additionalProperties: boolean; required?: string[] };
    expect(json.additionalProperties).toBe(false);
    expect(json.required).toBeUndefined();
    expect(json.properties['gamma']).toMatchObject({ type: 'number', exclusiveMinimum: 0, default: 0.1, description: 'risk aversion (1/quote)' });
    expect(json.properties['mode']).toMatchObject({ enum: ['rolling', 'anchored'], default: 'rolling' });
  });

  it('round-trips through JSON and documents every key', () => {
    const cfg = parseConfig(schema, { gamma: 0.5 });
    expect(parseConfig(schema, JSON.parse(JSON.stringify(cfg)))).toEqual(cfg);
    expect(describeConfig(schema).join('\n')).toMatch(/gamma \(1\/quote, default 0.1\)/);
  });

  it('stableStringify sorts keys and refuses NaN', () => {
    expect(stableStringify({ b: 1, a: { d: 2, c: 3 } })).toBe('{"a":{"c":3,"d":2},"b":1}');
    expect(() => stableStringify({ a: NaN })).toThrow(/\$\.a/);
  });
});
