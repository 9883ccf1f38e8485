// End-to-end: the BUILT mml-record CLI (dist/cli/record.js, as `make record` runs it) against the
// websocket mock replaying a shared capture: SIGKILLed midway (the capture stays valid line by line),
// resumed into the same run (appended) and stopped by SIGTERM; then the BUILT mml-check-book accepts
// the recording and its rebuilt book matches every bookTicker, which are the original capture's.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { sharedDataDir } from '../src/paths';
import { rebuildBook } from '../src/test-support/binance-book-oracle.test-helpers';
import { startReplayMock, type MockExchange } from '../src/test-support/mock-exchange.test-helpers';
import { readBinanceCapture } from '../src/ticks/binance-capture';

const dist = join(__dirname, '..', 'dist', 'cli');
const CAPTURE = join(sharedDataDir(), 'ticks', 'binance_usdm_btcusdt_2023-04-04.dat.gz');
const original = gunzipSync(readFileSync(CAPTURE)).toString('utf8').split('\n').filter((l) => l !== '');
const body = (line: string) => line.slice(line.indexOf(' ') + 1);

let mock: MockExchange;
let out: string;
const children: ChildProcess[] = [];
beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'mml-record-'));
  mock = await startReplayMock({ captures: [CAPTURE], speed: 8 });
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await mock?.stop();
  rmSync(out, { recursive: true, force: true });
});

/** Starts the recorder; resolves with it once the capture holds `lines` lines. */
async function recordUntil(lines: number): Promise<{ child: ChildProcess; stdout: () => string; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> }> {
  const args = [join(dist, 'record.js'), '--exchange', 'binanceusdm', '--symbol', 'BTC/USDT:USDT', '--minutes', '1', '--out-dir', out, '--run-id', 'r1', '--exchange-url', mock.url, '--exchange-ws-url', mock.wsUrl as string];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stdout = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.once('exit', (code, signal) => done({ code, signal })));
  const path = join(out, 'r1', 'capture.txt');
  const end = Date.now() + 30_000; // generous: a loaded machine starts ccxt slowly
  const lineCount = () => (existsSync(path) ? readFileSync(path).reduce((n, byte) => (byte === 0x0a ? n + 1 : n), 0) : 0);
  while (lineCount() < lines) {
    if (Date.now() > end || child.exitCode !== null) throw new Error(`the recorder did not reach ${lines} lines: ${stdout}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { child, stdout: () => stdout, exited };
}

it('records every message as received; a SIGKILL leaves a valid capture, a resumed run appends, check-book matches every bookTicker', async () => {
  const capture = join(out, 'r1', 'capture.txt');
  const first = await recordUntil(1500);
  first.child.kill('SIGKILL');
  expect((await first.exited).signal).toBe('SIGKILL');
  const killed = readBinanceCapture(capture); // policy 'fail': any partial or damaged line throws
  let n = 0;
  for await (const _ of killed) n++;
  expect(n).toBeGreaterThanOrEqual(1500);
  const killedLines = readFileSync(capture, 'utf8').split('\n').length - 1;

  const second = await recordUntil(killedLines + 1000);
  second.child.kill('SIGTERM');
  expect(await second.exited).toEqual({ code: 0, signal: null });
  const done = JSON.parse(second.stdout().trim().split('\n').pop() as string);
  expect(done).toMatchObject({ event: 'recorded', stopped: 'signal', snapshots: 1, capturePath: capture });
  expect(done.lines).toBeGreaterThanOrEqual(1000);

  const recorded = readFileSync(capture, 'utf8').split('\n').filter((l) => l !== '');
  // Both runs' data lines, nothing lost at the kill (the first run's lines are all still there).
  expect(recorded.length).toBe(killedLines + done.lines);
  // One REST snapshot per run (each syncs its book), recorded as received.
  expect(recorded.filter((l) => body(l).startsWith('{"lastUpdateId"'))).toHaveLength(2);
  // Every recorded bookTicker is the capture's, in order (the recorder wraps the bare /ws event verbatim).
  const tickers = (lines: string[]) => lines.filter((l) => l.includes('"bookTicker"')).map((l) => JSON.stringify(JSON.parse(body(l)).data));
  const want = tickers(original);
  const got = tickers(recorded);
  expect(got.length).toBeGreaterThan(100);
  const at = want.indexOf(got[0]);
  expect(at).toBeGreaterThanOrEqual(0);
  const firstRun = tickers(recorded.slice(0, killedLines));
  expect(firstRun).toEqual(want.slice(at, at + firstRun.length));

  const check = spawnSync(process.execPath, [join(dist, 'check-book.js'), '--data', capture, '--no-cache'], { encoding: 'utf8' });
  expect(check.stderr).toBe('');
  expect(check.status).toBe(0);
  const [, matched, compared] = /book: (\d+)\/(\d+) bookTicker updates match/.exec(check.stdout) ?? [];
  expect(matched).toBe(compared); // how many are comparable depends on the order the connections were read in
  // The recording's book at its last diff = the capture's at that update id (an independent rebuild).
  const mine = rebuildBook(recorded, 'futures', 20);
  expect(mine).toEqual(rebuildBook(original, 'futures', 20, mine.lastUpdateId));
}, 75_000);

it('refuses bad options with one error line and exit 2', () => {
  const run = (...args: string[]) => spawnSync(process.execPath, [join(dist, 'record.js'), ...args], { encoding: 'utf8' });
  const minutes = run('--minutes', '0');
  expect(minutes.status).toBe(2);
  expect(minutes.stderr).toBe('error: --minutes must be > 0 and <= 1440, got 0\n');
  const exchange = run('--exchange', 'kraken');
  expect(exchange.status).toBe(2);
  expect(exchange.stderr).toMatch(/^error: Invalid values:\n? *Argument: exchange, Given: "kraken", Choices: "binance", "binanceusdm", "binancecoinm"/);
  const ws = run('--exchange-ws-url', 'http://127.0.0.1:1', '--minutes', '0.01', '--out-dir', out);
  expect(ws.status).toBe(2);
  expect(ws.stderr).toBe('error: --exchange-ws-url must be a ws:// or wss:// URL, got "http://127.0.0.1:1"\n');
});
