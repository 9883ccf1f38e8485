import { ConfigError, defaultConfig, parseConfig } from '@mml/core';
import { withDefaults } from './schema-defaults';

const schema = {
  gamma: { type: 'number', default: 0.1, min: 0, exclusiveMin: true, unit: '1/quote', doc: 'risk aversion' },
  inner: { type: 'object', doc: 'nested', schema: { on: { type: 'boolean', default: true, doc: 'switch' }, mode: { type: 'string', default: 'a', oneOf: ['a', 'b'] as const, doc: 'mode' } } },
} as const;

describe('withDefaults', () => {
  it('replaces defaults, nested too, keeping bounds and docs', () => {
    const tuned = withDefaults(schema, { gamma: 0.5, inner: { mode: 'b' } });
    expect(defaultConfig(tuned)).toEqual({ gamma: 0.5, inner: { on: true, mode: 'b' } });
    expect(() => parseConfig(tuned, { gamma: 0 })).toThrow(/> 0/);
    expect(defaultConfig(schema).gamma).toBe(0.1); // the original is untouched
  });

  it('validates the overrides against the schema', () => {
    expect(() => withDefaults(schema, { gama: 1 }, 'fmt')).toThrow(/fmt.gama/);
    expect(() => withDefaults(schema, { inner: { mode: 'c' } })).toThrow(ConfigError);
  });
});
