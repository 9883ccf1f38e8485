import { ConfigError, type Strategy, parseConfig } from '@mml/core';
import { AS_BASELINE_FORMAT, AS_STABLE_FORMAT, FIXED_SPREAD_FORMAT, GLFT_FORMAT, GLFT_STABLE_FORMAT } from './formats/baseline-formats';
import { RL_ENHANCED_FORMAT } from './formats/rl-enhanced-format';
import { checkSearchSpace } from './search-space';
import type { FormatConfig, FormatOptions, StrategyFormat } from './strategy-format';

const registry = new Map<string, StrategyFormat>();
for (const format of [FIXED_SPREAD_FORMAT, AS_BASELINE_FORMAT, AS_STABLE_FORMAT, GLFT_FORMAT, GLFT_STABLE_FORMAT, RL_ENHANCED_FORMAT]) registry.set(format.name, format);

/** Names of all registered formats, in registration order (built-ins first). */
export function listFormats(): StrategyFormat[] {
  return [...registry.values()];
}

/** The format registered under `name`; a ConfigError naming the known formats otherwise. */
export function getFormat(name: string): StrategyFormat {
  const format = registry.get(name);
  if (!format) throw new ConfigError('format', `unknown format "${name}" (known: ${[...registry.keys()].join(', ')})`);
  return format;
}

/**
 * Adds a custom format (e.g. one built with defineFormat). Names are unique; registering the very
 * same format object again is a no-op (a plugin module loaded twice in one thread).
 */
export function registerFormat(format: StrategyFormat): void {
  if (registry.get(format.name) === format) return;
  if (registry.has(format.name)) throw new ConfigError('format', `format "${format.name}" is already registered`);
  if (format.searchSpace !== undefined) checkSearchSpace(format.searchSpace, format.schema, `${format.name}.searchSpace`);
  registry.set(format.name, format);
}

/** Validates `config` (missing keys take the format's defaults) and returns the complete config. */
export function parseFormatConfig(name: string, config: unknown = {}): FormatConfig {
  const format = getFormat(name);
  const parsed = parseConfig(format.schema, config, name) as Record<string, unknown>;
  return { format: format.name, version: format.version, overlayOrder: format.overlayOrderOf(parsed), config: parsed };
}

/** Plain JSON of a complete format config, for artifacts: `{ format, version, overlayOrder, config }`. */
export function formatConfigToJSON(config: FormatConfig): FormatConfig {
  return JSON.parse(JSON.stringify({ format: config.format, version: config.version, overlayOrder: config.overlayOrder, config: config.config })) as FormatConfig;
}

/**
 * Reads back what `formatConfigToJSON` wrote (e.g. from an artifact), re-validating it. A version
 * other than the registered one is an error: the same config would not mean the same run.
 */
export function formatConfigFromJSON(json: unknown): FormatConfig {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new ConfigError('format', 'must be an object { format, version, overlayOrder, config }');
  const record = json as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!['format', 'version', 'overlayOrder', 'config'].includes(key)) throw new ConfigError(key, 'unknown key (known: format, version, overlayOrder, config)');
  }
  if (typeof record.format !== 'string') throw new ConfigError('format', 'must be a format name');
  const parsed = parseFormatConfig(record.format, record.config);
  if (record.version !== undefined && record.version !== parsed.version) {
    throw new ConfigError('version', `format "${parsed.format}" is version ${parsed.version}, the config was written for version ${JSON.stringify(record.version)}`);
  }
  if (record.overlayOrder !== undefined && JSON.stringify(record.overlayOrder) !== JSON.stringify(parsed.overlayOrder)) {
    throw new ConfigError('overlayOrder', `format "${parsed.format}" applies ${parsed.overlayOrder.join(' > ') || 'no overlays'}, the config records ${JSON.stringify(record.overlayOrder)}`);
  }
  return parsed;
}

/**
 * Builds the strategy of a format. `config` is a partial config object (validated, defaults
 * filled) or a complete FormatConfig from parseFormatConfig / formatConfigFromJSON.
 */
export function createStrategyFromFormat(name: string, config: unknown, options: FormatOptions): Strategy {
  const parsed = isFormatConfig(config) ? formatConfigFromJSON(config) : parseFormatConfig(name, config);
  if (parsed.format !== name) throw new ConfigError('format', `config is for "${parsed.format}", not "${name}"`);
  if (!Number.isInteger(options.seed)) throw new ConfigError('seed', `must be an integer, got ${options.seed}`);
  return getFormat(name).create(parsed.config, options);
}

function isFormatConfig(value: unknown): value is FormatConfig {
  return typeof value === 'object' && value !== null && 'format' in value && 'config' in value;
}
