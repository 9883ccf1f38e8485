// End-to-end (issue 17): the BUILT research CLI checks --data against --symbol. ETH data run with
// the default --symbol BTC/USDT used to run silently labelled BTC/USDT; now the file name or the
// capture's stream names refuse it with one `error:` line and exit 2, and data whose symbol cannot
// be told warns once and runs as --symbol.
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const repo = resolve(__dirname, '..', '..', '..');
const cli = join(repo, 'apps', 'research', 'dist', 'main.js');
const sharedData = process.env['MML_SHARED_DATA'] ?? resolve(repo, '..', 'shared', 'data');
const ethKlines = join(sharedData, 'binance_ethusdt_1m_2023-03-16_2023-05-01.csv.gz');
const btcKlines = join(sharedData, 'binance_btcusdt_1m_2023-03-16_2023-05-01.csv.gz');
const ethCapture = join(sharedData, 'ticks', 'binance_spot_ethusdt_2024-08-08.gz');
type Result = { status: number | null; stdout: string; stderr: string };

/** One small research run (1 day, one format, one tier, no warm-up, in-process). */
function research(args: string[], out: string): Promise<Result> {
  const small = ['--days', '1', '--formats', 'fixed-spread', '--tiers', '1000', '--rl-warmup-days', '0', '--workers', '1', '--out', out];
  return new Promise((done) => {
    execFile(process.execPath, [cli, ...args, ...small], { cwd: repo, env: { ...process.env, MML_CODE_VERSION: 'test', MML_EXCHANGE_URL: '' }, timeout: 60_000 }, (error, stdout, stderr) =>
      done({ status: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr }),
    );
  });
}

const summaryOf = (out: string) => {
  const runs = readdirSync(join(out, 'research')).filter((d) => d !== 'latest');
  return JSON.parse(readFileSync(join(out, 'research', runs[0], 'summary.json'), 'utf8'));
};

describe('research (built): --data must hold the --symbol it runs as', () => {
  jest.setTimeout(120_000);

  it('refuses ETH data run as BTC/USDT, by file name (klines, capture) and by stream name (renamed capture), before any computation', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'research-symbol-'));
    const renamed = join(dir, 'capture-a.gz');
    copyFileSync(ethCapture, renamed);
    const out = join(dir, 'out');
    const [klines, capture, byStream, asPerp] = await Promise.all([
      research(['--data', ethKlines], out),
      research(['--data', ethCapture, '--symbol', 'BTC/USDT'], out),
      research(['--data', renamed], out),
      research(['--data', ethKlines, '--symbol', 'BTC/USDT:USDT'], out),
    ]);
    const oneLine = (r: Result) => [r.status, r.stderr.trim().split('\n')];
    expect(oneLine(klines)).toEqual([2, [`error: ${ethKlines}: holds ETH/USDT data (from its file name "binance_ethusdt_1m_2023-03-16_2023-05-01.csv.gz") but --symbol is BTC/USDT; pass --symbol ETH/USDT`]]);
    expect(oneLine(capture)).toEqual([2, [`error: ${ethCapture}: holds ETH/USDT data (from its file name "binance_spot_ethusdt_2024-08-08.gz") but --symbol is BTC/USDT; pass --symbol ETH/USDT`]]);
    expect(oneLine(byStream)).toEqual([2, [`error: ${renamed}: holds ETH/USDT data (from its stream "ethusdt@bookTicker" (line 1)) but --symbol is BTC/USDT; pass --symbol ETH/USDT`]]);
    expect(oneLine(asPerp)).toEqual([2, [expect.stringMatching(/holds ETH\/USDT data .* but --symbol is BTC\/USDT:USDT; pass --symbol ETH\/USDT$/)]]);
    expect(readdirSync(out)).toEqual([]); // --out was only probed: no run directory was made
  });

  it('runs ETH data as --symbol ETH/USDT, with ETH/USDT in summary.json', async () => {
    const out = mkdtempSync(join(tmpdir(), 'research-symbol-'));
    const result = await research(['--data', ethKlines, '--symbol', 'ETH/USDT'], out);
    expect([result.status, result.stderr.includes('warning')]).toEqual([0, false]);
    const summary = summaryOf(out);
    expect([summary.data.symbol, summary.inputs.symbol, summary.inputs.instrument.base]).toEqual(['ETH/USDT', 'ETH/USDT', 'ETH']);
  });

  it('warns once when neither the name nor the contents tell the symbol, and runs the data as --symbol', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'research-symbol-'));
    const neutral = join(dir, 'klines.csv.gz');
    copyFileSync(btcKlines, neutral);
    const result = await research(['--data', neutral], join(dir, 'out'));
    expect(result.status).toBe(0);
    expect(result.stderr.split('\n').filter((l) => l.startsWith('warning'))).toEqual([`warning: cannot tell which symbol ${neutral} holds from its file name or contents; running it as BTC/USDT (--symbol)`]);
    expect(summaryOf(join(dir, 'out')).data.symbol).toBe('BTC/USDT');
  });
});
