import { existsSync, mkdtempSync, readFileSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { BINANCE_BTCUSDT_SPOT, createInstrument, emptyQuoteIntent, type CandleEvent, type Strategy } from '@mml/core';
import { runBacktest } from '@mml/backtest-engine';
import { resultsCsv } from '@mml/reports';
import { reportRun } from '../src/report-run';

/** A day of 1m candles on a slow sine: deterministic, with both sides trading through a 5 bps quote. */
function candles(): CandleEvent[] {
  const out: CandleEvent[] = [];
  for (let i = 0; i < 1440; i++) {
    const mid = 30_000 * (1 + 0.004 * Math.sin(i / 40));
    out.push({ kind: 'candle', ts: (i + 1) * 60_000, openTime: i * 60_000, durationMs: 60_000, open: mid, high: mid * 1.001, low: mid * 0.999, close: mid, volume: 50 });
  }
  return out;
}

function quoter(): Strategy {
  const instrument = createInstrument(BINANCE_BTCUSDT_SPOT);
  const intent = emptyQuoteIntent();
  const bid = { priceTicks: 0, sizeLots: instrument.floorLots(0.002) };
  const ask = { priceTicks: 0, sizeLots: bid.sizeLots };
  intent.bids.push(bid);
  intent.asks.push(ask);
  return {
    name: 'sine-quoter',
    onEvent: (_event, ctx) => {
      bid.priceTicks = instrument.floorTicks(ctx.mid * 0.9995);
      ask.priceTicks = instrument.ceilTicks(ctx.mid * 1.0005);
      return intent;
    },
  };
}

const backtest = () => runBacktest({ events: candles(), strategy: quoter(), instrument: createInstrument(BINANCE_BTCUSDT_SPOT), config: { quoteBudget: 10_000, startBaseFraction: 0.5 } });

describe('reportRun: the artifacts of a backtest made in code', () => {
  it('writes summary.json, results.csv and report.html with the run, its gates and its attribution', async () => {
    const root = mkdtempSync(join(tmpdir(), 'mml-report-run-'));
    const result = backtest();
    expect(result.metrics.fills).toBeGreaterThan(10);
    const run = await reportRun(result, { artifactsRoot: root, params: { halfSpreadBps: 5 }, inputs: { note: 'test' }, now: new Date(Date.UTC(2026, 0, 2)), codeVersion: 'test' });
    expect(run.dir).toBe(join(root, 'notebook', run.runId));
    expect(run.runId).toMatch(/^20260102T000000Z-/);
    const summary = JSON.parse(readFileSync(run.summaryPath, 'utf8'));
    expect(summary.app).toBe('notebook');
    expect(summary.rows).toHaveLength(1);
    const row = summary.rows[0];
    expect(row).toMatchObject({ format: 'sine-quoter', budget: 10_000, tier: '10k', params: { halfSpreadBps: 5 }, makerFeeBps: 10, takerFeeBps: 10 });
    expect(row.metrics).toEqual(JSON.parse(JSON.stringify(result.metrics)));
    // Attribution is exact to the ledger: its parts add up to the PnL.
    const a = row.attribution;
    expect(a.spreadCapture + a.inventoryPnl - a.fees - a.liquidationCost).toBeCloseTo(result.metrics.pnl, 6);
    expect(row.gates.pass).toBe(result.metrics.pnl > 0 && row.gates.sharpe && row.gates.drawdown);
    expect(row.reasons.length).toBeGreaterThanOrEqual(3);
    expect(summary.data).toMatchObject({ source: 'in code', symbol: 'BTC/USDT', startTs: result.metrics.startTs, endTs: result.metrics.endTs, events: 1440 });
    expect(summary.inputs).toMatchObject({ note: 'test', engineConfig: { quoteBudget: 10_000 } });
    expect(summary.formats).toEqual({ 'sine-quoter': { halfSpreadBps: 5 } });
    expect(summary.codeVersion).toBe('test');
    // results.csv is the reports package's own rendering of the same row.
    expect(readFileSync(run.resultsCsvPath, 'utf8')).toBe(resultsCsv(run.summary.rows));
    const html = readFileSync(run.reportPath, 'utf8');
    expect(html).toContain('Where the PnL came from');
    expect(html).toMatch(/<figure class="chart" id="chart-equity"[^>]*><svg/);
    expect(basename(readlinkSync(join(root, 'notebook', 'latest')))).toBe(run.runId);
  });

  it('is deterministic: the same backtest writes the same summary.json (but for the run id) and results.csv', async () => {
    const root = mkdtempSync(join(tmpdir(), 'mml-report-run-'));
    const options = { artifactsRoot: root, now: new Date(Date.UTC(2026, 0, 2)), codeVersion: 'test', data: 'sine' };
    const first = await reportRun(backtest(), options);
    const second = await reportRun(backtest(), options);
    expect(second.dir).not.toBe(first.dir);
    const withoutRunId = (path: string) => readFileSync(path, 'utf8').replace(/"runId": "[^"]+"/, '');
    expect(withoutRunId(second.summaryPath)).toBe(withoutRunId(first.summaryPath));
    expect(readFileSync(second.resultsCsvPath, 'utf8')).toBe(readFileSync(first.resultsCsvPath, 'utf8'));
  });

  it('refuses bad gate thresholds naming the key', async () => {
    await expect(reportRun(backtest(), { artifactsRoot: mkdtempSync(join(tmpdir(), 'mml-report-run-')), gates: { maxDrawdown: 7 } })).rejects.toThrow(/gates\.maxDrawdown/);
  });
});

// The README's example, run as written (its printed values are pinned by its comments).
describe('README example: reportRun', () => {
  it('prints what the README says', async () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## A backtest made in code'));
    const code = /```js\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
    expect(code).toContain('reportRun(result');
    const printed: string[] = [];
    const fakeConsole = { log: (...args: unknown[]) => printed.push(args.map(String).join(' ')) };
    const run = new Function('require', 'console', code.replace(/^\(async \(\) => \{/m, 'return (async () => {')) as (r: NodeRequire, c: typeof fakeConsole) => Promise<void>;
    await run(require, fakeConsole);
    const expected = [...code.matchAll(/\/\/ (.+)$/gm)].map((m) => m[1]).filter((c) => /^(true|false|fixed-\S+) /.test(c) || c === 'true');
    expect(printed).toEqual(expected);
    expect(existsSync(join(tmpdir(), 'mml-report-run', 'notebook', 'latest', 'report.html'))).toBe(true);
  });
});
