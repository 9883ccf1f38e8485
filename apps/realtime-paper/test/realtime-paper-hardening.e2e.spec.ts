// End-to-end (issue 10, items 3, 5, 6, 7, 9, 10, 14): the BUILT realtime-paper CLI against the mock
// exchange. Bad options and bad --resume targets are refused before anything is touched (one
// `error:` line, exit 2); junk order books are retried faults, never a stale mid logged as fresh;
// two processes never write one log; credentials never reach the log; a full disk fails naming
// ENOSPC with only whole lines in the log.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const repo = resolve(__dirname, '..', '..', '..');
const cli = join(repo, 'apps', 'realtime-paper', 'dist', 'main.js');
const fullDisk = join(repo, 'tools', 'fault-injection', 'full-disk.js');
const sharedData = process.env['MML_SHARED_DATA'] ?? resolve(repo, '..', 'shared', 'data');
const btcFile = join(sharedData, 'binance_btcusdt_1m_2023-03-16_2023-05-01.csv.gz');
const { startMockExchange } = require(join(repo, 'tools', 'mock-exchange', 'start.js')) as {
  startMockExchange(o: object): Promise<{ url: string; setFaults(f: object): Promise<unknown>; setNow(ms: number): Promise<unknown>; stats(): Promise<{ faultsInjected: Record<string, number> }>; stop(): Promise<void> }>;
};
type Line = Record<string, unknown> & { type: string };
type Result = { status: number | null; stdout: string; stderr: string };

function run(args: string[], extraEnv: NodeJS.ProcessEnv = {}, node: string[] = []): Promise<Result> {
  return new Promise((done) => {
    execFile(process.execPath, [...node, cli, '--mode', 'poll', ...args], { cwd: repo, env: { ...process.env, PAPER_ONLY: '1', MML_EXCHANGE_URL: '', ...extraEnv }, timeout: 45_000 }, (error, stdout, stderr) =>
      done({ status: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr }),
    );
  });
}

function expectOneErrorLine(result: Result, pattern: RegExp): void {
  expect(result.status).toBe(2);
  const lines = result.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
}

const lines = (path: string): Line[] => readFileSync(path, 'utf8').split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l) as Line);
const exitOf = (child: ChildProcess) => new Promise<number | null>((done) => child.once('exit', (code) => done(code)));

let mock: Awaited<ReturnType<typeof startMockExchange>>;
let now = Date.UTC(2023, 3, 30, 12, 0);
let clock: NodeJS.Timeout;
beforeAll(async () => {
  mock = await startMockExchange({ data: btcFile, now });
  // The exchange clock moves one minute every 100 ms, so every poll sees new closed bars.
  clock = setInterval(() => void mock.setNow((now += 60_000)).catch(() => undefined), 100);
});
afterAll(async () => {
  clearInterval(clock);
  await mock?.stop();
});
beforeEach(async () => {
  await mock.setFaults({ faults: [] });
});

