// End-to-end: runs the BUILT research CLI (apps/research/dist/main.js) as a child process.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const run = promisify(execFile);
const repo = resolve(__dirname, '..', '..', '..');
const cli = join(repo, 'apps', 'research', 'dist', 'main.js');
const sharedData = process.env['MML_SHARED_DATA'] ?? resolve(repo, '..', 'shared', 'data');
const btcFile = join(sharedData, 'binance_btcusdt_1m_2023-03-16_2023-05-01.csv.gz');
const env = { ...process.env, MML_CODE_VERSION: 'test', PAPER_ONLY: '1' };
const CHROMIUM = process.env['MML_CHROMIUM'] ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && !process.env['CI']) console.warn(`research report screenshot check SKIPPED: no Chromium at ${CHROMIUM}`);

async function research(args: string[]) {
  return run(process.execPath, [cli, ...args], { cwd: repo, env, maxBuffer: 16 * 1024 * 1024 });
}

function withoutExecution(summaryPath: string): string {
  const summary = JSON.parse(readFileSync(summaryPath, 'utf8'));
  delete summary.execution;
  return JSON.stringify(summary);
}

function reportPathOf(stdout: string): string {
  const match = /report: (.+report\.html)/.exec(stdout);
  if (!match) throw new Error(`no report path in output:\n${stdout}`);
  return match[1].trim();
}

describe('research CLI (built)', () => {
  jest.setTimeout(120_000);

  it('runs tiers x formats on a slice of the shared BTC data, identically with 1 and 2 workers', async () => {
    const out = mkdtempSync(join(tmpdir(), 'research-e2e-'));
    const args = ['--data', btcFile, '--days', '2', '--tiers', '1000,100000', '--seed', '7', '--out', out];
    const one = await research([...args, '--workers', '1']);
    const two = await research([...args, '--workers', '2']);
    const dirOne = resolve(reportPathOf(one.stdout), '..');
    const dirTwo = resolve(reportPathOf(two.stdout), '..');
    expect(dirOne).not.toBe(dirTwo);
    expect(withoutExecution(join(dirOne, 'summary.json'))).toBe(withoutExecution(join(dirTwo, 'summary.json')));
    expect(readFileSync(join(dirOne, 'results.csv'), 'utf8')).toBe(readFileSync(join(dirTwo, 'results.csv'), 'utf8'));
    // The report's charts render on both executors with 2 workers: the page is the same but for its execution footer.
    const page = (dir: string) => readFileSync(join(dir, 'report.html'), 'utf8').replace(/<footer>Execution: .*<\/footer>/, '');
    expect(page(dirOne)).toBe(page(dirTwo));

    const summary = JSON.parse(readFileSync(join(dirTwo, 'summary.json'), 'utf8'));
    expect(summary.execution.workers).toBe(2);
    expect(summary.execution.wallTimeMs).toBeGreaterThan(0);
    const formats = Object.keys(summary.formats);
    expect(formats.length).toBeGreaterThanOrEqual(1);
    // One row per tier x format, each with gates as booleans consistent with the metrics.
    expect(summary.rows).toHaveLength(2 * formats.length);
    for (const row of summary.rows) {
      expect([1000, 100000]).toContain(row.budget);
      expect(row.gates.pnl).toBe(row.metrics.pnl > 0);
      expect(row.gates.sharpe).toBe(row.metrics.sharpe > 0 && row.metrics.fills >= 30);
      expect(row.gates.drawdown).toBe(row.metrics.maxDrawdown <= 0.4);
      expect(row.gates.pass).toBe(row.gates.pnl && row.gates.sharpe && row.gates.drawdown);
      expect(row.metrics.events).toBe(2 * 1440);
    }
    expect(summary.data.events).toBe(2 * 1440);
    expect(summary.data.checksum).toMatch(/^sha256:[0-9a-f]{64}$/);
    // latest points at the newest complete run.
    expect(realpathSync(join(out, 'research', 'latest'))).toBe(realpathSync(dirTwo));
    const csvLines = readFileSync(join(dirTwo, 'results.csv'), 'utf8').trim().split('\n');
    expect(csvLines).toHaveLength(1 + summary.rows.length);
    const html = readFileSync(join(dirTwo, 'report.html'), 'utf8');
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/<script[^>]+src=/);
    if (haveChromium || process.env['CI']) await expectChartsRender(join(dirTwo, 'report.html'));
  });

  it('runs on the built-in synthetic market by default (no network) and prints the report path', async () => {
    const out = mkdtempSync(join(tmpdir(), 'research-e2e-'));
    const { stdout } = await research(['--days', '1', '--tiers', '10000', '--workers', '2', '--out', out]);
    const report = reportPathOf(stdout);
    expect(existsSync(report)).toBe(true);
    const summary = JSON.parse(readFileSync(join(report, '..', 'summary.json'), 'utf8'));
    expect(summary.inputs.source).toBe('synthetic');
    expect(summary.inputs.syntheticMarket).toBe('known-edge');
    expect(summary.data.source).toMatch(/^synthetic:known-edge seed /);
    expect(summary.data.events).toBe(1440);
  });

  it('fetches candles and the instrument from an exchange (--source exchange, mock exchange via --exchange-url)', async () => {
    const { startMockExchange } = require(join(repo, 'tools', 'mock-exchange', 'start.js'));
    const mock = await startMockExchange({ data: btcFile, faults: ['500:1', '503:1,path=/api/v3/klines'] });
    try {
      const out = mkdtempSync(join(tmpdir(), 'research-e2e-'));
      const { stdout } = await research(['--source', 'exchange', '--exchange-url', mock.url, '--days', '1', '--tiers', '10000', '--formats', 'fixed-spread', '--out', out]);
      const summary = JSON.parse(readFileSync(join(reportPathOf(stdout), '..', 'summary.json'), 'utf8'));
      expect(summary.data.source).toBe('binance:BTC/USDT 1m');
      expect(summary.data.events).toBe(1440);
      // The mock's clock sits just after the last bar of the file: the last day of it, all bars closed.
      expect(summary.data.endTs - summary.data.startTs).toBe(86_400_000);
      expect(summary.data.endTs).toBeGreaterThan(Date.UTC(2023, 4, 1));
      expect(summary.inputs.instrument).toMatchObject({ symbol: 'BTC/USDT', tickSize: '0.01' });
      expect((await mock.stats()).faultsInjected).toMatchObject({ '500': 1, '503': 1 }); // exchangeInfo, then klines
    } finally {
      await mock.stop();
    }
  });

  it('fails with a clear message naming the file when the data file is missing', async () => {
    const out = mkdtempSync(join(tmpdir(), 'research-e2e-'));
    await expect(research(['--data', '/nonexistent/klines.csv.gz', '--days', '1', '--out', out])).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('/nonexistent/klines.csv.gz'),
    });
  });

  it('rejects unknown formats, bad tiers and bad fee lists naming the option', async () => {
    await expect(research(['--formats', 'nope', '--days', '1'])).rejects.toMatchObject({ stderr: expect.stringContaining('unknown format "nope"') });
    await expect(research(['--tiers', '10,-5', '--days', '1'])).rejects.toMatchObject({ stderr: expect.stringContaining('--tiers') });
    await expect(research(['--maker-fee-bps=-0.5,x', '--days', '1'])).rejects.toMatchObject({ stderr: expect.stringContaining('error: --maker-fee-bps must be a comma-separated list of fees in bps within (-1000, 1000), got "-0.5,x"') });
  });

  it('runs every maker fee tier and closes with break-even fees, markouts and the paying tiers', async () => {
    const out = mkdtempSync(join(tmpdir(), 'research-e2e-'));
    const { stdout } = await research(['--data', btcFile, '--days', '1', '--tiers', '10000', '--formats', 'fixed-spread,as-baseline', '--maker-fee-bps=-0.5,10', '--workers', '1', '--out', out]);
    const dir = resolve(reportPathOf(stdout), '..');
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
    expect(summary.rows.map((r: { format: string; makerFeeBps: number }) => `${r.makerFeeBps} ${r.format}`)).toEqual(['-0.5 fixed-spread', '-0.5 as-baseline', '10 fixed-spread', '10 as-baseline']);
    for (const row of summary.rows) {
      const a = row.attribution;
      expect(a.spreadCapture + a.inventoryPnl - a.fees - a.liquidationCost).toBeCloseTo(row.metrics.pnl, 6);
      expect(Object.keys(a.markoutsBps).sort()).toEqual(['0bar', '15bar', '1bar', '5bar']);
      expect(row.takerFeeBps).toBe(10);
      if (row.metrics.makerFills > 0) expect(typeof row.breakEvenMakerFeeBps).toBe('number');
    }
    expect(summary.inputs.feeTiers).toEqual([{ makerFeeBps: -0.5, takerFeeBps: 10 }, { makerFeeBps: 10, takerFeeBps: 10 }]);
    expect(stdout).toMatch(/fee tiers at 10k: break-even maker fee/);
    expect(stdout).toMatch(/ {2}fixed-spread +break-even .* @-0\.5, .* @10; markouts 0bar /);
    expect(stdout).toMatch(/(no format pays at any listed maker fee tier \(-0\.5, 10 bps\) at 10k|paying tiers at 10k: )/);
    const csv = readFileSync(join(dir, 'results.csv'), 'utf8').split('\n')[0];
    expect(csv).toContain('makerFeeBps');
    expect(csv).toContain('attr_spreadCapture');
    expect(csv).toContain('markout_15bar_bps');
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    for (const id of ['waterfall', 'markouts', 'breakEven', 'fills-fixed-spread']) expect(html).toContain(`data-chart="${id}"`);
  });
});

