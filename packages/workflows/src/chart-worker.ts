// Entry of the report's chart thread (built to dist/chart-worker.js, run by pool-thread.ts; see
// chart-thread.ts): renders one chart per task and nothing else, so the thread loads no backtest
// module. Its `prepare` draws one small warm-up chart, so Vega is loaded and its code compiled
// (JIT) while the main thread is still loading data and running backtests.
import { renderChartTask, type ChartTask } from './chart-task';
import { taskFailure, type TaskFailure } from './task-failure';

/** A chart of the report's commonest kind (a temporal line chart), drawn once to warm the thread. */
export const WARM_UP_CHART: ChartTask = {
  chartSpec: {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    width: 200,
    height: 80,
    data: { values: [0, 1, 2, 3, 4, 5, 6, 7].map((i) => ({ time: 1_680_000_000_000 + i * 60_000, value: (i * 7) % 5, series: i % 2 === 0 ? 'a' : 'b' })) },
    mark: { type: 'line' },
    encoding: {
      x: { field: 'time', type: 'temporal', scale: { type: 'utc' }, axis: { format: '%Y-%m-%d %H:%M' } },
      y: { field: 'value', type: 'quantitative' },
      color: { field: 'series', type: 'nominal' },
    },
  },
};

export function prepare(): Promise<void> {
  // The warm-up's SVG is dropped: it only loads and compiles the renderer.
  return renderChartTask(WARM_UP_CHART).then(() => undefined);
}

/** Errors are returned as data so the pool can rethrow them with their class (task-failure.ts). */
export default function renderChart(task: ChartTask): Promise<string | TaskFailure> {
  return renderChartTask(task).catch(taskFailure);
}
