import { isAbsolute, resolve } from 'node:path';
import { ConfigError, UsageError } from '@mml/core';
import { registerFormat, type StrategyFormat } from '@mml/strategies';

/**
 * Plugins: CommonJS modules (or ES modules Node can `require`) that add strategy formats, loaded
 * by `--plugin ./my-format.js` (repeatable) or `plugins:` in a run config. A plugin exports
 * `formats`, an array of formats built with `defineFormat` (optionally with a `searchSpace` for
 * walk-forward); it may also call `registerFormat` itself. See the workflows README, "Plugins".
 *
 * Loaded once per thread: in the main thread before the run, and in every worker thread and queue
 * worker before its first task (each task carries the absolute plugin paths), so a custom format
 * works with any --workers and on `make worker` processes (where the path must resolve too).
 */
const loaded = new Map<string, string[]>();

/** Absolute plugin paths: relative ones are taken from `baseDir` (the cwd, or a config file's folder). */
export function resolvePluginPaths(paths: readonly string[], baseDir: string = process.cwd()): string[] {
  return paths.map((p) => (isAbsolute(p) ? p : resolve(baseDir, p)));
}

/**
 * Loads each plugin (absolute paths) once in this thread and registers the formats it exports.
 * Returns the format names each plugin added. A plugin that cannot be loaded, exports something
 * other than formats, or defines a format badly is a UsageError naming the plugin file.
 */
export function loadPlugins(paths: readonly string[] | undefined): Record<string, string[]> {
  const added: Record<string, string[]> = {};
  for (const path of paths ?? []) {
    let names = loaded.get(path);
    if (names === undefined) {
      names = loadPlugin(path);
      loaded.set(path, names);
    }
    added[path] = names;
  }
  return added;
}

function loadPlugin(path: string): string[] {
  if (!isAbsolute(path)) throw new UsageError(`plugin ${path}: the path must be absolute here (resolve it first)`);
  let exported: unknown;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- plugins are loaded at run time by path
    exported = require(path);
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(`plugin ${path}: ${error.message}`);
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new UsageError(`plugin ${path} could not be loaded: ${reason}`);
  }
  const formats = formatsOf(exported, path);
  for (const format of formats) {
    try {
      registerFormat(format);
    } catch (error) {
      throw new UsageError(`plugin ${path}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return formats.map((f) => f.name);
}

function formatsOf(exported: unknown, path: string): StrategyFormat[] {
  const module = exported as { formats?: unknown; default?: { formats?: unknown } } | undefined;
  const list = module?.formats ?? module?.default?.formats;
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw new UsageError(`plugin ${path}: "formats" must be an array of formats made with defineFormat`);
  return list.map((format, i) => {
    const f = format as Partial<StrategyFormat> | null;
    if (f === null || typeof f !== 'object' || typeof f.name !== 'string' || typeof f.create !== 'function' || typeof f.schema !== 'object') {
      throw new UsageError(`plugin ${path}: formats[${i}] is not a format (make it with defineFormat from @mml/strategies)`);
    }
    return f as StrategyFormat;
  });
}
