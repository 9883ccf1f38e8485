import { readFileSync } from 'node:fs';
import { dirname, extname, isAbsolute, resolve } from 'node:path';
import type * as Yaml from 'yaml';
import { ConfigError, configErrorOf, redactCredentials, UsageError } from '@mml/core';
import { checkSearchSpace, getFormat, parseFormatConfig } from '@mml/strategies';
import { APP_OPTIONS, type AppName } from './app-options';
import type { ParameterSpace } from './parameter-search';
import { loadPlugins, resolvePluginPaths } from './plugins';
import { camelCaseOf, fileOptionNames, runConfigZod } from './run-config-schema';

/** What a run config file holds besides the app's options (already validated). */
export interface RunConfigSections {
  /** Absolute paths of every plugin (the file's, then --plugin's), loaded in this thread already. */
  plugins: string[];
  engineConfig?: Record<string, unknown>;
  gates?: Record<string, unknown>;
  formatConfigs?: Record<string, Record<string, unknown>>;
  searchSpaces?: Record<string, ParameterSpace>;
  /** The effective run config (file merged with the flags), for summary.json `inputs.runConfig`. */
  effective: Record<string, unknown>;
}

/** The file's contents, checked against `app`'s schema. Errors name the file and the key path (exit 2). */
export function readRunConfigFile(app: AppName, path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`--config ${path}: cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const ext = extname(path).toLowerCase();
  let data: unknown;
  // The YAML parser loads only for a YAML file (~70 modules every other start would pay).
  let yaml: typeof Yaml | undefined;
  try {
    if (ext === '.json') data = JSON.parse(text);
    else if (ext === '.yaml' || ext === '.yml') {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      yaml = require('yaml') as typeof Yaml;
      data = yaml.parse(text);
    }
    else throw new UsageError(`--config ${path}: must end in .yaml, .yml or .json`);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const where = yaml !== undefined && error instanceof yaml.YAMLParseError && error.linePos ? `, line ${error.linePos[0].line}` : '';
    throw new UsageError(`${path}${where}: not valid ${ext === '.json' ? 'JSON' : 'YAML'}: ${(error as Error).message.split('\n')[0]}`);
  }
  if (data === null || data === undefined) data = {};
  const schema = runConfigZod(app);
  const result = schema.safeParse(data);
  if (!result.success) throw new UsageError(`${path}: ${configErrorOf(result.error, '', schema).message}`);
  // The raw (validated) values, not zod's output: sections such as `engine` must stay partial, so
  // the workflow's own defaults (e.g. the tick fill model) still apply to keys the file leaves out.
  return data as Record<string, unknown>;
}

/**
 * Merges `--config` into the parsed command line: a value from the file is used unless the flag
 * was given explicitly (`defaulted` = yargs' `parsed.defaulted`: flags that only hold their
 * default). Relative paths in the file (`data`, `out`, `plugins`) are taken from the file's folder.
 * Loads the plugins (file + `--plugin`), then checks `formatParams` and `searchSpaces` against the
 * formats now registered. Returns the merged argv and the file-only sections.
 */
export function resolveRunConfig<A extends Record<string, unknown>>(app: AppName, argv: A, defaulted: Readonly<Record<string, unknown>> | undefined): { argv: A; run: RunConfigSections } {
  const configPath = typeof argv['config'] === 'string' ? argv['config'] : undefined;
  const file = configPath !== undefined ? readRunConfigFile(app, configPath) : {};
  const fileDir = configPath !== undefined ? dirname(resolve(configPath)) : process.cwd();
  const where = configPath ?? 'command line';
  const merged: Record<string, unknown> = { ...argv };
  for (const name of fileOptionNames(app)) {
    const key = camelCaseOf(name);
    const explicit = argv[name] !== undefined && defaulted?.[name] !== true;
    if (file[key] === undefined || explicit) continue;
    const value = fileValue(name, file[key], fileDir);
    merged[name] = value;
    merged[key] = value;
  }
  const cliPlugins = Array.isArray(argv['plugin']) ? (argv['plugin'] as unknown[]).map(String) : typeof argv['plugin'] === 'string' ? [argv['plugin']] : [];
  const plugins = [...resolvePluginPaths((file['plugins'] as string[] | undefined) ?? [], fileDir), ...resolvePluginPaths(cliPlugins)];
  loadPlugins([...new Set(plugins)]);

  const formatConfigs = file['formatParams'] as Record<string, Record<string, unknown>> | undefined;
  for (const [name, params] of Object.entries(formatConfigs ?? {})) {
    inFile(where, () => parseFormatConfig(name, params), (key) => (key === 'format' ? `formatParams.${name}` : `formatParams.${key}`));
  }
  const searchSpaces = file['searchSpaces'] as Record<string, ParameterSpace> | undefined;
  for (const [name, space] of Object.entries(searchSpaces ?? {})) {
    inFile(where, () => checkSearchSpace(space, getFormat(name).schema, `searchSpaces.${name}`), (key) => (key === 'format' ? `searchSpaces.${name}` : key));
  }
  const sections: RunConfigSections = {
    plugins: [...new Set(plugins)],
    ...(file['engine'] !== undefined ? { engineConfig: file['engine'] as Record<string, unknown> } : {}),
    ...(file['gates'] !== undefined ? { gates: file['gates'] as Record<string, unknown> } : {}),
    ...(formatConfigs !== undefined ? { formatConfigs } : {}),
    ...(searchSpaces !== undefined ? { searchSpaces } : {}),
    effective: {},
  };
  sections.effective = effectiveConfig(app, merged, sections, configPath);
  return { argv: merged as A, run: sections };
}

/** A file value in its command-line form (lists joined, paths from the file's folder). */
function fileValue(name: string, value: unknown, fileDir: string): unknown {
  if (Array.isArray(value)) return value.join(',');
  if (name === 'maker-fee-bps' || name === 'taker-fee-bps') return String(value);
  if (name === 'data' && typeof value === 'string') return value.split(',').map((p) => p.trim()).filter(Boolean).map((p) => (isAbsolute(p) ? p : resolve(fileDir, p))).join(',');
  if (name === 'out' && typeof value === 'string') return isAbsolute(value) ? value : resolve(fileDir, value);
  return value;
}

/** Runs a check of a format-dependent section, naming the file and the key path on failure. */
function inFile(where: string, check: () => unknown, keyOf: (errorKey: string) => string): void {
  try {
    check();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // The registry names keys "<format>.model.x" (or "format" for an unknown name): put them under the section.
    throw new UsageError(`${where}: config "${keyOf(error.key)}": ${error.message.replace(/^config "[^"]*": /, '')}`);
  }
}

