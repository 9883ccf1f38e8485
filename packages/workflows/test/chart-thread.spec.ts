import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { renderChartSvg } from '@mml/reports';
import { ChartThread, CHART_WORKER_FILE } from '../src/chart-thread';

const countingWorker = join(__dirname, 'fixtures', 'count-chart-worker.js');
const builtChartWorker = join(__dirname, '..', 'dist', 'chart-worker.js');

describe('ChartThread', () => {
  it('draws each distinct spec once: a prefetched chart is what the report gets for the same spec', async () => {
    const charts = new ChartThread(true, countingWorker);
    expect(charts.threaded).toBe(true);
    charts.prefetch({ title: 'a', mark: 'line' });
    charts.prefetch({ title: 'a', mark: 'line' });
    charts.prefetch({ title: 'b' });
    // Same JSON: the prefetched render; another spec (even one differing only in a value): drawn now.
    await expect(charts.render({ title: 'a', mark: 'line' })).resolves.toBe('a#1');
    await expect(charts.render({ title: 'b' })).resolves.toBe('b#2');
    await expect(charts.render({ title: 'a', mark: 'point' })).resolves.toBe('a#3');
    await expect(charts.render({ title: 'b' })).resolves.toBe('b#2');
    await charts.close();
  });

  it('a chart that fails to draw fails the report that asks for it, and nothing when only prefetched', async () => {
    const charts = new ChartThread(true, countingWorker);
    charts.prefetch({ title: 'broken' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await expect(charts.render({ title: 'broken' })).rejects.toThrow(new RangeError('cannot draw this chart'));
    await charts.close();
  });

  it('renders in-process when threads are off (or not built): prefetch does nothing, render draws', async () => {
    const charts = new ChartThread(false, countingWorker);
    expect(charts.threaded).toBe(false);
    const spec = { mark: 'point', data: { values: [{ x: 1 }, { x: 2 }] }, encoding: { x: { field: 'x', type: 'quantitative' } } };
    charts.prefetch(spec);
    await expect(charts.render(spec)).resolves.toBe(await renderChartSvg(spec));
    await charts.close();
  });

  (existsSync(builtChartWorker) ? it : it.skip)('the built chart thread (after its warm-up chart) draws the same SVG as renderChartSvg in-process', async () => {
    const charts = new ChartThread(true, builtChartWorker);
    expect(CHART_WORKER_FILE.endsWith('chart-worker.js')).toBe(true);
    const spec = {
      mark: 'line',
      data: { values: [0, 1, 2, 3].map((i) => ({ time: 1_680_000_000_000 + i * 60_000, value: i * i })) },
      encoding: { x: { field: 'time', type: 'temporal', scale: { type: 'utc' } }, y: { field: 'value', type: 'quantitative' } },
    };
    charts.prefetch(spec);
    await expect(charts.render(spec)).resolves.toBe(await renderChartSvg(spec));
    await charts.close();
  });
});