/** Opens the report in headless Chromium: every chart has data marks and a real size; screenshot kept. */
async function expectChartsRender(reportPath: string): Promise<void> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const external: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) external.push(r.url());
    });
    await page.goto(pathToFileURL(reportPath).href, { waitUntil: 'load' });
    const charts = await page.$$eval('figure.chart', (figures) =>
      figures.map((figure) => {
        const svg = figure.querySelector('svg');
        const box = svg ? svg.getBoundingClientRect() : { width: 0, height: 0 };
        return {
          id: figure.getAttribute('data-chart'),
          marks: svg ? svg.querySelectorAll('.mark-line path, .mark-symbol path, .mark-rect path').length : 0,
          width: box.width,
          height: box.height,
        };
      }),
    );
    expect(charts.map((c) => c.id)).toEqual(expect.arrayContaining(['equity', 'drawdown', 'inventory', 'quotes', 'comparison']));
    for (const chart of charts) {
      expect({ id: chart.id, marks: chart.marks > 0, wide: chart.width > 400, tall: chart.height > 150 }).toEqual({ id: chart.id, marks: true, wide: true, tall: true });
    }
    const png = await page.screenshot({ fullPage: true, type: 'png' });
    writeFileSync(join(reportPath, '..', 'report.png'), png);
    expect(png.length).toBeGreaterThan(50_000);
    expect(external).toEqual([]);
  } finally {
    await browser.close();
  }
}
