import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listFormats } from '@mml/strategies';
import { runResearch, tierLabel } from '../src/research';

describe('runResearch (in-process)', () => {
  it('writes one row per tier x format with gate verdicts, deterministically', async () => {
    const out = mkdtempSync(join(tmpdir(), 'research-'));
    const options = { source: 'synthetic' as const, days: 0.5, rlWarmupDays: 0.5, tiers: [1000, 10000], formats: 'all', seed: 3, workers: 1, artifactsRoot: out };
    const a = await runResearch(options);
    const b = await runResearch(options);
    const formats = listFormats().map((f) => f.name);
    expect(a.summary.rows).toHaveLength(2 * formats.length);
    expect(a.summary.rows.map((r) => `${r.tier}:${r.format}`)).toEqual([1000, 10000].flatMap((t) => formats.map((f) => `${tierLabel(t)}:${f}`)));
    const strip = (dir: string) => {
      const s = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
      delete s.execution;
      return JSON.stringify(s);
    };
    expect(strip(a.dir)).toBe(strip(b.dir));
    expect(readFileSync(join(a.dir, 'results.csv'), 'utf8')).toBe(readFileSync(join(b.dir, 'results.csv'), 'utf8'));
    for (const row of a.summary.rows) {
      expect(row.metrics.initialEquity).toBeCloseTo(row.budget, 6);
      expect(row.gates.pass).toBe(row.metrics.pnl > 0 && row.metrics.sharpe > 0 && row.metrics.maxDrawdown <= 0.4);
    }
    expect(readFileSync(a.reportPath, 'utf8')).toContain('<svg');
  });

  it('labels tiers', () => {
    expect([1000, 10000, 100000, 2500, 500, 2_000_000].map(tierLabel)).toEqual(['1k', '10k', '100k', '2.5k', '500', '2M']);
  });
});
