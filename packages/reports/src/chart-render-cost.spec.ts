import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

// Apps that draw no chart (or draw them on another thread) must not pay for loading Vega.
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
});
