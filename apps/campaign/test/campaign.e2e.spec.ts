// End-to-end: runs the BUILT campaign CLI with N=2 on the synthetic market.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const repo = resolve(__dirname, '..', '..', '..');
const cli = join(repo, 'apps', 'campaign', 'dist', 'main.js');
const env = { ...process.env, MML_CODE_VERSION: 'test' };

describe('campaign CLI (built)', () => {
  jest.setTimeout(120_000);

  it('runs N seeded synthetic runs per format with metric distributions and pass counts', async () => {
    const out = mkdtempSync(join(tmpdir(), 'campaign-e2e-'));
    const { stdout } = await run(process.execPath, [cli, '--n', '2', '--days', '0.5', '--formats', 'fixed-spread,as-stable', '--seed', '9', '--out', out], { cwd: repo, env });
    const dir = resolve(/report: (.+report\.html)/.exec(stdout)?.[1] ?? 'missing-report-path', '..');
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
    expect(summary.rows).toHaveLength(4);
    // The two runs of a format see different markets (different seeds)...
    expect(summary.seeds['market:0']).not.toBe(summary.seeds['market:1']);
    expect(summary.data.checksum.split(',')).toHaveLength(2);
    for (const stats of summary.campaign) {
      const rows = summary.rows.filter((r: { format: string }) => r.format === stats.format);
      const pnl = rows.map((r: { metrics: { pnl: number } }) => r.metrics.pnl);
      expect(stats.runs).toBe(2);
      expect(stats.passing).toBe(rows.filter((r: { gates: { pass: boolean } }) => r.gates.pass).length);
      expect(stats.metrics.pnl.mean).toBeCloseTo((pnl[0] + pnl[1]) / 2, 9);
      expect(stats.metrics.pnl.std).toBeCloseTo(Math.abs(pnl[0] - pnl[1]) / Math.SQRT2, 9);
      expect(stats.metrics.pnl.worst).toBe(Math.min(...pnl));
      expect(stats.metrics.maxDrawdown.worst).toBe(Math.max(...rows.map((r: { metrics: { maxDrawdown: number } }) => r.metrics.maxDrawdown)));
    }
    expect(stdout).toMatch(/fixed-spread +\d\/2 pass/);
  });
});
