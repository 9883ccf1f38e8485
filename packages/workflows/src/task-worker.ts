// Piscina worker entry (built to dist/task-worker.js): runs one backtest task per call.
import { runBacktestTask, type BacktestTask, type BacktestTaskResult } from './backtest-task';

export default function handleTask(task: BacktestTask): BacktestTaskResult {
  return runBacktestTask(task);
}
