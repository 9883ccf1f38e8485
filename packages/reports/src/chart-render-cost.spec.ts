import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as vega from 'vega';
import * as vegaLite from 'vega-lite';
import { renderChartSvg, vegaLiteSpecs } from './charts';
import { withOptimizerPaused } from './optimizer-pause';
import { seriesFixture, summaryFixture } from './fixtures.test-helpers';

// What makes report charts cheaper must not change them, nor cost apps that draw none.
describe('chart rendering cost', () => {
  it('loads Vega on the first chart, not when the library is imported', () => {
    const dist = join(__dirname, '..', 'dist', 'index.js');
    if (!existsSync(dist)) throw new Error(`${dist} is missing: build @mml/reports first (nx test does)`);
    const script = `
      const reports = require(${JSON.stringify(dist)});
      const loaded = () => Object.keys(require.cache).some((f) => /node_modules[\\\\/]vega(-lite)?[\\\\/]/.test(f));
      const atImport = loaded();
      reports.renderChartSvg({ mark: 'point', data: { values: [{ x: 1 }] }, encoding: { x: { field: 'x', type: 'quantitative' } } })
        .then((svg) => console.log(JSON.stringify({ atImport, afterChart: loaded(), svg: svg.startsWith('<svg') })));`;
    expect(JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }))).toEqual({ atImport: false, afterChart: true, svg: true });
  });

  it('draws the same SVG with the optimizing compiler paused as Vega does with it running', async () => {
    const specs = vegaLiteSpecs({ summary: summaryFixture(), series: [seriesFixture('as-basic @ 10k', 3000), seriesFixture('glft @ 10k', 3000, 500)] });
    for (const [id, spec] of Object.entries(specs)) {
      const view = new vega.View(vega.parse(vegaLite.compile(spec as unknown as vegaLite.TopLevelSpec).spec), { renderer: 'none' });
      const reference = await view.toSVG();
      view.finalize();
      expect({ id, same: (await withOptimizerPaused(() => renderChartSvg(spec))) === reference }).toEqual({ id, same: true });
    }
  });
});
