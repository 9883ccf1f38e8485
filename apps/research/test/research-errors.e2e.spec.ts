// End-to-end (issue 10, items 7, 8, 9, 10): the BUILT research CLI. Every user error is one
// `error: ...` line naming the input, exit 2, and comes before any computation; a run that cannot
// write its report fails naming ENOSPC and leaves the previous run's artifacts intact; HTTP 503
// with Binance -1001 is retried.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const repo = resolve(__dirname, '..', '..', '..');
const cli = join(repo, 'apps', 'research', 'dist', 'main.js');
const fullDisk = join(repo, 'tools', 'fault-injection', 'full-disk.js');
const sharedData = process.env['MML_SHARED_DATA'] ?? resolve(repo, '..', 'shared', 'data');
const btcFile = join(sharedData, 'binance_btcusdt_1m_2023-03-16_2023-05-01.csv.gz');
const { startMockExchange } = require(join(repo, 'tools', 'mock-exchange', 'start.js')) as {
  startMockExchange(o: object): Promise<{ url: string; stats(): Promise<{ faultsInjected: Record<string, number>; requests: number }>; stop(): Promise<void> }>;
};
type Result = { status: number | null; stdout: string; stderr: string };

function research(args: string[], extraEnv: NodeJS.ProcessEnv = {}, node: string[] = []): Promise<Result> {
  return new Promise((done) => {
    execFile(process.execPath, [...node, cli, ...args], { cwd: repo, env: { ...process.env, MML_CODE_VERSION: 'test', MML_EXCHANGE_URL: '', ...extraEnv }, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) =>
      done({ status: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr }),
    );
  });
}

function expectOneErrorLine(result: Result, pattern: RegExp): void {
  expect([result.status, result.stderr.trim().split('\n')]).toEqual([2, [expect.stringMatching(pattern)]]);
}

describe('research (built): user errors', () => {
  jest.setTimeout(120_000);

  it('refuses bad options at parse time, naming the option and its allowed range', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--days', '1e6'], /^error: --days must be a number in \(0, 3650\], got "1e6"$/],
      [['--days', 'abc'], /^error: --days must be a number in \(0, 3650\], got "abc"$/],
      [['--workers', '0'], /^error: --workers must be an integer in \[1, 64\], got "0"$/],
      [['--seed', '-1'], /^error: --seed must be an integer in \[0, 4294967295\], got "-1"$/],
      [['--tiers', '10,-5'], /^error: --tiers must be a comma-separated list of positive numbers, got "10,-5"$/],
      [['--quality', 'maybe'], /^error: Invalid values: Argument: quality, Given: "maybe", Choices: "fail", "drop", "mark"$/],
      [['--bogus'], /^error: Unknown argument: bogus$/],
    ];
    const out = mkdtempSync(join(tmpdir(), 'research-err-'));
    const results = await Promise.all(cases.map(([args]) => research([...args, '--out', out])));
    results.forEach((result, i) => expectOneErrorLine(result, cases[i][1]));
    expect(readdirSync(out)).toEqual([]);
  });

  it('a missing or directory --data and an unusable --out are named before any computation', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'research-err-'));
    writeFileSync(join(dir, 'a-file'), 'x');
    mkdirSync(join(dir, 'data.csv'));
    // --source exchange at an unreachable URL: had --out not been checked first, the error would be the exchange's.
    const [missing, directory, notDir, full] = await Promise.all([
      research(['--data', '/nonexistent/klines.csv.gz', '--out', dir]),
      research(['--data', join(dir, 'data.csv'), '--out', dir]),
      research(['--source', 'exchange', '--exchange-url', 'http://127.0.0.1:1', '--out', join(dir, 'a-file', 'out')]),
      research(['--source', 'exchange', '--exchange-url', 'http://127.0.0.1:1', '--out', join(dir, 'full')], { MML_FULL_DISK_DIR: join(dir, 'full'), MML_FULL_DISK_BYTES: '0' }, ['-r', fullDisk]),
    ]);
    expectOneErrorLine(missing, /^error: --data \/nonexistent\/klines\.csv\.gz: no such file$/);
    expectOneErrorLine(directory, /^error: --data .*data\.csv: is a directory with no data files$/);
    expectOneErrorLine(notDir, /^error: --out .*a-file\/out is not a writable directory: ENOTDIR \(a parent is not a directory/);
    expectOneErrorLine(full, /^error: --out .*full is not a writable directory: ENOSPC \(no space left on device/);
  });

  it('a report that cannot be written fails naming ENOSPC; no short file is left and the previous run stays intact', async () => {
    const out = mkdtempSync(join(tmpdir(), 'research-err-'));
    const args = ['--data', btcFile, '--days', '1', '--tiers', '10000', '--formats', 'fixed-spread', '--workers', '1', '--out', out];
    const first = await research(args);
    expect(first.status).toBe(0);
    const firstDir = resolve(/report: (.+report\.html)/.exec(first.stdout)?.[1] as string, '..');
    const before = Object.fromEntries(readdirSync(firstDir).map((f) => [f, readFileSync(join(firstDir, f), 'utf8')]));
    const failed = await research(args, { MML_FULL_DISK_DIR: join(out, 'research'), MML_FULL_DISK_BYTES: '60000' }, ['-r', fullDisk]);
    expect(failed.status).toBe(2);
    expect(failed.stderr.trim().split('\n').pop()).toMatch(/^error: cannot write .*report\.html: ENOSPC \(no space left on device: wrote \d+ of \d+ bytes\)$/);
    expect(failed.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(Object.fromEntries(readdirSync(firstDir).map((f) => [f, readFileSync(join(firstDir, f), 'utf8')]))).toEqual(before);
    const everywhere = (readdirSync(join(out, 'research'), { recursive: true }) as string[]).filter((f) => !f.startsWith('latest'));
    expect(everywhere.filter((f) => f.endsWith('report.html'))).toHaveLength(1); // only the first run's: no short report renamed into place
    expect(everywhere.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    // Whatever the failed run did write is complete: its summary.json (if any) parses.
    for (const f of everywhere.filter((name) => name.endsWith('summary.json'))) expect(() => JSON.parse(readFileSync(join(out, 'research', f), 'utf8'))).not.toThrow();
  });

  it('--source exchange: an unknown symbol is one error line; HTTP 503 with Binance -1001 is retried', async () => {
    const mock = await startMockExchange({ data: btcFile, faults: ['binance:1,code=-1001,path=/api/v3/klines'] });
    try {
      const out = mkdtempSync(join(tmpdir(), 'research-err-'));
      const [unknown, retried] = await Promise.all([
        research(['--source', 'exchange', '--exchange-url', mock.url, '--symbol', 'NOPE/USDT', '--days', '1', '--out', out]),
        research(['--source', 'exchange', '--exchange-url', mock.url, '--days', '1', '--tiers', '10000', '--formats', 'fixed-spread', '--workers', '1', '--out', out]),
      ]);
      expectOneErrorLine(unknown, /^error: unknown symbol "NOPE\/USDT": binance lists no such market$/);
      expect(retried.status).toBe(0);
      expect((await mock.stats()).faultsInjected['binance']).toBe(1);
    } finally {
      await mock.stop();
    }
  });
});
