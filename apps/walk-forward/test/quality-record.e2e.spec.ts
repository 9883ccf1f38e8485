// End-to-end (issue 10 item 13): walk-forward records the bars dropped or marked by --quality drop|mark
// in summary.json and on the console, as research does. BUILT CLI on a real slice holding the
// 2023-03-24 halt (72 zero-volume bars, then 80 missing minutes). Needs `npm run build`.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';

const run = promisify(execFile);
const repo = resolve(__dirname, '..', '..', '..');
const cli = join(repo, 'apps', 'walk-forward', 'dist', 'main.js');
const sharedData = process.env['MML_SHARED_DATA'] ?? resolve(repo, '..', 'shared', 'data');
const btcFile = join(sharedData, 'binance_btcusdt_1m_2023-03-16_2023-05-01.csv.gz');
const env = { ...process.env, MML_CODE_VERSION: 'test' };
const tmp = mkdtempSync(join(tmpdir(), 'wf-quality-'));

// 2023-03-22T12:00Z .. 2023-03-25T12:00Z: 3 days less the 80-minute gap = 4240 bars.
const lines = gunzipSync(readFileSync(btcFile)).toString('utf8').trim().split('\n');
const slice = [lines[0], ...lines.slice(1).filter((l) => { const t = Number(l.split(',')[0]); return t >= Date.UTC(2023, 2, 22, 12) && t < Date.UTC(2023, 2, 25, 12); })];
const dataPath = join(tmp, 'btc_halt_1m_.csv');
writeFileSync(dataPath, slice.join('\n') + '\n');
const HALT_ROW = slice.findIndex((l) => l.startsWith(String(Date.UTC(2023, 2, 24, 11, 28)))) + 1;

async function walkForward(quality: string) {
  const out = mkdtempSync(join(tmp, 'out-'));
  return run(process.execPath, [cli, '--data', dataPath, '--days', '3', '--train-days', '1', '--test-days', '1', '--trials', '1', '--formats', 'fixed-spread', '--workers', '1', '--seed', '5', '--quality', quality, '--out', out], { cwd: repo, env });
}

describe('walk-forward CLI records data quality (built)', () => {
  jest.setTimeout(180_000);

  it.concurrent.each([
    ['drop', { rows: 4240, kept: 4168, dropped: 72, marked: 0 }],
    ['mark', { rows: 4240, kept: 4240, dropped: 0, marked: 72 }],
  ] as const)('--quality %s: summary.json and the console say how many bars were dropped or marked', async (policy, counts) => {
    const { stdout } = await walkForward(policy);
    const report = /report: (.+report\.html)/.exec(stdout)?.[1] ?? 'missing';
    const summary = JSON.parse(readFileSync(join(resolve(report.trim(), '..'), 'summary.json'), 'utf8'));
    expect(summary.inputs.quality).toEqual({ policy, ...counts, gaps: 1, halts: 1, findings: { halt: 72, gap: 1 }, barMs: 60_000, timeUnit: 'milliseconds' });
    expect(summary.data.events).toBe(counts.kept);
    expect(stdout).toContain(`data quality (${policy}): 4240 rows, ${counts.kept} kept, ${counts.dropped} dropped, ${counts.marked} marked; halt 72, gap 1`);
  });

  it('--quality fail (the default) refuses the halt, naming file and row, exit 2', async () => {
    expect(HALT_ROW).toBeGreaterThan(1);
    await expect(walkForward('fail')).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(new RegExp(`^error: \\S+btc_halt_1m_\\.csv, row ${HALT_ROW}: halt: zero-volume bar at 2023-03-24T11:28:00.000Z`)) });
  });
});
