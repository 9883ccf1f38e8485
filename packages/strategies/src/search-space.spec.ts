import { createFixedSpreadStrategy, fixedSpreadConfigSchema } from '@mml/models';
import { defineFormat, getFormat, registerFormat, type ModelSpec } from './index';

const model: ModelSpec<typeof fixedSpreadConfigSchema> = { schema: fixedSpreadConfigSchema, create: (config) => createFixedSpreadStrategy(config) };

describe('defineFormat searchSpace', () => {
  it('carries a search space checked against the format schema, and registers once', () => {
    const format = defineFormat({ name: 'spread-search-test', version: 1, description: 'test', model, overlays: false, searchSpace: { 'model.spreadBps': { grid: [10, 30], min: 5, max: 50 } } });
    expect(format.searchSpace).toEqual({ 'model.spreadBps': { grid: [10, 30], min: 5, max: 50 } });
    registerFormat(format);
    registerFormat(format); // the same object again: a plugin module loaded twice in one thread
    expect(getFormat('spread-search-test').searchSpace?.['model.spreadBps'].grid).toEqual([10, 30]);
    expect(() => registerFormat({ ...format })).toThrow(/already registered/);
  });

  it('refuses keys that are not number parameters and values outside the parameter range', () => {
    const define = (searchSpace: Record<string, { grid: number[]; min: number; max: number; log?: boolean }>) => () => defineFormat({ name: 'bad-space', version: 1, description: 'test', model, overlays: false, searchSpace });
    expect(define({ 'model.spreadBp': { grid: [10], min: 5, max: 50 } })).toThrow('config "bad-space.searchSpace.model.spreadBp": is not a number parameter');
    expect(define({ 'model.spreadBps': { grid: [-1], min: 5, max: 50 } })).toThrow(/bad-space.searchSpace.model.spreadBps.*must be > 0.*got -1/);
    expect(define({ 'model.spreadBps': { grid: [10], min: 50, max: 5 } })).toThrow(/min must be <= max/);
    expect(define({ 'model.spreadBps': { grid: [], min: 5, max: 50 } })).toThrow(/at least one value/);
  });
});
