import { isLearningFormat } from './format-search-spaces';
import { runBacktestTask, type BacktestTask, type BacktestTaskResult } from './backtest-task';
import { runOrderedTasks } from './worker-pool';
import { packedOpenTime, packedTs, type PackedCandles } from './packed-candles';

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

/**
 * Where runTasksWithTraining sends its runs: a TaskPool (`first` puts a task at the front of its
 * queue, the main thread's end; threads take from the back). `threads`: how many worker threads
 * the pool has (0 or absent: in-process only).
 */
export interface BacktestRunner {
  run(task: BacktestTask, first?: boolean): Promise<BacktestTaskResult>;
  threads?: number;
}

/**
 * The same training rule in one pool with the evaluations: every learning task trains first, and
 * each learning task's evaluation is submitted as soon as its training returns a policy, so no
 * executor waits for a training phase to end, and the threads the pool started once serve both.
 * The other tasks are submitted grouped by format. Where the learning chain goes:
 *   - in-process, to the front: the trainings run first, each evaluation next (warm);
 *   - with threads, to the back, the threads' end: a thread runs the learning format's chain
 *     (trainings, then their evaluations) while the main thread runs the other formats from the
 *     front, so the two executors compile different formats, and the chain that has to wait for
 *     its trainings starts at once instead of after other work.
 * All tasks are queued before any executor takes one (task-pool.ts), so this split does not
 * depend on when the threads come up; an executor that runs out of its own end takes from the
 * other. Results are in task order and identical to trainLearningFormats + runOrderedTasks
 * (every run is the same independent task, wherever it runs).
 */
export async function runTasksWithTraining(
  tasks: BacktestTask[],
  trainingData: (task: BacktestTask) => Pick<BacktestTask, 'candles' | 'range'>,
  pool: BacktestRunner,
  onProgress?: (done: number, total: number) => void,
): Promise<{ results: BacktestTaskResult[]; trained: number; trainingWallTimeMs: number }> {
  const started = Date.now();
  let trainingWallTimeMs = 0;
  let done = 0;
  const progress = <X>(result: X): X => {
    onProgress?.(++done, tasks.length);
    return result;
  };
  const onThreads = (pool.threads ?? 0) > 0;
  const learners = tasks.filter((t) => isLearningFormat(t.format));
  // Grouped by format (a stable sort keeps each format's tasks in order), so each executor
  // mostly runs the formats it already compiled (task-pool.ts).
  const formatOrder = [...new Set(tasks.map((t) => t.format))];
  const others = tasks.filter((t) => !isLearningFormat(t.format)).sort((a, b) => formatOrder.indexOf(a.format) - formatOrder.indexOf(b.format));
  const evaluations = new Map<BacktestTask, Promise<BacktestTaskResult>>();
  const submitOthers = () => {
    for (const t of others) evaluations.set(t, pool.run(t));
  };
  if (onThreads) submitOthers();
  learners.forEach((t, index) => {
    const { candles, range } = trainingData(t);
    const training = pool.run({ ...t, index, candles, range, learn: true, policy: undefined, seriesPoints: 0, fillPoints: 0 });
    evaluations.set(
      t,
      training.then((trained) => {
        if (trained.policy === undefined) throw new RangeError(`format ${t.format}: the training run returned no policy`);
        t.policy = trained.policy;
        trainingWallTimeMs = Math.max(trainingWallTimeMs, Date.now() - started);
        // The executor that trained it most likely takes it next, and runs it warm: the main
        // thread takes the front, a thread the back.
        return pool.run(t, !onThreads);
      }),
    );
  });
  if (!onThreads) submitOthers();
  const results = await Promise.all(tasks.map((t) => (evaluations.get(t) as Promise<BacktestTaskResult>).then(progress)));
  return { results, trained: learners.length, trainingWallTimeMs };
}

/** Index of the first candle of the last `days` (by open time), i.e. where evaluation starts. */
export function evaluationStart(candles: ReadonlyArray<{ openTime: number; ts: number }>, days: number): number {
  return firstOfLastDays(candles.length, (i) => candles[i].openTime, (i) => candles[i].ts, days);
}

/** evaluationStart over packed rows. */
export function evaluationStartPacked(candles: PackedCandles, days: number): number {
  return firstOfLastDays(candles.count, (i) => packedOpenTime(candles, i), (i) => packedTs(candles, i), days);
}

function firstOfLastDays(count: number, openTime: (i: number) => number, ts: (i: number) => number, days: number): number {
  if (count === 0) return 0;
  const cutoff = ts(count - 1) - days * 86_400_000;
  let i = 0;
  while (i < count && openTime(i) < cutoff) i++;
  return i;
}
