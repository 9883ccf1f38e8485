// End-to-end (issue 10 items 1-2): damaged bar timing through the BUILT research CLI. Every damaged
// file either gives one `error: <file>, row N[, field F]: …` line and exit 2, or a correct result
// (the same bars, by checksum, as the undamaged file). Needs `npm run build`.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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
const tmp = mkdtempSync(join(tmpdir(), 'research-damaged-bars-'));

// The last 2 days of the real file: header + 2880 rows (row r of the file = lines[r - 1]).
const all = gunzipSync(readFileSync(btcFile)).toString('utf8').trim().split('\n');
const HEADER = all[0];
const rows = all.slice(-2880);
const cells = (row: string) => row.split(',');
const openTimes = rows.map((r) => Number(cells(r)[0]));
const LAST_CLOSE = openTimes[openTimes.length - 1] + 60_000;

function write(name: string, lines: string[]): string {
  const path = join(tmp, name);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

/** The shared layout with open times rewritten by `time` (e.g. to µs). */
const withTimes = (time: (ms: number) => string) => rows.map((r) => [time(Number(cells(r)[0])), ...cells(r).slice(1)].join(','));
/** The same bars as a Binance public dump (12 columns, no header, close time = open + 60 s - 1 ms), with name-confirmed 1m bars. */
const asBinance = () => rows.map((r) => { const [t, o, h, l, c, v] = cells(r); return [t, o, h, l, c, v, Number(t) + 59_999, '1000.5', '10', '0.5', '500.2', '0'].join(','); });

async function research(path: string, extra: string[] = []) {
  const out = mkdtempSync(join(tmp, 'out-'));
  return run(process.execPath, [cli, '--data', path, '--days', '1', '--rl-warmup-days', '0', '--tiers', '1000', '--formats', 'fixed-spread', '--workers', '1', '--seed', '3', '--out', out, ...extra], { cwd: repo, env });
}

async function summaryOf(path: string, extra: string[] = []) {
  const { stdout } = await research(path, extra);
  const report = /report: (.+report\.html)/.exec(stdout)?.[1];
  if (!report) throw new Error(`no report in:\n${stdout}`);
  return { stdout, summary: JSON.parse(readFileSync(join(resolve(report.trim(), '..'), 'summary.json'), 'utf8')) };
}

/** Runs the CLI and returns its failure: exit code and stderr. */
async function failure(path: string, extra: string[] = []): Promise<{ code: number; stderr: string }> {
  const result = await research(path, extra).then(
    (ok) => ({ code: 0, stderr: ok.stderr }),
    (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
  );
  return result;
}

describe('research CLI on damaged bar timing (built)', () => {
  jest.setTimeout(180_000);

  const overlapped = [...rows.slice(0, 2000), [String(openTimes[1999] + 30_000), ...cells(rows[1999]).slice(1)].join(','), ...rows.slice(2000)];
  const unsorted = [...rows];
  [unsorted[2000], unsorted[2001]] = [unsorted[2001], unsorted[2000]];
  const binanceBadClose = asBinance();
  binanceBadClose[2500] = binanceBadClose[2500].replace(/^(\d+),([^,]+,[^,]+,[^,]+,[^,]+,[^,]+),\d+,/, '$1,$2,$1,');
  const mixedUnits = withTimes(String);
  mixedUnits[2600] = [String(openTimes[2600] * 1000), ...cells(rows[2600]).slice(1)].join(',');

  const errors: Array<[string, () => string, RegExp]> = [
    // Item 1: the name may only confirm the bar length the data shows.
    ['1m bars named prices-5m.csv', () => write('prices-5m.csv', [HEADER, ...rows]), /^error: \S+prices-5m\.csv: the file name says 5m bars but the data's bars are 1m \(from timestamp spacing\)/],
    ['1m bars named backup-10s.csv', () => write('backup-10s.csv', [HEADER, ...rows]), /^error: \S+backup-10s\.csv: the file name says 10s bars but the data's bars are 1m/],
    ['1m bars named btc_export_2d_.csv', () => write('btc_export_2d_.csv', [HEADER, ...rows]), /^error: \S+btc_export_2d_\.csv: the file name says 2d bars but the data's bars are 1m/],
    ['a bar opening 30 s into the previous one', () => write('overlap.csv', [HEADER, ...overlapped]), /^error: \S+overlap\.csv, row 2002: overlap: bar at .* opens 30000 ms after the previous bar/],
    // Item 2: misread, out-of-order and implausible times.
    ['a far-future last row (year 2100)', () => write('future.csv', [HEADER, ...rows, `4102444800000,${cells(rows[2879]).slice(1).join(',')}`]), /^error: \S+future\.csv, row 2882, field "open_time_ms": implausible time 4102444800000/],
    ['a row in µs among ms rows', () => write('mixed.csv', [HEADER, ...mixedUnits]), /^error: \S+mixed\.csv, row 2602, field "open_time_ms": time \d+ reads as microseconds but the file's times are milliseconds/],
    ['two rows swapped', () => write('swapped.csv', [HEADER, ...unsorted]), /^error: \S+swapped\.csv, row 2003: unsorted: bar at .* is earlier than the previous bar/],
    ['a Binance row whose close time equals its open time', () => write('BTCUSDT-1m-dump.csv', binanceBadClose), /^error: \S+BTCUSDT-1m-dump\.csv, row 2501, field "close_time": close time \d+ is not after open time \d+/],
    ['1970 times (year 1970 in ms)', () => write('epoch.csv', [HEADER, ...withTimes((ms) => String(ms - 1_600_000_000_000))]), /^error: \S+epoch\.csv: no valid bars; the first problem: \S+epoch\.csv, row 2, field "open_time_ms": implausible time \d+: not between 2009-01-03 and now \+ 1 day/],
  ];

  it.concurrent.each(errors)('%s: one error line naming the file (and row, field), exit 2', async (_name, make, message) => {
    const { code, stderr } = await failure(make());
    expect({ code, stderr }).toMatchObject({ code: 2, stderr: expect.stringMatching(message) });
    expect(stderr.trim().split('\n')).toHaveLength(1); // no stack trace
  });

  it('timestamps in seconds or µs under the `open_time_ms` header give the same bars and result as ms', async () => {
    const base = await summaryOf(write('base.csv', [HEADER, ...rows]));
    expect(base.summary.data).toMatchObject({ events: 1440, endTs: LAST_CLOSE });
    expect(base.summary.inputs.quality).toMatchObject({ barMs: 60_000, timeUnit: 'milliseconds', dropped: 0 });
    // (nanoseconds and the Binance dump are covered by market-data's unit tests; each CLI run costs seconds)
    const variants = [
      ['seconds', write('seconds.csv', [HEADER, ...withTimes((ms) => String(ms / 1000))])],
      ['microseconds', write('micros.csv', [HEADER, ...withTimes((ms) => `${ms}000`)])],
    ];
    for (const [unit, path] of variants) {
      const { summary } = await summaryOf(path);
      expect(summary.data).toMatchObject({ events: 1440, startTs: base.summary.data.startTs, endTs: LAST_CLOSE });
      expect(summary.rows[0].metrics.pnl).toBe(base.summary.rows[0].metrics.pnl);
      expect(summary.inputs.quality).toMatchObject({ barMs: 60_000, timeUnit: unit });
    }
  });

  it('under --quality drop a far-future last row is dropped and the window ends at the latest valid bar', async () => {
    const { stdout, summary } = await summaryOf(write('future-drop.csv', [HEADER, ...rows, `4102444800000,${cells(rows[2879]).slice(1).join(',')}`]), ['--quality', 'drop']);
    expect(summary.data).toMatchObject({ events: 1440, endTs: LAST_CLOSE });
    expect(summary.inputs.quality).toMatchObject({ policy: 'drop', dropped: 1, findings: { 'implausible-time': 1 } });
    expect(stdout).toContain('data quality (drop): 1441 rows, 1440 kept, 1 dropped, 0 marked; implausible-time 1');
  });
});
