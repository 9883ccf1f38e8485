import { configZod, parseConfig, type ConfigSchema } from '@mml/core';
import { engineConfigSchema } from '@mml/backtest-engine';
import { GATE_SCHEMA } from '@mml/reports';
import { listFormats } from '@mml/strategies';

/**
 * parseConfig reads plainly valid configs without zod (core's config-fast-parse.ts); the configs a
 * research run echoes into summary.json must come out exactly as zod made them: same keys, same
 * order, same values, for every schema the workflows use.
 */
const SCHEMAS: [string, ConfigSchema][] = [...listFormats().map((f) => [`format ${f.name}`, f.schema] as [string, ConfigSchema]), ['engine', engineConfigSchema], ['gates', GATE_SCHEMA]];

describe('parseConfig on the real schemas', () => {
  it.each(SCHEMAS)('%s: defaults, and the defaults read back, are zod\u2019s byte for byte', (_name, schema) => {
    const zod = configZod(schema).parse({});
    expect(JSON.stringify(parseConfig(schema, {}))).toBe(JSON.stringify(zod));
    expect(JSON.stringify(parseConfig(schema, JSON.parse(JSON.stringify(zod)) as unknown))).toBe(JSON.stringify(zod));
  });
});
