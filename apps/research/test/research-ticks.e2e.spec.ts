// End-to-end: the BUILT research CLI on tick data (a raw Binance capture from ../shared/data/ticks).
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const repo = resolve(__dirname, '..', '..', '..');
const cli = join(repo, 'apps', 'research', 'dist', 'main.js');
const sharedData = process.env['MML_SHARED_DATA'] ?? resolve(repo, '..', 'shared', 'data');
const capture = join(sharedData, 'ticks', 'binance_usdm_btcusdt_2023-04-04.dat.gz');
const env = { ...process.env, MML_CODE_VERSION: 'test', PAPER_ONLY: '1' };

async function research(args: string[]) {
  return run(process.execPath, [cli, ...args], { cwd: repo, env, maxBuffer: 16 * 1024 * 1024 });
}

(existsSync(capture) ? describe : describe.skip)('research CLI on tick data (built)', () => {
  jest.setTimeout(120_000);

  it('runs formats at tick level on a capture through the L2 simulator, the same twice (second run from the columnar cache)', async () => {
    const out = mkdtempSync(join(tmpdir(), 'research-ticks-'));
    const args = ['--data', capture, '--minutes', '1', '--tiers', '10000', '--formats', 'fixed-spread,as-stable', '--workers', '1', '--out', out];
    const first = await research(args);
    const second = await research(args);
    const dirs = [first, second].map((r) => resolve(/report: (.+report\.html)/.exec(r.stdout)![1].trim(), '..'));
    const [a, b] = dirs.map((d) => JSON.parse(readFileSync(join(d, 'summary.json'), 'utf8')));
    expect(a.data.timeframe).toBe('tick');
    expect(a.data.events).toBeGreaterThan(1000);
    expect(a.data.endTs - a.data.startTs).toBeLessThanOrEqual(60_000);
    expect(a.inputs.engineConfig).toMatchObject({ fillModel: 'l2', sampleIntervalMs: 10_000, allowShort: true });
    expect(a.inputs.instrument).toMatchObject({ symbol: 'BTC/USDT:USDT', tickSize: '0.1' });
    expect(a.rows).toHaveLength(2);
    for (const row of a.rows) {
      expect(row.metrics.events).toBeGreaterThan(1000);
      expect(row.metrics.quotes).toBeGreaterThan(0);
      expect(row.gates.pnl).toBe(row.metrics.pnl > 0);
    }
    expect(b.inputs.tickCache).toBe('hit');
    for (const s of [a, b]) {
      delete s.execution;
      delete s.inputs.tickCache;
    }
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(readFileSync(join(dirs[0], 'results.csv'), 'utf8')).toBe(readFileSync(join(dirs[1], 'results.csv'), 'utf8'));
    expect(existsSync(join(dirs[0], 'report.html'))).toBe(true);
  });

  it('--help says what tick data it takes; bad window options and unsupported captures fail with one error line', async () => {
    const help = await research(['--help']);
    expect(help.stdout.replace(/\s+/g, ' ')).toMatch(/raw Binance websocket captures/);
    expect(help.stdout).toMatch(/--minutes/);
    await expect(research(['--data', capture, '--hours', '1', '--minutes', '1'])).rejects.toMatchObject({ stderr: expect.stringMatching(/error: give --hours or --minutes, not both/) });
    // With its own symbol (the default BTC/USDT is refused first: the capture holds BTC/USD, test/data-symbol.e2e.spec.ts).
    await expect(research(['--data', join(sharedData, 'ticks', 'binance_coinm_btcusd_perp_2024-08-08.gz'), '--symbol', 'BTC/USD'])).rejects.toMatchObject({ stderr: expect.stringMatching(/error: .*inverse contracts/) });
  });
});
