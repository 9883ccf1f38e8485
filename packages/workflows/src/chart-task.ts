import type * as ChartRender from './chart-render';
import type { VegaLiteSpec } from '@mml/reports';

/**
 * One report chart to render (Vega-Lite spec -> SVG) on a pool executor: research spreads its
 * report's charts over the threads that ran its backtests (~1 s of CPU for 15 charts on one thread).
 * The SVG is renderChartSvg's, whichever thread renders it.
 */
export interface ChartTask {
  chartSpec: VegaLiteSpec;
}

export function isChartTask(task: object): task is ChartTask {
  return 'chartSpec' in task;
}

export function renderChartTask(task: ChartTask): Promise<string> {
  // Loaded on a thread's first chart: threads that only run backtests never load Vega.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { renderChartSvg } = require('./chart-render') as typeof ChartRender;
  return renderChartSvg(task.chartSpec);
}