/**
 * Options that say how or where a run executes, never what it computes: left out of the echo, so
 * the same run on 1 or 2 workers, or into another --out, writes a byte-identical summary.json
 * (`execution` records the workers).
 */
const EXECUTION_ONLY = new Set(['workers', 'queue', 'out', 'live', 'resume']);

/**
 * The run config as it took effect: every option of the app that shapes the results (camelCase,
 * after the merge), then the file-only sections, with credentials stripped from URLs (`--exchange-url`).
 */
function effectiveConfig(app: AppName, merged: Record<string, unknown>, sections: RunConfigSections, configPath: string | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = { configFile: configPath ?? null };
  for (const name of Object.keys(APP_OPTIONS[app])) {
    if (EXECUTION_ONLY.has(name)) continue;
    const value = merged[name];
    if (value === undefined) continue;
    out[camelCaseOf(name)] = typeof value === 'string' ? redactCredentials(value) : value;
  }
  // --data implies --source file (as the apps run it).
  if (out['data'] !== undefined && out['source'] !== undefined) out['source'] = 'file';
  out['plugins'] = sections.plugins;
  if (sections.engineConfig !== undefined) out['engine'] = sections.engineConfig;
  if (sections.gates !== undefined) out['gates'] = sections.gates;
  if (sections.formatConfigs !== undefined) out['formatParams'] = sections.formatConfigs;
  if (sections.searchSpaces !== undefined) out['searchSpaces'] = sections.searchSpaces;
  return out;
}

/** The part of a yargs instance this needs: parse, then read which options only hold their default. */
export interface RunCommandLineParser<A> {
  parseAsync(): Promise<A>;
}

/**
 * Parses an app's command line and merges its `--config` file (resolveRunConfig). yargs records
 * which options were defaulted in `parsed.defaulted` after parsing; that tells an explicit flag
 * (which wins over the file) from a default (which the file replaces).
 */
export async function parseRunCommandLine<A extends Record<string, unknown>>(app: AppName, parser: RunCommandLineParser<A>): Promise<{ argv: A; run: RunConfigSections }> {
  const parsed = await parser.parseAsync();
  const defaulted = (parser as { parsed?: { defaulted?: Record<string, unknown> } | false }).parsed;
  return resolveRunConfig(app, parsed, defaulted ? defaulted.defaulted : undefined);
}
