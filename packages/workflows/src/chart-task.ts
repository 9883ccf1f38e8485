import type * as ChartRender from './chart-render';
import type { VegaLiteSpec } from '@mml/reports';

/**
 * One report chart to render (Vega-Lite spec -> SVG) on a pool executor. A report chart costs
 * ~1-10 ms with the reports package's own renderer (research's 15 charts ~0.1 s of CPU); only a
 * spec outside its subset loads Vega (~0.2 s once, ~50 ms a chart), so drawing a chart where its
 * spec is made is usually as cheap as shipping it to another thread.
 * The SVG is renderChartSvg's, whichever thread renders it.
 */
export interface ChartTask {
  chartSpec: VegaLiteSpec;
}

export function isChartTask(task: object): task is ChartTask {
  return 'chartSpec' in task;
}

export function renderChartTask(task: ChartTask): Promise<string> {
  // Loaded on a thread's first chart: threads that only run backtests never load the chart code.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { renderChartSvg } = require('./chart-render') as typeof ChartRender;
  return renderChartSvg(task.chartSpec);
}
