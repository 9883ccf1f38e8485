// End-to-end: runs the BUILT walk-forward CLI on a slice of the shared BTC data.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const repo = resolve(__dirname, '..', '..', '..');
const cli = join(repo, 'apps', 'walk-forward', 'dist', 'main.js');
const sharedData = process.env['MML_SHARED_DATA'] ?? resolve(repo, '..', 'shared', 'data');
const btcFile = join(sharedData, 'binance_btcusdt_1m_2023-03-16_2023-05-01.csv.gz');
const env = { ...process.env, MML_CODE_VERSION: 'test' };
const DAY = 86_400_000;

describe('walk-forward CLI (built)', () => {
  jest.setTimeout(120_000);

  it('optimises in sample, evaluates out of sample per fold, and reports pass rate and breaches', async () => {
    const out = mkdtempSync(join(tmpdir(), 'wf-e2e-'));
    const args = [cli, '--data', btcFile, '--days', '4', '--train-days', '2', '--test-days', '1', '--trials', '2', '--formats', 'fixed-spread,as-stable', '--threshold', '0.5', '--seed', '5', '--out', out];
    const { stdout } = await run(process.execPath, [...args, '--workers', '2'], { cwd: repo, env });
    const dir = resolve(/report: (.+report\.html)/.exec(stdout)?.[1] ?? 'missing-report-path', '..');
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
    const windows = summary.inputs.windows as { trainStart: number; trainEnd: number; testStart: number; testEnd: number }[];
    expect(windows).toHaveLength(2);
    for (const w of windows) {
      expect(w.trainEnd - w.trainStart).toBe(2 * DAY);
      expect(w.testStart).toBeGreaterThanOrEqual(w.trainEnd);
    }
    // Per fold x format: one in-sample row (the chosen candidate) and one out-of-sample row.
    expect(summary.rows).toHaveLength(2 * 2 * 2);
    for (const row of summary.rows) {
      const w = windows[row.fold];
      const [start, end] = row.phase === 'in-sample' ? [w.trainStart, w.trainEnd] : [w.testStart, w.testEnd];
      expect(row.metrics.startTs).toBeGreaterThanOrEqual(start);
      expect(row.metrics.endTs).toBeLessThanOrEqual(end);
    }
    expect(summary.walkForward.map((w: { format: string }) => w.format)).toEqual(['fixed-spread', 'as-stable']);
    for (const w of summary.walkForward) {
      const oos = summary.rows.filter((r: { format: string; phase: string }) => r.format === w.format && r.phase === 'out-of-sample');
      expect(w.passRate).toBe(oos.filter((r: { gates: { pass: boolean } }) => r.gates.pass).length / oos.length);
      expect(w.threshold).toBe(0.5);
      expect(w.hardBreaches).toBe(oos.reduce((n: number, r: { metrics: { liquidations: number } }) => n + r.metrics.liquidations, 0));
      const pnlSum = oos.reduce((n: number, r: { metrics: { pnl: number } }) => n + r.metrics.pnl, 0);
      const sharpeMean = oos.reduce((n: number, r: { metrics: { sharpe: number } }) => n + r.metrics.sharpe, 0) / oos.length;
      const thin = oos.filter((r: { metrics: { fills: number } }) => r.metrics.fills < 30).length;
      expect(w.oosPnlSum).toBeCloseTo(pnlSum, 9);
      expect(w.oosSharpeMean).toBeCloseTo(sharpeMean, 12);
      expect(w.insufficientFillFolds).toBe(thin);
      expect(w.pass).toBe(w.passRate >= 0.5 && pnlSum > 0 && sharpeMean > 0 && thin === 0 && w.hardBreaches === 0);
      expect(w.reasons).toHaveLength(5);
      expect(typeof w.inSampleSharpe).toBe('number');
      expect(typeof w.outOfSampleSharpe).toBe('number');
      // Every candidate of every fold (2 trials x 2 folds), PBO over them (grid: same candidates each fold), DSR in [0, 1].
      expect(w.candidates).toHaveLength(2 * 2);
      expect(w.candidates.filter((c: { selected: boolean }) => c.selected)).toHaveLength(2);
      expect([0, 0.5, 1]).toContain(w.pbo);
      if (w.deflatedSharpe !== null) expect(w.deflatedSharpe >= 0 && w.deflatedSharpe <= 1).toBe(true);
      expect(stdout).toContain(`${w.format.padEnd(12)} ${w.pass ? 'PASS' : 'FAIL'}  summed out-of-sample PnL ${w.oosPnlSum.toFixed(2)}`);
    }
    // results.csv: the chosen in-sample and out-of-sample rows, then every candidate.
    const csv = readFileSync(join(dir, 'results.csv'), 'utf8').trim().split('\n');
    expect(csv).toHaveLength(1 + 2 * 2 * 2 + 2 * 2 * 2);
    expect(csv.filter((line) => line.includes(',candidate,'))).toHaveLength(8);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    for (const id of ['oosEquity', 'sharpeHeatmap', 'waterfall', 'markouts']) expect(html).toContain(`data-chart="${id}"`);
    // Deterministic for any worker count.
    const again = await run(process.execPath, [...args, '--workers', '1'], { cwd: repo, env });
    const dir1 = resolve(/report: (.+report\.html)/.exec(again.stdout)?.[1] ?? 'missing-report-path', '..');
    const strip = (d: string) => { const s = JSON.parse(readFileSync(join(d, 'summary.json'), 'utf8')); delete s.execution; return JSON.stringify(s); };
    expect(strip(dir1)).toBe(strip(dir));
  });

  it('explains when the data is too short for one fold', async () => {
    const out = mkdtempSync(join(tmpdir(), 'wf-e2e-'));
    await expect(run(process.execPath, [cli, '--data', btcFile, '--days', '2', '--train-days', '2', '--test-days', '1', '--out', out], { cwd: repo, env })).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('no walk-forward fold fits'),
    });
  });
});
