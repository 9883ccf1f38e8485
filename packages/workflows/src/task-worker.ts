// Piscina worker entry (built to dist/task-worker.js): runs one backtest task per call.
import { runBacktestTask, type BacktestTask, type BacktestTaskResult } from './backtest-task';
import { taskFailure, type TaskFailure } from './task-failure';

/** Errors are returned as data so the pool can rethrow them with their class (task-failure.ts). */
export default function handleTask(task: BacktestTask): BacktestTaskResult | TaskFailure {
  try {
    return runBacktestTask(task);
  } catch (error) {
    return taskFailure(error);
  }
}
