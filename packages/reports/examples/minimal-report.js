'use strict';
// A complete, runnable example: judge two runs, write summary.json, results.csv and report.html
// into artifacts/<app>/<run-id>/ and print where the report is.
//   npm run build -w @mml/reports && node packages/reports/examples/minimal-report.js [artifactsRoot]
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { createRunDirectory, judgeRow, writeRunArtifacts, DEFAULT_GATES } = require('@mml/reports');

function metrics(overrides) {
  const base = { startTs: Date.UTC(2023, 2, 16), endTs: Date.UTC(2023, 2, 17), events: 1440, initialEquity: 10000, finalEquity: 10000, pnl: 0, totalReturn: 0, samplingIntervalMs: 60000, sharpe: 0, sortino: 0, calmar: 0, maxDrawdown: 0, maxDrawdownOfPeak: 0, quotes: 2880, fills: 40, makerFills: 40, takerFills: 0, fillRatio: 40 / 2880, volume: 0.4, notional: 10000, turnover: 1, fees: 10, avgAbsInventory: 0.01, maxAbsInventory: 0.05, timeAtInventoryLimit: 0, breakerTrips: 0, liquidations: 0 };
  const m = { ...base, ...overrides };
  return { ...m, finalEquity: m.initialEquity + m.pnl, totalReturn: m.pnl / m.initialEquity };
}

/** One day of one-minute samples of a quoting run, deterministic (no randomness). */
function series(label, drift) {
  const samples = [];
  const fills = [];
  for (let i = 0; i < 1440; i++) {
    const ts = Date.UTC(2023, 2, 16) + i * 60000;
    const mid = 25000 + 200 * Math.sin(i / 90);
    samples.push({ ts, equity: 10000 + drift * i + 30 * Math.sin(i / 200), inventory: 0.03 * Math.sin(i / 45), mid, bid: mid - 6, ask: mid + 6 });
    if (i % 36 === 0) fills.push({ ts, side: i % 72 === 0 ? 'buy' : 'sell', price: i % 72 === 0 ? mid - 6 : mid + 6, size: 0.01 });
  }
  return { label, initialEquity: 10000, samples, fills };
}

async function main(artifactsRoot = join(tmpdir(), 'mml-reports-example')) {
  const rows = [
    judgeRow({ format: 'as-basic', budget: 10000, tier: '10k', metrics: metrics({ pnl: 42, sharpe: 1.1, maxDrawdown: 0.004 }) }),
    judgeRow({ format: 'glft', budget: 10000, tier: '10k', metrics: metrics({ pnl: -18, sharpe: -0.6, maxDrawdown: 0.009 }) }),
  ];
  const summary = {
    app: 'example',
    title: 'Example report',
    codeVersion: 'unknown',
    inputs: { note: 'hand-made metrics' },
    data: { source: 'synthetic', startTs: Date.UTC(2023, 2, 16), endTs: Date.UTC(2023, 2, 17), events: 1440 },
    formats: { 'as-basic': {}, glft: {} },
    seeds: {},
    gates: DEFAULT_GATES,
    rows,
  };
  const { dir } = createRunDirectory(artifactsRoot, 'example');
  const paths = await writeRunArtifacts(dir, { summary, series: [series('as-basic @ 10k', 0.03), series('glft @ 10k', -0.012)] });
  for (const row of rows) console.log(`${row.format}: ${row.gates.pass ? 'PASS' : 'FAIL'} (${row.reasons.join('; ')})`);
  console.log(`report: ${paths.reportHtml}`);
  return paths;
}

module.exports = { main };

if (require.main === module) {
  main(process.argv[2]).catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
