import { BINANCE_BTCUSDT_SPOT } from '@mml/core';
import { DEFAULT_GATES, vegaLiteSpecs, type ResultRow, type VegaLiteSpec } from '@mml/reports';
import { ChartPrefetch } from '../src/chart-prefetch';
import { syntheticCandles } from '../src/market-candles';
import { runResearchMatrix } from '../src/research';
import { reportSeries } from '../src/run-report';

describe('ChartPrefetch', () => {
  it('sends, as the runs complete, exactly the report charts that are final by then: every chart drawn from the charted runs, none that the rows change', async () => {
    const prefetched: Array<{ spec: VegaLiteSpec; runsDone: number }> = [];
    let runsDone = 0;
    const thread = { threaded: true, prefetch: (spec: VegaLiteSpec) => prefetched.push({ spec, runsDone }) };
    const formats = ['fixed-spread', 'as-baseline', 'glft'];
    const prefetch = new ChartPrefetch(thread, formats.length);
    const label = (row: ResultRow) => `${row.format} @ ${row.tier}`;
    const matrix = await runResearchMatrix({
      candles: syntheticCandles(0.5, 11),
      instrument: { ...BINANCE_BTCUSDT_SPOT },
      tiers: [1000, 10_000, 100_000],
      formats,
      seed: 5,
      workers: 1,
      onRun: (index, row, run) => {
        runsDone++;
        prefetch.add(index, { ...run, label: label(row) });
      },
    });
    // The report's own specs: the rows and every charted run's series (as research's report builds them).
    const series = reportSeries(matrix.runs.map((run, i) => ({ ...run, label: label(matrix.rows[i]) })));
    const summary = { app: 'research', codeVersion: 'x', inputs: {}, data: { source: 'x', startTs: 0, endTs: 0 }, formats: {}, seeds: {}, gates: { ...DEFAULT_GATES }, rows: matrix.rows };
    const final = vegaLiteSpecs({ summary, series });
    const finalJson = new Map(Object.entries(final).map(([id, spec]) => [JSON.stringify(spec), id]));
    const sent = prefetched.map((p) => finalJson.get(JSON.stringify(p.spec)));
    // Nothing wasted: each chart sent is one of the report's (a chart sent twice is drawn once: ChartThread).
    expect(sent.every((id) => id !== undefined)).toBe(true);
    // All but the charts of the rows (comparison and attribution) are sent.
    const rowCharts = ['comparison', 'waterfall', 'markouts', 'breakEven'];
    expect(new Set(sent)).toEqual(new Set(Object.keys(final).filter((id) => !rowCharts.includes(id))));
    expect(sent).toEqual(expect.arrayContaining(formats.map((f) => `fills-${f}`)));
    // A format's fills chart as soon as its charted run is done: before the matrix ends (9 runs).
    expect(prefetched.filter((p) => p.runsDone < 9).length).toBeGreaterThanOrEqual(formats.length - 1);
  });

  it('sends nothing when charts render in-process', () => {
    const thread = { threaded: false, prefetch: jest.fn() };
    const prefetch = new ChartPrefetch(thread, 1);
    prefetch.add(0, { format: 'x', metrics: { initialEquity: 1 } as never, equityCurve: [{ ts: 1, equity: 1, cash: 0, inventory: 0, mid: 1, bid: null, ask: null }], fills: [] });
    expect(thread.prefetch).not.toHaveBeenCalled();
  });
});
