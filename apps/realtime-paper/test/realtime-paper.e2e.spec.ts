// End-to-end: the BUILT realtime-paper CLI against the mock exchange (tools/mock-exchange), with an
// injected fault, a SIGTERM mid-run, a SIGKILL, and --resume. Also the live guard.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);
const repo = resolve(__dirname, '..', '..', '..');
const cli = join(repo, 'apps', 'realtime-paper', 'dist', 'main.js');
const sharedData = process.env['MML_SHARED_DATA'] ?? resolve(repo, '..', 'shared', 'data');
const btcFile = join(sharedData, 'binance_btcusdt_1m_2023-03-16_2023-05-01.csv.gz');
const { startMockExchange } = require(join(repo, 'tools', 'mock-exchange', 'start.js')) as {
  startMockExchange(o: object): Promise<{ url: string; setNow(ms: number): Promise<unknown>; stats(): Promise<{ faultsInjected: Record<string, number> }>; stop(): Promise<void> }>;
};

type Line = Record<string, unknown> & { type: string };

function readLines(path: string): Line[] {
  const text = readFileSync(path, 'utf8');
  return text
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as Line); // throws if any line is not valid JSON
}

function waitFor(predicate: () => boolean, timeoutMs: number): Promise<void> {
  const start = Date.now();
  return new Promise((done, fail) => {
    const timer = setInterval(() => {
      if (predicate()) {
        clearInterval(timer);
        done();
      } else if (Date.now() - start > timeoutMs) {
        clearInterval(timer);
        fail(new Error('timed out'));
      }
    }, 50);
  });
}

function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((done) => child.once('exit', (code, signal) => done({ code, signal })));
}

describe('realtime-paper CLI (built) against the mock exchange', () => {
  jest.setTimeout(60_000);

  it('logs one JSON line per iteration, survives faults, stops on SIGTERM, and resumes', async () => {
    let now = Date.UTC(2023, 3, 30, 12, 0);
    const mock = await startMockExchange({ data: btcFile, now, faults: ['503:2,path=/api/v3/depth,after=1'] });
    // The exchange clock moves one minute every 150 ms, so every poll sees new closed bars.
    const clock = setInterval(() => void mock.setNow((now += 60_000)).catch(() => undefined), 150);
    const out = mkdtempSync(join(tmpdir(), 'paper-e2e-'));
    const args = [cli, '--mode', 'poll', '--exchange-url', mock.url, '--iterations', '8', '--interval-ms', '200', '--backoff-ms', '20', '--format', 'fixed-spread', '--budget', '10000', '--out', out];
    try {
      const child = spawn(process.execPath, args, { cwd: repo, env: { ...process.env, PAPER_ONLY: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
      const exited = exitOf(child);
      const dir = join(out, 'realtime');
      let logPath = '';
      await waitFor(() => {
        if (!existsSync(dir) || readdirSync(dir).length === 0) return false;
        logPath = join(dir, readdirSync(dir)[0]);
        return readLines(logPath).filter((l) => l.type === 'iteration').length >= 3;
      }, 30_000);
      child.kill('SIGTERM');
      const { code } = await exited;
      expect(code).toBe(0);

      const lines = readLines(logPath);
      expect(lines[0]).toMatchObject({ type: 'start', paperOnly: true, format: 'fixed-spread', cash: 10000, inventory: 0 });
      expect(lines[lines.length - 1]).toMatchObject({ type: 'stop', reason: 'SIGTERM' });
      const faults = lines.filter((l) => l.type === 'fault');
      expect(faults).toHaveLength(2);
      expect(String(faults[0]['error'])).toMatch(/503|ExchangeNotAvailable|Service Unavailable/i);
      const iterations = lines.filter((l) => l.type === 'iteration');
      expect(iterations.map((l) => l['iteration'])).toEqual(iterations.map((_, i) => i));
      for (const it of iterations) {
        expect(typeof it['mid']).toBe('number');
        expect(it['equity']).toBeCloseTo(Number(it['cash']) + Number(it['inventory']) * Number(it['mid']), 6);
        expect(Array.isArray(it['quotes'])).toBe(true);
        expect(Array.isArray(it['fills'])).toBe(true);
        expect(Array.isArray(it['reasons'])).toBe(true);
      }
      expect((iterations[0]['quotes'] as unknown[]).length).toBeGreaterThan(0);

      // A SIGKILL mid-run: every line still parses, and --resume continues from the last iteration.
      const last = iterations[iterations.length - 1];
      const killed = spawn(process.execPath, [...args, '--resume', logPath], { cwd: repo, stdio: 'ignore' });
      const killedExit = exitOf(killed);
      await waitFor(() => readLines(logPath).filter((l) => l.type === 'iteration').length > iterations.length, 30_000);
      killed.kill('SIGKILL');
      await killedExit;
      const afterKill = readLines(logPath);
      const resumeLine = afterKill.find((l) => l.type === 'resume');
      expect(resumeLine).toMatchObject({ fromIteration: Number(last['iteration']) + 1, cash: last['cash'], inventory: last['inventory'] });

      const { stdout } = await execFileAsync(process.execPath, [...args, '--resume', logPath], { cwd: repo });
      expect(stdout).toContain(`log: ${logPath}`);
      const final = readLines(logPath);
      const numbers = final.filter((l) => l.type === 'iteration').map((l) => l['iteration']);
      expect(numbers).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      expect(final[final.length - 1]).toMatchObject({ type: 'stop', reason: 'completed', lastIteration: 7 });

      // Resuming with another format would mix two strategies in one log: refused, naming the option.
      const otherFormat = args.map((a) => (a === 'fixed-spread' ? 'as-stable' : a));
      await expect(execFileAsync(process.execPath, [...otherFormat, '--resume', logPath], { cwd: repo })).rejects.toMatchObject({
        code: 2,
        stderr: expect.stringContaining('--format fixed-spread'),
      });
    } finally {
      clearInterval(clock);
      await mock.stop();
    }
  });

  it.each([[{}], [{ PAPER_ONLY: '1' }], [{ PAPER_ONLY: '0' }]])('refuses --live with exit code 2 naming PAPER_ONLY (env %j)', async (extra) => {
    const env: Record<string, string | undefined> = { ...process.env, ...extra };
    if (!('PAPER_ONLY' in extra)) delete env['PAPER_ONLY'];
    await expect(execFileAsync(process.execPath, [cli, '--live'], { cwd: repo, env })).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/PAPER_ONLY/),
    });
  });
});
