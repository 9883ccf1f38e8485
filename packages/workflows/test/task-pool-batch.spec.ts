import { join } from 'node:path';
import { TaskPool } from '../src/task-pool';
import { runTasksWithTraining, type BacktestRunner } from '../src/learning-warmup';
import type { BacktestTask, BacktestTaskResult } from '../src/backtest-task';

const workerFile = join(__dirname, 'fixtures', 'square-worker.js');

describe('TaskPool: tasks submitted in one go', () => {
  it('are all queued before any executor takes one: a ready thread takes the back of the batch, the main thread its front', async () => {
    // The main thread's handler is slow, so it cannot drain the queue before the thread's turn.
    const slow = (t: { index: number; value: number }) => {
      const until = Date.now() + 30;
      while (Date.now() < until);
      return { index: t.index, value: t.value * t.value, thread: 0 };
    };
    const pool = new TaskPool<{ index: number; value: number }, { index: number; value: number; thread: number }>({ executors: 2, workerFile, runInProcess: slow });
    await pool.whenStarted();
    const batch = Array.from({ length: 6 }, (_, index) => pool.run({ index, value: index + 1 }));
    const results = await Promise.all(batch);
    await pool.close();
    expect(results.map((r) => r.value)).toEqual([1, 4, 9, 16, 25, 36]);
    expect(results[0].thread).toBe(0);
    expect(results[5].thread).toBeGreaterThan(0);
    expect(results[4].thread).toBeGreaterThan(0);
  });
});

describe('runTasksWithTraining: where the learning chain goes', () => {
  const task = (index: number, format: string): BacktestTask => ({ index, format, seed: 1, instrument: {} as BacktestTask['instrument'], engineConfig: {}, seriesPoints: 0 });
  const tasks = [task(0, 'fixed-spread'), task(1, 'rl-enhanced'), task(2, 'glft'), task(3, 'fixed-spread'), task(4, 'rl-enhanced'), task(5, 'glft')];
  /** A runner that records what was submitted (format, training or not, front or back) and answers at once. */
  const recorder = (threads: number) => {
    const calls: string[] = [];
    const runner: BacktestRunner = {
      threads,
      run: (t, first) => {
        calls.push(`${t.format}${t.learn ? ' train' : ''}${first ? ' front' : ''}`);
        return Promise.resolve({ index: t.index, format: t.format, policy: t.learn ? { q: [] } : undefined } as unknown as BacktestTaskResult);
      },
    };
    return { calls, runner };
  };
  const training = () => ({ candles: undefined, range: [0, 1] as [number, number] });

  it('in-process: trainings first, each evaluation to the front, then the other formats grouped', async () => {
    const { calls, runner } = recorder(0);
    const { results } = await runTasksWithTraining(tasks.map((t) => ({ ...t })), training, runner);
    expect(results.map((r) => r.index)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(calls).toEqual(['rl-enhanced train', 'rl-enhanced train', 'fixed-spread', 'fixed-spread', 'glft', 'glft', 'rl-enhanced front', 'rl-enhanced front']);
  });

  it('with threads: the other formats first (the main thread\u2019s front), the trainings and their evaluations behind them (the threads\u2019 back)', async () => {
    const { calls, runner } = recorder(1);
    const { results } = await runTasksWithTraining(tasks.map((t) => ({ ...t })), training, runner);
    expect(results.map((r) => r.index)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(calls).toEqual(['fixed-spread', 'fixed-spread', 'glft', 'glft', 'rl-enhanced train', 'rl-enhanced train', 'rl-enhanced', 'rl-enhanced']);
  });
});
