import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRunDirectory, resolveLatest } from './run-directory';
import { judgeRow } from './result-row';
import { writeRunArtifacts } from './run-artifacts';
import { metricsFixture, summaryFixture } from './fixtures.test-helpers';

describe('judgeRow', () => {
  it('fills gates and reasons from the metrics', () => {
    const row = judgeRow({ format: 'as-basic', budget: 1000, tier: '1k', metrics: metricsFixture({ pnl: -1 }) });
    expect(row.gates).toEqual({ pnl: false, sharpe: true, enoughFills: true, drawdown: true, pass: false });
    expect(row.reasons[0]).toBe('FAIL pnl -1 <= 0');
    expect(row.tier).toBe('1k');
  });

  it('honours custom thresholds', () => {
    const row = judgeRow({ format: 'x', budget: 1000, metrics: metricsFixture({ maxDrawdown: 0.2 }) }, { minPnl: 0, minSharpe: 0, maxDrawdown: 0.1, minFillsForStatistics: 30 });
    expect(row.gates.drawdown).toBe(false);
  });
});

describe('writeRunArtifacts', () => {
  it('writes summary.json, results.csv and report.html into a fresh run directory reachable through latest', async () => {
    const root = mkdtempSync(join(tmpdir(), 'mml-reports-artifacts-'));
    const { dir } = createRunDirectory(root, 'research', new Date(Date.UTC(2026, 10, 24, 10, 15)), { suffix: 't' });
    const paths = await writeRunArtifacts(dir, { summary: summaryFixture() });
    for (const path of Object.values(paths)) expect(existsSync(path)).toBe(true);
    const latest = resolveLatest(root, 'research') as string;
    expect(JSON.parse(readFileSync(join(latest, 'summary.json'), 'utf8')).rows).toHaveLength(4);
    expect(readFileSync(join(latest, 'results.csv'), 'utf8').split('\n').filter(Boolean)).toHaveLength(5);
    expect(readFileSync(join(latest, 'report.html'), 'utf8')).toContain('<h2>Gate verdicts</h2>');
  });
});
