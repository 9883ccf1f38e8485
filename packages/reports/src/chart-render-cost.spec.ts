import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

// Vega costs ~0.2 s of CPU to load and ~50 ms per chart: a report's own charts must not need it,
// and an app that draws no chart must not load it either.
describe('chart rendering cost', () => {
  it('never loads Vega for the report charts, and loads it on the first spec outside their subset', () => {
    const dist = join(__dirname, '..', 'dist', 'index.js');
    if (!existsSync(dist)) throw new Error(`${dist} is missing: build @mml/reports first (nx test does)`);
    const script = `
      const reports = require(${JSON.stringify(dist)});
      const loaded = () => Object.keys(require.cache).some((f) => /node_modules[\\\\/]vega(-lite)?[\\\\/]/.test(f));
      const atImport = loaded();
      const t0 = Date.UTC(2023, 3, 1);
      const samples = Array.from({ length: 500 }, (_, i) => ({ ts: t0 + i * 60000, equity: 1e4 + Math.sin(i / 9), inventory: 0.01 * Math.cos(i / 7), mid: 3e4 + i, bid: 3e4 + i - 1, ask: 3e4 + i + 1 }));
      const fills = [{ ts: t0 + 60000, side: 'buy', price: 29999, size: 0.001 }];
      const specs = reports.vegaLiteSpecs({ summary: { rows: [] }, series: [{ label: 'a @ 10k', format: 'a', initialEquity: 1e4, samples, fills }] });
      (async () => {
        let svgs = 0;
        for (const spec of Object.values(specs)) svgs += (await reports.renderChartSvg(spec)).startsWith('<svg') ? 1 : 0;
        const afterReportCharts = loaded();
        const other = await reports.renderChartSvg({ mark: 'point', data: { values: [{ x: 1 }] }, encoding: { x: { field: 'x', type: 'quantitative' } } });
        console.log(JSON.stringify({ atImport, charts: Object.keys(specs), svgs, afterReportCharts, afterOther: loaded(), other: other.startsWith('<svg') }));
      })();`;
    expect(JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }))).toEqual({
      atImport: false,
      charts: ['equity', 'drawdown', 'inventory', 'quotes', 'fills', 'fills-a'],
      svgs: 6,
      afterReportCharts: false,
      afterOther: true,
      other: true,
    });
  });
});
