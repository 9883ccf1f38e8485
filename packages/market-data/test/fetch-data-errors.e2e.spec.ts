// End-to-end (issue 10, items 7, 8, 10, 11, 12, 14): the BUILT mml-fetch-data CLI against the mock
// exchange. Every user error is one `error: ...` line with exit code 2 and no download; transient
// faults are retried; credentials never reach a log line or the manifest; a full disk fails naming
// ENOSPC and leaves the chunks already written intact.
import { execFile, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SHARED_BTCUSDT_1M, repoRoot, sharedDataDir } from '../src/paths';
import { startMockExchange, type MockExchange } from '../src/test-support/mock-exchange.test-helpers';

const cli = join(__dirname, '..', 'dist', 'cli', 'fetch-data.js');
const END = '2023-05-01T21:02:00Z';
let mock: MockExchange;
beforeAll(async () => {
  mock = await startMockExchange({ data: join(sharedDataDir(), SHARED_BTCUSDT_1M) });
});
afterAll(async () => {
  await mock?.stop();
});
beforeEach(async () => {
  await mock.setFaults({ faults: [] });
  await mock.resetStats();
});

function run(args: string[], env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, MML_EXCHANGE_URL: '', ...env }, timeout: 30_000 });
}

/** The CLI run asynchronously, so independent cases run side by side. */
function runAsync(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, MML_EXCHANGE_URL: '' }, timeout: 30_000 }, (error, stdout, stderr) =>
      done({ status: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr }),
    );
  });
}

