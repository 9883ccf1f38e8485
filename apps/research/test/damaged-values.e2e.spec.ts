// End-to-end (issue 10 items 4 and 11): damaged values and unbounded inputs through the BUILT research
// CLI. Each damaged file gives one `error: <file>, row N[, field F]: …` line and exit 2, or — under the
// policy the user chose — a correct, reported result. Needs `npm run build`.
import { execFile } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';

const run = promisify(execFile);
const repo = resolve(__dirname, '..', '..', '..');
const cli = join(repo, 'apps', 'research', 'dist', 'main.js');
const sharedData = process.env['MML_SHARED_DATA'] ?? resolve(repo, '..', 'shared', 'data');
const btcFile = join(sharedData, 'binance_btcusdt_1m_2023-03-16_2023-05-01.csv.gz');
const env = { ...process.env, MML_CODE_VERSION: 'test', PAPER_ONLY: '1' };
const tmp = mkdtempSync(join(tmpdir(), 'research-damaged-values-'));

// The last 2 days of the real file: header + 2880 rows; file row r = lines[r - 1]. Row 2500 is in the 1-day window.
const all = gunzipSync(readFileSync(btcFile)).toString('utf8').trim().split('\n');
const HEADER = all[0];
const rows = all.slice(-2880);
const ROW = 2500;

function write(name: string, lines: string[]): string {
  const path = join(tmp, name);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

/** The slice with one cell of file row `ROW` replaced (column: 1 open .. 5 volume). */
function withCell(name: string, column: number, value: string): string {
  const lines = [HEADER, ...rows];
  const row = lines[ROW - 1].split(',');
  row[column] = value;
  lines[ROW - 1] = row.join(',');
  return write(name, lines);
}

/** The slice with file row `ROW`'s prices all set to `price` (a bar consistent in itself). */
function withBarAt(name: string, price: string): string {
  const lines = [HEADER, ...rows];
  const [t, , , , , v] = lines[ROW - 1].split(',');
  lines[ROW - 1] = [t, price, price, price, price, v].join(',');
  return write(name, lines);
}

async function research(args: string[]) {
  const out = mkdtempSync(join(tmp, 'out-'));
  // No RL warm-up: the quality counts then cover exactly the evaluated --days.
  const days = args.includes('--days') ? [] : ['--days', '1'];
  return run(process.execPath, [cli, ...days, '--rl-warmup-days', '0', '--tiers', '1000', '--formats', 'fixed-spread', '--workers', '1', '--seed', '3', '--out', out, ...args], { cwd: repo, env });
}

async function failure(args: string[]): Promise<{ code: number; stderr: string }> {
  return research(args).then(
    (ok) => ({ code: 0, stderr: ok.stderr }),
    (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
  );
}

describe('research CLI on damaged values and unbounded inputs (built)', () => {
  jest.setTimeout(180_000);
  const plain1e300 = '1' + '0'.repeat(300);

  const errors: Array<[string, () => string[], RegExp]> = [
    // Item 4: strict decimals.
    ['hex text in a price', () => ['--data', withCell('hex.csv', 2, '0x72ce')], /^error: \S+hex\.csv, row 2500, field "high": not a plain decimal number: "0x72ce"/],
    ['scientific notation in the shared format', () => ['--data', withCell('exp.csv', 5, '1e5')], /^error: \S+exp\.csv, row 2500, field "volume": not a plain decimal number: "1e5"/],
    ['Infinity as a close', () => ['--data', withCell('inf.csv', 4, 'Infinity')], /^error: \S+inf\.csv, row 2500, field "close": not a plain decimal number: "Infinity"/],
    ['an empty open', () => ['--data', withCell('empty.csv', 1, '')], /^error: \S+empty\.csv, row 2500, field "open": missing value/],
    // Item 4: a bar consistent in itself but far from the market.
    ['one bar at 1e300 (plain digits, OHLC consistent)', () => ['--data', withBarAt('1e300.csv', plain1e300)], /^error: \S+1e300\.csv, row 2500: spike: price jumps to 1e\+300 from [\d.]+, beyond 100 x the recent range/],
    ['one bar with a slipped digit (x10)', () => ['--data', withBarAt('x10.csv', '290000.00')], /^error: \S+x10\.csv, row 2500: spike: price jumps to 290000 from [\d.]+/],
    // Item 11: bounds.
    ['2 MB without a newline at the end of the file', () => { const path = write('no-newline.csv', [HEADER, ...rows]); appendFileSync(path, '9'.repeat(2 << 20)); return ['--data', path]; }, /^error: \S+no-newline\.csv, row 2882: line longer than 1048576 characters/],
    // Beyond every app's --days range: refused while parsing.
    ['synthetic --days 100000', () => ['--source', 'synthetic', '--days', '100000'], /^error: --days must be a number in \(0, 3650\], got "100000"/],
    // Within it, but beyond what the synthetic market generates in memory.
    ['synthetic --days 1000', () => ['--source', 'synthetic', '--days', '1000'], /^error: --days 1000: the synthetic market is generated in memory; allowed range is \(0, 366\] days/],
  ];

  it.concurrent.each(errors)('%s: one error line naming file, row and field (or the option), exit 2', async (_name, args, message) => {
    const { code, stderr } = await failure(args());
    expect({ code, stderr }).toMatchObject({ code: 2, stderr: expect.stringMatching(message) });
    expect(stderr.trim().split('\n')).toHaveLength(1); // no stack trace
  });

  it('under --quality drop the 1e300 bar is dropped and recorded (summary.json and console)', async () => {
    const { stdout } = await research(['--data', withBarAt('1e300-drop.csv', plain1e300), '--quality', 'drop']);
    const report = /report: (.+report\.html)/.exec(stdout)?.[1] ?? 'missing';
    const summary = JSON.parse(readFileSync(join(resolve(report.trim(), '..'), 'summary.json'), 'utf8'));
    expect(summary.data.events).toBe(1439);
    expect(summary.inputs.quality).toMatchObject({ policy: 'drop', rows: 1440, kept: 1439, dropped: 1, findings: { spike: 1 } });
    expect(stdout).toContain('data quality (drop): 1440 rows, 1439 kept, 1 dropped, 0 marked; spike 1');
  });
});
