import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { getFormat } from '@mml/strategies';
import { loadPlugins, readRunConfigFile, resolveRunConfig, runResearchMatrix, searchSpaceOf, syntheticCandles } from '../src/index';
import { BINANCE_BTCUSDT_SPOT } from '@mml/core';

const ROOT = resolve(__dirname, '../../..');
const EXAMPLES = join(ROOT, 'examples');
const PLUGIN = join(EXAMPLES, 'plugins', 'inventory-skew-format.js');
const MML_CONFIG = join(__dirname, '..', 'dist', 'cli', 'mml-config.js');
const APP_OF: Record<string, string> = { 'research.yaml': 'research', 'walk-forward.yaml': 'walk-forward', 'campaign.json': 'campaign', 'realtime-paper.yaml': 'realtime-paper' };

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mml-run-config-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('run config files', () => {
  it('mml-config schema output (the built CLI, with the example plugin) validates every example config; a broken copy fails', () => {
    const out = join(dir, 'schema');
    execFileSync(process.execPath, [MML_CONFIG, 'schema', '--out-dir', out, '--plugin', PLUGIN], { encoding: 'utf8' });
    const examples = readdirSync(EXAMPLES).filter((f) => /\.(ya?ml|json)$/.test(f));
    expect(examples.sort()).toEqual(Object.keys(APP_OF).sort());
    for (const file of examples) {
      const schema = JSON.parse(readFileSync(join(out, `${APP_OF[file]}.schema.json`), 'utf8')) as Record<string, unknown>;
      // zod reads the emitted JSON Schema back (a round trip through the JSON form editors use).
      const validator = z.fromJSONSchema(schema as never);
      const config = parseYaml(readFileSync(join(EXAMPLES, file), 'utf8')) as Record<string, unknown>;
      const result = validator.safeParse(config);
      expect({ file, issues: result.success ? [] : result.error.issues }).toEqual({ file, issues: [] });
      expect(validator.safeParse({ ...config, seeed: 1 }).success).toBe(false);
      expect(validator.safeParse({ ...config, engine: { fillModel: 'magic' } }).success).toBe(false);
    }
    const research = JSON.parse(readFileSync(join(out, 'research.schema.json'), 'utf8'));
    // The plugin's format parameters are in the schema (editors complete them), with bounds and docs.
    expect(research.properties.formatParams.properties['inventory-skew'].properties.model.properties.skewBps).toMatchObject({ type: 'number', minimum: 0, maximum: 1000, default: 20 });
    expect(research.properties.days).toMatchObject({ type: 'number', exclusiveMinimum: 0, maximum: 3650 });
  });

  it('names the file, the key path and the allowed range of a bad value; unknown keys name the known ones', () => {
    expect(() => readRunConfigFile('research', write('a.yaml', 'days: 0\n'))).toThrow(`${dir}/a.yaml: config "days": must be a number in (0, 3650], got 0`);
    expect(() => readRunConfigFile('research', write('b.yaml', 'engine:\n  candle: { queueHaircut: 2 }\n'))).toThrow(/b\.yaml: config "engine\.candle\.queueHaircut": must be <= 1 fraction, got 2/);
    expect(() => readRunConfigFile('research', write('c.json', '{"engine": {"fillModle": "l2"}}'))).toThrow(/c\.json: config "engine\.fillModle": unknown key \(known: quoteBudget, .*fillModel/);
    expect(() => readRunConfigFile('walk-forward', write('d.yaml', 'tiers: [1000]\n'))).toThrow(/d\.yaml: config "tiers": unknown key/);
    expect(() => readRunConfigFile('research', write('e.yaml', 'tiers: [1000, -5]\n'))).toThrow(/e\.yaml: config "tiers\.1": must be > 0/);
    expect(() => readRunConfigFile('research', write('f.yaml', 'days: [1\n'))).toThrow(/f\.yaml, line \d+: not valid YAML/);
    expect(() => readRunConfigFile('research', write('g.toml', 'days = 1\n'))).toThrow(/must end in \.yaml, \.yml or \.json/);
  });

  it('file values replace defaults, explicit flags win, paths are relative to the file, and the effective config is complete', () => {
    const path = write('run.yaml', ['days: 3', 'tiers: [1000, 5000]', 'data: ../data/x.csv', 'makerFeeBps: [0, 2]', 'formats: [as-stable]', 'engine: { fillModel: candle }', `plugins: [${PLUGIN}]`, 'formatParams:', '  as-stable: { model: { gamma: 10 } }'].join('\n'));
    const argv = { config: path, days: 30, tiers: '1000,10000,100000', seed: 7, formats: 'all', out: 'artifacts' };
    const { argv: merged, run } = resolveRunConfig('research', argv, { days: true, tiers: true, formats: true, out: true });
    expect(merged).toMatchObject({ days: 3, tiers: '1000,5000', 'maker-fee-bps': '0,2', makerFeeBps: '0,2', data: resolve(dir, '../data/x.csv'), formats: 'as-stable', seed: 7 });
    expect(run.engineConfig).toEqual({ fillModel: 'candle' });
    expect(run.formatConfigs).toEqual({ 'as-stable': { model: { gamma: 10 } } });
    expect(run.plugins).toEqual([PLUGIN]);
    expect(run.effective).toMatchObject({ configFile: path, days: 3, seed: 7, plugins: [PLUGIN], engine: { fillModel: 'candle' } });
    // --days given on the command line (not defaulted) wins over the file.
    expect(resolveRunConfig('research', { ...argv, days: 5 }, { tiers: true }).argv).toMatchObject({ days: 5, tiers: '1000,5000' });
  });

  it('checks format parameters and search spaces once plugins are loaded, naming the key under its section', () => {
    const bad = write('p.yaml', [`plugins: [${PLUGIN}]`, 'formatParams:', '  inventory-skew: { model: { skewBps: 5000 } }'].join('\n'));
    expect(() => resolveRunConfig('research', { config: bad }, {})).toThrow(/p\.yaml: config "formatParams\.inventory-skew\.model\.skewBps": must be <= 1000 bps of mid, got 5000/);
    const unknown = write('q.yaml', 'formatParams:\n  no-such-format: {}\n');
    expect(() => resolveRunConfig('research', { config: unknown }, {})).toThrow(/q\.yaml: config "formatParams\.no-such-format": unknown format "no-such-format"/);
    const space = write('s.yaml', ['searchSpaces:', '  as-stable:', '    model.gamma: { grid: [0], min: 1, max: 10 }'].join('\n'));
    expect(() => resolveRunConfig('walk-forward', { config: space }, {})).toThrow(/s\.yaml: config "searchSpaces\.as-stable\.model\.gamma": must be > 0/);
  });

  it('a plugin format carries its search space; a file entry replaces it; a bad plugin is one error naming the file', () => {
    loadPlugins([PLUGIN]);
    expect(Object.keys(searchSpaceOf('inventory-skew') ?? {})).toEqual(['model.spreadBps', 'model.skewBps']);
    expect(searchSpaceOf('inventory-skew', { 'inventory-skew': { 'model.skewBps': { grid: [1], min: 0, max: 2 } } })).toEqual({ 'model.skewBps': { grid: [1], min: 0, max: 2 } });
    expect(getFormat('inventory-skew').description).toMatch(/example plugin/);
    expect(() => loadPlugins([join(dir, 'missing.js')])).toThrow(/plugin .*missing\.js could not be loaded/);
    const notFormats = write('not-formats.js', 'module.exports = { formats: [{ name: 1 }] };');
    expect(() => loadPlugins([notFormats])).toThrow(/not-formats\.js: formats\[0\] is not a format/);
  });

  it('tasks carry the plugin paths and format parameters (what worker threads and queue workers load)', async () => {
    loadPlugins([PLUGIN]);
    const candles = syntheticCandles(0.25, 3, 'known-edge');
    const matrix = await runResearchMatrix({ candles, instrument: { ...BINANCE_BTCUSDT_SPOT }, tiers: [10_000], formats: ['inventory-skew'], formatConfigs: { 'inventory-skew': { model: { skewBps: 33 } } }, plugins: [PLUGIN], seed: 1, workers: 1 });
    expect(matrix.rows.map((r) => r.format)).toEqual(['inventory-skew']);
    expect((matrix.formatConfigs['inventory-skew'] as { config: { model: { skewBps: number } } }).config.model.skewBps).toBe(33);
  });
});
