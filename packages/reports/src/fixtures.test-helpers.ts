import type { RunMetrics } from '@mml/core';
import { evaluateGates } from './gates';
import type { ResultRow, RunSummary } from './run-summary';
import type { ReportSeries } from './report-model';

/** Plausible metrics for tests; override what the test is about. */
export function metricsFixture(overrides: Partial<RunMetrics> = {}): RunMetrics {
  return {
    startTs: Date.UTC(2023, 2, 16),
    endTs: Date.UTC(2023, 3, 15),
    events: 43200,
    initialEquity: 10000,
    finalEquity: 10150,
    pnl: 150,
    totalReturn: 0.015,
    samplingIntervalMs: 3600000,
    sharpe: 1.2,
    sortino: 1.8,
    calmar: 0.9,
    maxDrawdown: 0.05,
    maxDrawdownOfPeak: 0.049,
    quotes: 80000,
    fills: 1200,
    makerFills: 1150,
    takerFills: 50,
    buyFills: 610,
    sellFills: 590,
    bidUptime: 0.9,
    askUptime: 0.85,
    rejectedLevels: { edge: 12, inventory: 3, balance: 4, postOnly: 1, minNotional: 0, lot: 0 },
    fillRatio: 0.015,
    volume: 12.5,
    notional: 350000,
    turnover: 35,
    fees: 35,
    avgAbsInventory: 0.02,
    maxAbsInventory: 0.1,
    timeAtInventoryLimit: 0.01,
    breakerTrips: 0,
    liquidations: 0,
    ...overrides,
  };
}

export function rowFixture(format: string, budget: number, overrides: Partial<RunMetrics> = {}, extra: Partial<ResultRow> = {}): ResultRow {
  const metrics = metricsFixture({ initialEquity: budget, ...overrides });
  const verdict = evaluateGates(metrics);
  return {
    format,
    budget,
    metrics,
    gates: { pnl: verdict.pnl, sharpe: verdict.sharpe, drawdown: verdict.drawdown, pass: verdict.pass },
    reasons: verdict.reasons,
    ...extra,
  };
}

export function summaryFixture(): RunSummary {
  const rows = [
    rowFixture('as-basic', 1000, { pnl: 12, sharpe: 0.8 }, { tier: '1k' }),
    rowFixture('as-basic', 10000, { pnl: -40, sharpe: -0.3 }, { tier: '10k' }),
    rowFixture('glft, "quoted"', 1000, { pnl: 3, sharpe: 0.1, maxDrawdown: 0.45 }, { tier: '1k', params: { gamma: 0.1, kappa: 1.5 } }),
    rowFixture('glft, "quoted"', 10000, { pnl: 30, sharpe: 0.4 }, { tier: '10k' }),
  ];
  return {
    app: 'research',
    title: 'Research budgets on BTC/USDT 1m',
    codeVersion: 'abc1234',
    inputs: { exchange: 'binance', symbol: 'BTC/USDT', days: 30 },
    data: { source: 'fixture.csv.gz', symbol: 'BTC/USDT', timeframe: '1m', startTs: Date.UTC(2023, 2, 16), endTs: Date.UTC(2023, 3, 15), events: 43200, checksum: 'sha256:00ff' },
    formats: { 'as-basic': { gamma: 0.1 }, 'glft, "quoted"': { gamma: 0.2 } },
    seeds: { synthetic: 7 },
    gates: { minPnl: 0, minSharpe: 0, maxDrawdown: 0.4 },
    rows,
  };
}

/** A deterministic, wiggly equity/inventory/quote series of `n` one-minute samples. */
export function seriesFixture(label: string, n: number, phase = 0): ReportSeries {
  const t0 = Date.UTC(2023, 2, 16);
  const samples = [];
  const fills = [];
  for (let i = 0; i < n; i++) {
    const mid = 25000 + 300 * Math.sin((i + phase) / 150) + 40 * Math.sin(i / 7);
    const equity = 10000 + i * 0.05 + 120 * Math.sin((i + phase) / 400) - (i > n / 2 && i < (3 * n) / 4 ? 200 : 0);
    samples.push({ ts: t0 + i * 60000, equity, inventory: 0.05 * Math.sin(i / 60), mid, bid: mid - 5, ask: mid + 5 });
    if (i % 37 === 0) fills.push({ ts: t0 + i * 60000, side: (i % 74 === 0 ? 'buy' : 'sell') as 'buy' | 'sell', price: i % 74 === 0 ? mid - 5 : mid + 5, size: 0.001 });
  }
  return { label, initialEquity: 10000, samples, fills };
}
