// End-to-end (issue 17): the BUILT research CLI reads a run config file and a plugin format, and
// the plugin is loaded by its worker threads (--workers 2); explicit flags override the file, the
// effective config is in summary.json, and a bad file is one error line naming file and key.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const repo = resolve(__dirname, '..', '..', '..');
const cli = join(repo, 'apps', 'research', 'dist', 'main.js');
const plugin = join(repo, 'examples', 'plugins', 'inventory-skew-format.js');
type Result = { status: number | null; stdout: string; stderr: string };

function research(args: string[]): Promise<Result> {
  return new Promise((done) => {
    execFile(process.execPath, [cli, ...args], { cwd: repo, env: { ...process.env, MML_CODE_VERSION: 'test', MML_QUEUE: '' }, timeout: 90_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) =>
      done({ status: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr }),
    );
  });
}

describe('research (built): --config and --plugin', () => {
  jest.setTimeout(120_000);
  const dir = mkdtempSync(join(tmpdir(), 'mml-research-config-'));

  it('runs a plugin format from a config file on 2 worker threads; flags override the file; the effective config is echoed', async () => {
    const config = join(dir, 'run.yaml');
    writeFileSync(config, [
      'source: synthetic',
      'days: 0.5',
      'rlWarmupDays: 0',
      'tiers: [10000]',
      'formats: [fixed-spread, inventory-skew]',
      'formatParams:',
      '  inventory-skew: { model: { skewBps: 35 } }',
      'engine: { orders: { maxLevelsPerSide: 1 } }',
      'gates: { minFillsForStatistics: 10 }',
      'seed: 5',
      'out: ./artifacts',
    ].join('\n'));
    const result = await research(['--config', config, '--plugin', plugin, '--workers', '2', '--seed', '9']);
    expect(result.stderr).not.toMatch(/error/);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/10k inventory-skew (PASS|FAIL)/);
    const runs = join(dir, 'artifacts', 'research');
    const summary = JSON.parse(readFileSync(join(runs, readdirSync(runs).filter((d) => d !== 'latest')[0], 'summary.json'), 'utf8'));
    expect(summary.rows.map((r: { format: string }) => r.format)).toEqual(['fixed-spread', 'inventory-skew']);
    expect(summary.execution.workers).toBe(2);
    expect(summary.formats['inventory-skew'].config.model.skewBps).toBe(35);
    expect(summary.gates.minFillsForStatistics).toBe(10);
    expect(summary.inputs.engineConfig.orders).toEqual({ maxLevelsPerSide: 1 });
    expect(summary.seeds.master).toBe(9);
    expect(summary.inputs.runConfig).toMatchObject({ configFile: config, seed: 9, days: 0.5, plugins: [plugin], engine: { orders: { maxLevelsPerSide: 1 } } });
    // How a run executes is not part of what it computes: summary.json stays identical across --workers and --out.
    expect(summary.inputs.runConfig).not.toHaveProperty('workers');
    expect(summary.inputs.runConfig).not.toHaveProperty('out');
    expect(summary.inputs.plugins).toEqual({ [plugin]: ['inventory-skew'] });
  });

  it('a bad config file or plugin is one error line naming the file and the key path, exit 2', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'engine:\n  fillModel: magic\n');
    const result = await research(['--config', bad]);
    expect([result.status, result.stderr.trim().split('\n')]).toEqual([2, [`error: ${bad}: config "engine.fillModel": must be one of candle, trade, intensity, l2, got "magic"`]]);
    const missing = await research(['--plugin', join(dir, 'nope.js'), '--days', '0.1']);
    expect([missing.status, missing.stderr.trim().split('\n')]).toEqual([2, [expect.stringMatching(/^error: plugin .*nope\.js could not be loaded: Cannot find module/)]]);
  });
});