describe('realtime-paper (built): bad input is refused, nothing of the user is damaged', () => {
  jest.setTimeout(90_000);

  it('validates every numeric option at parse time, naming the option and its range, writing nothing', async () => {
    const out = mkdtempSync(join(tmpdir(), 'paper-hard-'));
    const cases: Array<[string[], RegExp]> = [
      [['--max-attempts', '0'], /^error: --max-attempts must be an integer in \[1, 100\], got "0"$/],
      [['--max-attempts', '-1'], /^error: --max-attempts must be an integer in \[1, 100\], got "-1"$/],
      [['--max-attempts', 'abc'], /^error: --max-attempts must be an integer in \[1, 100\], got "abc"$/],
      [['--backoff-ms', '-100'], /^error: --backoff-ms must be an integer in \[1, 3600000\], got "-100"$/],
      [['--backoff-ms', 'abc'], /^error: --backoff-ms must be an integer in \[1, 3600000\], got "abc"$/],
      [['--iterations', '0'], /^error: --iterations must be an integer in \[1, 10000000\], got "0"$/],
      [['--interval-ms', '-5'], /^error: --interval-ms must be an integer in \[0, 86400000\], got "-5"$/],
      [['--budget', 'lots'], /^error: --budget must be a number in \(0, 1000000000000\], got "lots"$/],
      [['--seed', '1.5'], /^error: --seed must be an integer in \[0, 4294967295\], got "1.5"$/],
    ];
    const results = await Promise.all(cases.map(([args]) => run([...args, '--exchange-url', mock.url, '--out', out])));
    results.forEach((result, i) => expectOneErrorLine(result, cases[i][1]));
    expect(existsSync(join(out, 'realtime'))).toBe(false);
  });

  it('--resume refuses what is not its own log of the same run and leaves it byte for byte', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paper-hard-'));
    const notes = join(dir, 'n.txt');
    writeFileSync(notes, 'notes');
    const other = join(dir, 'other.jsonl');
    const otherText = '{"type":"start","exchange":"binance","symbol":"BTC/USDT","timeframe":"1m","format":"as-stable","paperOnly":true}\n{"type":"iteration","iteration":0,"cash":1,"inventory":0}\n{"type":"iter';
    writeFileSync(other, otherText);
    mkdirSync(join(dir, 'a-directory'));
    const base = ['--exchange-url', mock.url, '--iterations', '2', '--interval-ms', '10', '--format', 'fixed-spread'];
    const [badFormat, notesRun, otherRun, dirRun, missing] = await Promise.all([
      run([...base.filter((a) => a !== 'fixed-spread'), 'nope', '--resume', notes]),
      run([...base, '--resume', notes]),
      run([...base, '--resume', other]),
      run([...base, '--resume', join(dir, 'a-directory')]),
      run([...base, '--resume', join(dir, 'missing.jsonl')]),
    ]);
    expectOneErrorLine(badFormat, /^error: .*unknown format "nope"/);
    expectOneErrorLine(notesRun, /^error: --resume .*n\.txt: not a realtime-paper log \(no complete JSON line\); left untouched$/);
    expectOneErrorLine(otherRun, /^error: --resume .*other\.jsonl: the run used --format as-stable, not fixed-spread$/);
    expectOneErrorLine(dirRun, /^error: --resume .*a-directory: is a directory, not a realtime-paper log$/);
    expectOneErrorLine(missing, /^error: --resume .*missing\.jsonl: no such file$/);
    expect(readFileSync(notes, 'utf8')).toBe('notes');
    expect(readFileSync(other, 'utf8')).toBe(otherText);
    expect(readdirSync(dir).sort()).toEqual(['a-directory', 'n.txt', 'other.jsonl']); // no lock or log left behind
  });

  it('a second process resuming a running log is refused naming the PID; numbering never repeats', async () => {
    const out = mkdtempSync(join(tmpdir(), 'paper-hard-'));
    const args = ['--exchange-url', mock.url, '--backoff-ms', '10', '--format', 'fixed-spread', '--out', out];
    const first = await run([...args, '--iterations', '2', '--interval-ms', '10']);
    expect(first.status).toBe(0);
    const log = /log: (.+\.jsonl)/.exec(first.stdout)?.[1] as string;
    const resumer = spawn(process.execPath, [cli, '--mode', 'poll', ...args, '--iterations', '6', '--interval-ms', '60000', '--resume', log], { cwd: repo, env: { ...process.env, PAPER_ONLY: '1' }, stdio: 'ignore' });
    const resumerExit = exitOf(resumer);
    const deadline = Date.now() + 30_000;
    // Wait until the resumer holds the lock and has logged its first new iteration.
    while (!(existsSync(`${log}.lock`) && lines(log).filter((l) => l.type === 'iteration').length >= 3) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const second = await run([...args, '--iterations', '6', '--resume', log]);
    expectOneErrorLine(second, new RegExp(`^error: .*${log.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is in use by process ${resumer.pid} `));
    resumer.kill('SIGTERM'); // a clean stop releases the lock
    expect(await resumerExit).toBe(0);
    expect(existsSync(`${log}.lock`)).toBe(false);
    const rest = await run([...args, '--iterations', '6', '--interval-ms', '10', '--resume', log]);
    expect(rest.status).toBe(0);
    const numbers = lines(log).filter((l) => l.type === 'iteration').map((l) => l['iteration']);
    expect(numbers).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('truncated, junk and empty order books are logged, retried faults: every logged mid is from a fresh two-sided book', async () => {
    const out = mkdtempSync(join(tmpdir(), 'paper-hard-'));
    await mock.setFaults({ faults: ['truncated:1,path=/api/v3/depth,after=1', 'empty:1,path=/api/v3/depth,after=2', 'garbage:1,path=/api/v3/depth,after=3'] });
    const result = await run(['--exchange-url', mock.url, '--iterations', '5', '--interval-ms', '150', '--backoff-ms', '5', '--format', 'fixed-spread', '--out', out]);
    expect(result.status).toBe(0);
    const log = lines(/log: (.+\.jsonl)/.exec(result.stdout)?.[1] as string);
    const faults = log.filter((l) => l.type === 'fault');
    expect(faults).toHaveLength(3);
    for (const fault of faults) expect(fault).toMatchObject({ gaveUp: false, error: expect.stringMatching(/^ExchangeCallError: binance fetchOrderBook BTC\/USDT: BadResponse: /) });
    const iterations = log.filter((l) => l.type === 'iteration');
    expect(iterations.map((l) => l['iteration'])).toEqual([0, 1, 2, 3, 4]);
    for (const it of iterations) {
      expect(it['bookTs']).toBe(it['exchangeTs']); // the book of this very poll
      expect(it['mid']).toBeCloseTo((Number(it['bestBid']) + Number(it['bestAsk'])) / 2, 9);
      expect(Number(it['bestBid'])).toBeLessThan(Number(it['bestAsk']));
    }
  });

  it('unknown symbol and unreachable exchange: one error line, exit 2; the password of the URL is nowhere', async () => {
    const out = mkdtempSync(join(tmpdir(), 'paper-hard-'));
    const [symbol, unreachable] = await Promise.all([
      run(['--exchange-url', mock.url, '--symbol', 'NOPE/USDT', '--iterations', '1', '--out', out]),
      run(['--exchange-url', 'http://trader:S3CRET@127.0.0.1:1', '--iterations', '1', '--max-attempts', '2', '--backoff-ms', '5', '--out', out]),
    ]);
    expectOneErrorLine(symbol, /^error: unknown symbol "NOPE\/USDT": binance lists no such market$/);
    expectOneErrorLine(unreachable, /^error: binance loadMarkets BTC\/USDT: .*http:\/\/\*\*\*@127\.0\.0\.1:1/);
    const logs = readdirSync(join(out, 'realtime')).map((f) => readFileSync(join(out, 'realtime', f), 'utf8')).join('');
    expect(logs).toMatch(/"type":"fault"/);
    expect(`${unreachable.stderr}${unreachable.stdout}${logs}`).not.toContain('S3CRET');
  });

  it('a full disk fails naming ENOSPC; the log keeps only whole lines and resumes', async () => {
    const out = mkdtempSync(join(tmpdir(), 'paper-hard-'));
    const args = ['--exchange-url', mock.url, '--interval-ms', '5', '--format', 'fixed-spread', '--out', out];
    const full = await run([...args, '--iterations', '40'], { MML_FULL_DISK_DIR: join(out, 'realtime'), MML_FULL_DISK_BYTES: '3000' }, ['-r', fullDisk]);
    expect(full.status).toBe(2);
    expect(full.stderr.trim().split('\n').pop()).toMatch(/^error: cannot write .*\.jsonl: ENOSPC \(no space left on device/);
    const log = join(out, 'realtime', readdirSync(join(out, 'realtime')).find((f) => f.endsWith('.jsonl')) as string);
    expect(readFileSync(log, 'utf8').endsWith('\n')).toBe(true);
    const written = lines(log); // every line parses
    expect(written[0]).toMatchObject({ type: 'start' });
    const resumed = await run([...args, '--iterations', String(Number(written.filter((l) => l.type === 'iteration').length) + 1), '--resume', log]);
    expect(resumed.status).toBe(0);
  });
});