function expectUserError(result: { status: number | null; stderr: string }, message: string | RegExp): void {
  expect(result.status).toBe(2);
  const lines = result.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(typeof message === 'string' ? new RegExp(`^error: ${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) : message);
}

describe('mml-fetch-data (built) — errors and faults', () => {
  jest.setTimeout(60_000);

  it('--help and --version print and exit 0 without downloading anything', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'mml-fd-')), 'data');
    const [help, version] = await Promise.all(['--help', '--version'].map((flag) => runAsync([flag, '--data-dir', dataDir, '--exchange-url', mock.url, '--days', '1'])));
    expect(help).toMatchObject({ status: 0, stdout: expect.stringMatching(/--days/) });
    expect(version).toMatchObject({ status: 0, stdout: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    expect(existsSync(dataDir)).toBe(false);
    expect((await mock.stats()).requests).toBe(0);
  });

  it('refuses every bad option before any request: one error line naming the option and its range, exit 2', async () => {
    const cases: Array<[string[], string]> = [
      [['--days', '1e6'], '--days must be a number in (0, 3650], got "1e6"'],
      [['--days', 'abc'], '--days must be a number in (0, 3650], got "abc"'],
      [['--days', '0'], '--days must be a number in (0, 3650], got "0"'],
      [['--max-attempts', '0'], '--max-attempts must be an integer in [1, 100], got "0"'],
      [['--backoff-ms', '-100'], '--backoff-ms must be an integer in [1, 3600000], got "-100"'],
      [['--end', 'yesterday'], '--end must be an ISO time or Unix ms, got "yesterday"'],
      [['--timeframe', '7x'], 'unsupported timeframe "7x"'],
      [['--no-such-option'], 'Unknown argument'],
    ];
    const dataDir = join(mkdtempSync(join(tmpdir(), 'mml-fd-')), 'data');
    const results = await Promise.all(cases.map(([args]) => runAsync([...args, '--data-dir', dataDir, '--exchange-url', mock.url, ...(args.includes('--end') ? [] : ['--end', END])])));
    results.forEach((result, i) => expectUserError(result, cases[i][1]));
    expect((await mock.stats()).requests).toBe(0);
  });

  it('an unknown symbol and an unreachable exchange are user errors (exit 2, one line), not stack traces', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'mml-fd-'));
    expectUserError(run(['--symbol', 'NOPE/USDT', '--days', '1', '--data-dir', dataDir, '--exchange-url', mock.url, '--end', END]), /^error: binance fetchOHLCV NOPE\/USDT: BadSymbol/);
    const unreachable = run(['--days', '1', '--data-dir', dataDir, '--exchange-url', 'http://127.0.0.1:1', '--end', END, '--max-attempts', '2', '--backoff-ms', '10']);
    expect(unreachable.status).toBe(2);
    expect(unreachable.stderr.trim().split('\n').pop()).toMatch(/^error: binance .* gave up after 2 attempts: .*ECONNREFUSED/);
    expect(unreachable.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('a --data-dir that cannot be created is named with its OS code (exit 2)', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'mml-fd-')), 'a-file');
    writeFileSync(file, 'not a directory');
    expectUserError(run(['--days', '1', '--data-dir', file, '--exchange-url', mock.url, '--end', END]), /^error: cannot write .*a-file\/real\/binance\/BTC-USDT\/1m: ENOTDIR/);
  });

  it('retries HTTP 503 with Binance -1001 (ccxt OperationFailed) and -1008, and completes every row', async () => {
    await mock.setFaults({ faults: ['binance:1,code=-1001,path=/api/v3/klines,after=1', 'binance:1,code=-1008,path=/api/v3/klines,after=2'] });
    const dataDir = mkdtempSync(join(tmpdir(), 'mml-fd-'));
    const result = run(['--days', '3', '--data-dir', dataDir, '--exchange-url', mock.url, '--end', END, '--backoff-ms', '5']);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout.trim())).toMatchObject({ rows: 3 * 1440, gaps: 0 });
    expect(result.stderr).toMatch(/retry 1\/4 of binance fetchOHLCV BTC\/USDT in 5 ms: OperationFailed: .*-1001/);
    expect(result.stderr).toMatch(/-1008/);
    expect((await mock.stats()).faultsInjected['binance']).toBe(2);
  });

  it('never writes the password of --exchange-url to stderr or manifest.json', async () => {
    await mock.setFaults({ faults: ['503:1,path=/api/v3/klines'] });
    const dataDir = mkdtempSync(join(tmpdir(), 'mml-fd-'));
    const url = mock.url.replace('http://', 'http://trader:S3CRET@');
    const result = run(['--days', '1', '--data-dir', dataDir, '--exchange-url', url, '--end', END, '--backoff-ms', '5']);
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(/retry 1\/4 .*ExchangeNotAvailable/);
    const manifest = readFileSync(join(dataDir, 'real', 'binance', 'BTC-USDT', '1m', 'manifest.json'), 'utf8');
    expect(manifest).toContain('via http://***@127.0.0.1');
    expect(`${result.stdout}${result.stderr}${manifest}`).not.toContain('S3CRET');
    const failed = run(['--days', '1', '--data-dir', mkdtempSync(join(tmpdir(), 'mml-fd-')), '--exchange-url', 'http://trader:S3CRET@127.0.0.1:1', '--end', END, '--max-attempts', '2', '--backoff-ms', '5']);
    expect(failed.status).toBe(2);
    expect(failed.stderr).toContain('http://***@127.0.0.1:1');
    expect(failed.stderr).not.toContain('S3CRET');
  });

  it('on a full disk fails naming ENOSPC, renames no short chunk, and keeps the chunks already written', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'mml-fd-'));
    // Room for about two day chunks (~75 kB each) of the three.
    const result = spawnSync(process.execPath, ['-r', join(repoRoot(), 'tools', 'fault-injection', 'full-disk.js'), cli, '--days', '3', '--data-dir', dataDir, '--exchange-url', mock.url, '--end', END], {
      encoding: 'utf8',
      env: { ...process.env, MML_EXCHANGE_URL: '', MML_FULL_DISK_DIR: dataDir, MML_FULL_DISK_BYTES: '160000' },
    });
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n').pop()).toMatch(/^error: cannot write .*\.csv: ENOSPC \(no space left on device: wrote \d+ of \d+ bytes\)$/);
    const dir = join(dataDir, 'real', 'binance', 'BTC-USDT', '1m');
    const chunks = readdirSync(dir).filter((f) => f.endsWith('.csv'));
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(chunks.length).toBeGreaterThanOrEqual(1);
    for (const chunk of chunks) {
      const lines = readFileSync(join(dir, chunk), 'utf8').split('\n');
      expect(lines.pop()).toBe(''); // ends with a newline: complete
      expect(lines.slice(1).every((l) => l.split(',').length === lines[0].split(',').length)).toBe(true);
    }
    // What was written is complete: the re-run with room finishes the range.
    const rerun = run(['--days', '3', '--data-dir', dataDir, '--exchange-url', mock.url, '--end', END]);
    expect(rerun.status).toBe(0);
    expect(JSON.parse(rerun.stdout.trim())).toMatchObject({ rows: 3 * 1440, chunksCached: chunks.length });
  });
});
