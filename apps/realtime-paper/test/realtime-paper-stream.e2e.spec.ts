// End-to-end, stream mode (the default): the BUILT realtime-paper CLI against the websocket mock
// exchange replaying a shared capture at accelerated speed, with a dropped depth message (a
// sequence gap) and a disconnect injected, then SIGKILL and --resume. Every log line must parse,
// the capture must be a valid capture, and replaying it (the BUILT replay-paper CLI) must reproduce
// the session's fills byte for byte, and its final equity and attribution.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);
const repo = resolve(__dirname, '..', '..', '..');
const cli = join(repo, 'apps', 'realtime-paper', 'dist', 'main.js');
const replayCli = join(repo, 'packages', 'workflows', 'dist', 'cli', 'replay-paper.js');
const statusCli = join(repo, 'packages', 'workflows', 'dist', 'cli', 'paper-status.js');
const sharedData = process.env['MML_SHARED_DATA'] ?? resolve(repo, '..', 'shared', 'data');
const capture = join(sharedData, 'ticks', 'binance_usdm_btcusdt_2024-08-08.gz');

type Line = Record<string, unknown> & { type: string };

function readLog(path: string): Line[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as Line); // throws if any line is not JSON
}

function waitFor(predicate: () => boolean, timeoutMs: number, what: string, state: () => string = () => ''): Promise<void> {
  const start = Date.now();
  return new Promise((done, fail) => {
    const timer = setInterval(() => {
      let ok = false;
      try {
        ok = predicate();
      } catch {
        ok = false; // a file not there yet
      }
      if (ok) {
        clearInterval(timer);
        done();
      } else if (Date.now() - start > timeoutMs) {
        clearInterval(timer);
        let seen = '';
        try {
          seen = state();
        } catch (error) {
          seen = String(error);
        }
        fail(new Error(`timed out waiting for ${what}; ${seen}`));
      }
    }, 50);
  });
}

function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((done) => child.once('exit', (code, signal) => done({ code, signal })));
}

/**
 * The websocket mock replaying the capture at `speed` with the given faults; resolves with its URLs.
 * Paced: the replay waits for a session that lags (a loaded machine), reconnects or is restarted
 * (--resume), so what the session sees does not depend on how fast this machine is.
 */
async function startWsMock(speed: number, faults: string[]): Promise<{ url: string; wsUrl: string; child: ChildProcess }> {
  const args = [join(repo, 'tools', 'mock-exchange', 'server.js'), '--port', '0', '--capture', capture, '--speed', String(speed), '--paced'];
  for (const f of faults) args.push('--ws-fault', f);
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = createInterface({ input: child.stdout! });
  child.stderr!.resume();
  return new Promise((done, fail) => {
    child.once('exit', (code) => fail(new Error(`mock exited with ${code}`)));
    lines.once('line', (line) => {
      const { url, wsUrl } = JSON.parse(line) as { url: string; wsUrl: string };
      lines.on('line', () => undefined); // keep draining its event log
      done({ url, wsUrl, child });
    });
  });
}

