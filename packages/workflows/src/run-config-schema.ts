import type * as Zod from 'zod';
import type { z } from 'zod';
import { configZod, describeRange, type NumberRange } from '@mml/core';
import { engineConfigSchema } from '@mml/backtest-engine';
import { GATE_SCHEMA } from '@mml/reports';
import { listFormats } from '@mml/strategies';
import { APP_OPTIONS, type AppName } from './app-options';

/**
 * The schema of a run config file (`--config run.yaml|run.json`), one per app, in zod 4: every
 * option of the app's command line under its camelCase name (same ranges and choices: derived from
 * app-options.ts, not restated), plus what only a file holds:
 *
 * - `plugins`: plugin modules (paths relative to the file) registering custom formats;
 * - `engine`: engine settings (fill model and its options, latency, order manager, limits,
 *   allowShort, ... : backtest-engine's schema; the workflow still sets quoteBudget per tier);
 * - `gates`: research gate thresholds (reports' schema);
 * - `formatParams`: per-format parameters `{ <format>: { model: {...}, overlays: {...} } }`;
 * - `searchSpaces` (walk-forward): per-format search spaces replacing the format's own.
 *
 * Keys are strict (a typo is an error naming the key path). `runConfigJsonSchema` emits JSON Schema
 * for editors (`mml-config schema <app>`).
 */

/**
 * zod, loaded when a run config file is read or its JSON Schema printed: an app started without
 * --config never needs it (~50 ms of every start; @mml/core's parseConfig loads it lazily too).
 */
function zod(): typeof Zod.z {
  return (require('zod') as typeof Zod).z;
}

/** Options that describe one invocation rather than a run, so a file does not hold them. */
const COMMAND_LINE_ONLY = new Set(['config', 'plugin', 'live', 'resume']);

/** "rl-warmup-days" -> "rlWarmupDays" (yargs' own camelCase alias of the flag). */
export function camelCaseOf(flag: string): string {
  return flag.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** The flag names (kebab-case) of an app that a run config file may set. */
export function fileOptionNames(app: AppName): string[] {
  return Object.keys(APP_OPTIONS[app]).filter((name) => !COMMAND_LINE_ONLY.has(name));
}

interface OptionLike {
  type?: string;
  choices?: readonly string[];
  describe?: string;
  range?: NumberRange;
  coerce?: (value: unknown) => unknown;
}

const positiveList = (z: typeof Zod.z, what: string) => z.array(z.number({ error: `must be a number (${what})` }).gt(0, { error: (i) => `must be > 0 (${what}), got ${String(i.input)}` })).min(1, { error: 'must list at least one value' });
const numberOrList = (z: typeof Zod.z) => z.union([z.number(), z.array(z.number()).min(1), z.string()]);

/** Options whose file form is richer than their command-line text. */
const SPECIAL: Record<string, (z: typeof Zod.z) => z.ZodType> = {
  formats: (z) => z.union([z.string(), z.array(z.string()).min(1, { error: 'must name at least one format' })]),
  tiers: (z) => z.union([positiveList(z, 'quote currency'), z.string()]),
  'maker-fee-bps': numberOrList,
  'taker-fee-bps': numberOrList,
};

function numberZod(z: typeof Zod.z, range: NumberRange): z.ZodNumber {
  const message = (i: { input?: unknown }) => `must be ${describeRange(range)}, got ${JSON.stringify(i.input)}`;
  let n = z.number({ error: message });
  if (range.integer) n = n.int({ error: message });
  if (range.min !== undefined) n = range.exclusiveMin ? n.gt(range.min, { error: message }) : n.gte(range.min, { error: message });
  if (range.max !== undefined) n = n.lte(range.max, { error: message });
  return n;
}

function optionZod(z: typeof Zod.z, name: string, option: OptionLike): z.ZodType {
  let schema: z.ZodType;
  if (SPECIAL[name]) schema = SPECIAL[name](z);
  else if (option.range) schema = numberZod(z, option.range);
  else if (option.choices) schema = z.enum(option.choices as [string, ...string[]], { error: (i) => `must be one of ${option.choices?.join(', ')}, got ${JSON.stringify(i.input)}` });
  else if (option.type === 'boolean') schema = z.boolean({ error: (i) => `must be true or false, got ${JSON.stringify(i.input)}` });
  else {
    const coerce = option.coerce;
    // String options with a parse-time check (e.g. --queue's URL) run the same check on the file's value.
    schema = coerce
      ? z.string().superRefine((value, ctx) => {
          try {
            coerce(value);
          } catch (error) {
            ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error) });
          }
        })
      : z.string({ error: (i) => `must be a string, got ${JSON.stringify(i.input)}` });
  }
  return (option.describe ? schema.describe(option.describe) : schema).optional();
}

const searchRangeZod = (z: typeof Zod.z) => z.strictObject({
  grid: z.array(z.number()).min(1, { error: 'must list at least one value' }).describe('values a grid search tries'),
  min: z.number().describe('lower end of the range a random search samples'),
  max: z.number().describe('upper end of the range a random search samples'),
  log: z.boolean().optional().describe('sample log-uniformly (scale parameters such as gamma)'),
  decimals: z.number().int().min(0).max(12).optional().describe('round sampled values to this many decimals'),
});

/**
 * Per-format parameters: the registered formats (built-ins and loaded plugins) with their full
 * schemas, so editors complete them; other names are accepted here and checked against the
 * format once its plugin is loaded.
 */
function formatParamsZod(z: typeof Zod.z): z.ZodType {
  const shape: Record<string, z.ZodType> = {};
  for (const format of listFormats()) shape[format.name] = configZod(format.schema).optional().describe(format.description);
  return z
    .object(shape)
    .catchall(z.record(z.string(), z.unknown()))
    .optional()
    .describe('parameters per format, { <format>: { model: {...}, overlays: {...} } } (defaults: the format\'s own)');
}

/** The zod schema of `app`'s run config file (built from the formats registered right now). */
export function runConfigZod(app: AppName): z.ZodType {
  const z = zod();
  const shape: Record<string, z.ZodType> = {
    $schema: z.string().optional().describe('JSON Schema of this file, for editors (ignored)'),
    plugins: z.array(z.string()).optional().describe('plugin modules registering custom formats (paths relative to this file); loaded in every worker'),
  };
  const options = APP_OPTIONS[app] as Record<string, OptionLike>;
  for (const name of fileOptionNames(app)) shape[camelCaseOf(name)] = optionZod(z, name, options[name]);
  shape['engine'] = configZod(engineConfigSchema).optional().describe('engine settings: fill model and its options, latency, order manager, risk limits, allowShort (the workflow sets quoteBudget per budget tier)');
  if (app !== 'realtime-paper') shape['gates'] = configZod(GATE_SCHEMA).optional().describe('research gate thresholds');
  shape['formatParams'] = formatParamsZod(z);
  if (app === 'walk-forward') {
    shape['searchSpaces'] = z
      .record(z.string(), z.record(z.string(), searchRangeZod(z)))
      .optional()
      .describe('walk-forward search space per format: { <format>: { "model.gamma": { grid, min, max, log?, decimals? } } }, replacing the format\'s own');
  }
  return z.strictObject(shape).describe(`run config of the ${app} app (flags given explicitly override it)`);
}

/** JSON Schema (draft 2020-12) of `app`'s run config file. */
export function runConfigJsonSchema(app: AppName): Record<string, unknown> {
  return { ...(zod().toJSONSchema(runConfigZod(app), { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>), title: `MarketMakerL ${app} run config` };
}
