import { isLearningFormat } from './format-search-spaces';
import { runBacktestTask, type BacktestTask, type BacktestTaskResult } from './backtest-task';
import { runOrderedTasks } from './worker-pool';

/**
 * Learning formats (rl-enhanced) are never evaluated untrained: every evaluation task of a
 * learning format gets a training run first (same format, config, seed, instrument and engine
 * config, learning on) on in-sample data the caller chooses — research: a warm-up window before
 * the evaluated period; campaign: a market of its own seed — and is then evaluated frozen with
 * the policy it learned. Tasks of other formats are left as they are.
 *
 * `trainingData(task)` gives the candles (and range) to train that task on. Training runs go
 * through the same worker pool, so they are as deterministic as the evaluation runs.
 */
export async function trainLearningFormats(
  tasks: BacktestTask[],
  trainingData: (task: BacktestTask) => Pick<BacktestTask, 'candles' | 'range'>,
  pool: { workers?: number; workerFile: string },
): Promise<{ trained: number; wallTimeMs: number }> {
  const started = Date.now();
  const learners = tasks.filter((t) => isLearningFormat(t.format));
  if (learners.length === 0) return { trained: 0, wallTimeMs: 0 };
  const training: BacktestTask[] = learners.map((t, index) => {
    const { candles, range } = trainingData(t);
    return { ...t, index, candles, range, learn: true, policy: undefined, seriesPoints: 0, fillPoints: 0 };
  });
  const { results } = await runOrderedTasks<BacktestTask, BacktestTaskResult>(training, { workers: pool.workers, workerFile: pool.workerFile, runInProcess: runBacktestTask });
  results.forEach((result, i) => {
    if (result.policy === undefined) throw new RangeError(`format ${learners[i].format}: the training run returned no policy`);
    learners[i].policy = result.policy;
  });
  return { trained: learners.length, wallTimeMs: Date.now() - started };
}

/** Index of the first candle of the last `days` (by open time), i.e. where evaluation starts. */
export function evaluationStart(candles: ReadonlyArray<{ openTime: number; ts: number }>, days: number): number {
  if (candles.length === 0) return 0;
  const cutoff = candles[candles.length - 1].ts - days * 86_400_000;
  let i = 0;
  while (i < candles.length && candles[i].openTime < cutoff) i++;
  return i;
}