(existsSync(capture) ? describe : describe.skip)('realtime-paper stream mode (built CLI) against the websocket mock', () => {
  jest.setTimeout(150_000);
  let mock: { url: string; wsUrl: string; child: ChildProcess } | undefined;
  afterAll(() => {
    mock?.child.kill('SIGTERM');
  });

  it('gap, disconnect, SIGKILL and --resume: the log parses, the capture is valid, and its replay reproduces the fills exactly', async () => {
    // 94k messages in 5.7 min replayed at 20x (~17 s); a depth diff dropped early, a disconnect later,
    // both in the first quarter so that the resumed session still has most of the stream to trade on;
    // the diff is dropped once the session's REST snapshot was served (synced=1): always a gap it must see.
    mock = await startWsMock(20, ['drop:at=8000,stream=depth,synced=1', 'disconnect:at=20000']);
    const out = mkdtempSync(join(tmpdir(), 'paper-stream-'));
    const args = [cli, '--exchange', 'binanceusdm', '--symbol', 'BTC/USDT:USDT', '--format', 'glft', '--budget', '10000', '--exchange-url', mock.url, '--exchange-ws-url', mock.wsUrl, '--status-every', '1', '--stale-after', '2', '--backoff-ms', '50', '--out', out];
    const env = { ...process.env, PAPER_ONLY: '1', MML_EXCHANGE_URL: '', MML_EXCHANGE_WS_URL: '' };

    // 1. The session runs until it has been through the gap's resync and the disconnect, then is killed.
    const first = spawn(process.execPath, args, { cwd: repo, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let console = '';
    first.stderr!.on('data', (d: Buffer) => (console += d.toString()));
    const exited = exitOf(first);
    const realtime = join(out, 'realtime');
    let logPath = '';
    await waitFor(() => {
      const runs = readdirSync(realtime);
      if (runs.length !== 1) return false;
      logPath = join(realtime, runs[0], 'paper.jsonl');
      const log = readLog(logPath);
      const kinds = log.filter((l) => l.type === 'fault').map((l) => l['kind']);
      return kinds.includes('resync') && kinds.includes('disconnect') && log.some((l) => l.type === 'fill');
    }, 60_000, 'a resync, a disconnect and a fill in the log', () => `log: ${logPath ? readLog(logPath).map((l) => (l.type === 'fault' ? `fault:${String(l['kind'])}` : l.type)).join(' ') : 'none'}; console: ${console.slice(-2000)}`);
    first.kill('SIGKILL');
    expect((await exited).signal).toBe('SIGKILL');
    // What a user watches: status lines with mid, quotes, inventory, equity, fills and attribution.
    expect(console).toMatch(/mid [\d.]+ \| quotes .* \| inventory -?[\d.]+ \| equity [\d.]+ \(pnl [-+][\d.]+\) \| fills \d+ \(\d+ buys \/ \d+ sells\) \| attribution spread/);
    const killedLog = readLog(logPath);
    const killedFills = killedLog.filter((l) => l.type === 'fill').length;
    expect(killedLog[0]).toMatchObject({ type: 'start', mode: 'stream', paperOnly: true, capture: 'capture.txt' });
    expect(killedLog.some((l) => l.type === 'stop')).toBe(false);

    // 2. --resume replays the capture, logs any fill the kill cut off, and continues on the live
    //    stream until SIGTERM, which stops it cleanly (stop line, exit 0).
    const runDir = join(realtime, readdirSync(realtime)[0]);
    const capturedBefore = readFileSync(join(runDir, 'capture.txt'), 'utf8').length;
    const second = spawn(process.execPath, [...args, '--resume', runDir, '--minutes', '5'], { cwd: repo, env, stdio: ['ignore', 'pipe', 'ignore'] });
    let stdout = '';
    second.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    const secondExit = exitOf(second);
    await waitFor(() => readLog(logPath).some((l) => l.type === 'resume') && readFileSync(join(runDir, 'capture.txt'), 'utf8').length > capturedBefore + 50_000, 60_000, 'the resumed session to record more of the stream', () => `capture grew by ${readFileSync(join(runDir, 'capture.txt'), 'utf8').length - capturedBefore} bytes; log tail: ${readLog(logPath).slice(-5).map((l) => JSON.stringify(l)).join(' ')}`);
    second.kill('SIGTERM');
    expect(await secondExit).toEqual({ code: 0, signal: null });
    expect(stdout).toMatch(/stopped: signal/);
    expect(readLog(logPath).pop()).toMatchObject({ type: 'stop', reason: 'SIGTERM' });

    // Every log line parses; one start, one resume, one stop; fills numbered 0..n-1 once each.
    const log = readLog(logPath);
    expect(log.filter((l) => l.type === 'start')).toHaveLength(1);
    expect(log.filter((l) => l.type === 'resume')).toHaveLength(1);
    expect(log[log.length - 1].type).toBe('stop');
    const fills = log.filter((l) => l.type === 'fill');
    expect(fills.map((f) => f['n'])).toEqual(fills.map((_, i) => i));
    expect(fills.length).toBeGreaterThanOrEqual(killedFills);
    // Every fault is one line with its kind: the pipeline's gap and resync, the stream's disconnect.
    const faults = log.filter((l) => l.type === 'fault');
    expect(faults.every((f) => typeof f['kind'] === 'string')).toBe(true);
    expect(faults.map((f) => f['kind'])).toEqual(expect.arrayContaining(['sequence-gap', 'resync', 'disconnect']));

    // The capture is a valid capture: every line `<19-digit local ns> <JSON object>`.
    const captureLines = readFileSync(join(runDir, 'capture.txt'), 'utf8').split('\n');
    expect(captureLines.pop()).toBe('');
    for (const line of captureLines) {
      expect(line).toMatch(/^\d{19} \{/);
      JSON.parse(line.slice(20));
    }

    // 3. Replaying the capture through the backtest reproduces the session exactly.
    const replay = await execFileAsync(process.execPath, [replayCli, '--run', runDir], { cwd: repo });
    expect(replay.stdout).toMatch(new RegExp(`fills: ${fills.length} replayed, ${fills.length} logged: identical \\(byte for byte\\)`));
    expect(replay.stdout).toMatch(/final equity [\d.]+: identical; attribution: identical/);

    // paper-status summarises the finished session and writes its report.
    const status = await execFileAsync(process.execPath, [statusCli, '--run', runDir], { cwd: repo });
    expect(status.stdout).toMatch(/stopped \(SIGTERM\)/);
    expect(status.stdout).toMatch(/faults: .*sequence-gap/);
    expect(existsSync(join(runDir, 'report.html'))).toBe(true);
    rmSync(out, { recursive: true, force: true });
  });
});
