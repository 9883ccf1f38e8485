// Worker entry (built to dist/task-worker.js): runs one backtest task (or renders one report
// chart) per call, on a TaskPool thread (pool-thread.ts) or a queue worker (queue/queue-worker.ts).
import { runBacktestTask, type BacktestTask, type BacktestTaskResult } from './backtest-task';
import { isChartTask, renderChartTask, type ChartTask } from './chart-task';
import { loadPlugins } from './plugins';
import { taskFailure, type TaskFailure } from './task-failure';

/** What a pool thread does once before its first task: load the run's plugins (their formats). */
export interface TaskWorkerPreparation {
  plugins?: readonly string[];
}

export function prepare(input: TaskWorkerPreparation | undefined): void {
  loadPlugins(input?.plugins);
}

/** Errors are returned as data so the pool can rethrow them with their class (task-failure.ts). */
export default function handleTask(task: BacktestTask | ChartTask): BacktestTaskResult | TaskFailure | Promise<string | TaskFailure> {
  if (isChartTask(task)) return renderChartTask(task).catch(taskFailure);
  try {
    return runBacktestTask(task);
  } catch (error) {
    return taskFailure(error);
  }
}
