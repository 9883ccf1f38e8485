import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BINANCE_BTCUSDT_SPOT, ConfigError, UsageError } from '@mml/core';
import { runBacktestTask, type BacktestTask } from '../src/backtest-task';
import { syntheticCandles } from '../src/market-candles';
import { packCandles } from '../src/packed-candles';
import { runOrderedTasks } from '../src/worker-pool';

const workerFile = join(__dirname, 'fixtures', 'square-worker.js');
const tasks = Array.from({ length: 8 }, (_, index) => ({ index, value: index + 1 }));
const inProcess = (t: { index: number; value: number }) => ({ index: t.index, value: t.value * t.value, thread: 0 });

describe('runOrderedTasks', () => {
  it('returns results in task order on threads, whatever order they finish in', async () => {
    const done: number[] = [];
    const { results, execution } = await runOrderedTasks(tasks, { workers: 2, workerFile, runInProcess: inProcess, onProgress: (d) => done.push(d), mainThreadExecutes: false });
    expect(execution).toEqual({ workers: 2, requestedWorkers: 2, mode: 'threads' });
    expect(results.map((r) => r.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(results.map((r) => r.value)).toEqual([1, 4, 9, 16, 25, 36, 49, 64]);
    expect(results.every((r) => r.thread > 0)).toBe(true);
    expect(done).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('the main thread is one of the executors: with 2 workers it runs tasks beside one thread, same results', async () => {
    // The main thread's handler is slow, so the thread (ready after its startup) takes a share.
    const slow = (t: { index: number; value: number }) => {
      const until = Date.now() + 40;
      while (Date.now() < until);
      return inProcess(t);
    };
    const many = Array.from({ length: 40 }, (_, index) => ({ index, value: index + 1 }));
    const { results, execution } = await runOrderedTasks(many, { workers: 2, workerFile, runInProcess: slow });
    expect(execution).toEqual({ workers: 2, requestedWorkers: 2, mode: 'threads' });
    expect(results.map((r) => r.value)).toEqual(many.map((t) => t.value * t.value));
    expect(results.some((r) => r.thread === 0)).toBe(true);
  });

  it('gives the same values with one worker (in-process)', async () => {
    const { results, execution } = await runOrderedTasks(tasks, { workers: 1, workerFile, runInProcess: inProcess });
    expect(execution.mode).toBe('in-process');
    expect(results.map((r) => r.value)).toEqual([1, 4, 9, 16, 25, 36, 49, 64]);
  });

  it('falls back to in-process when the worker script is not built JavaScript', async () => {
    const { execution } = await runOrderedTasks(tasks, { workers: 2, workerFile: join(__dirname, 'missing.js'), runInProcess: inProcess });
    expect(execution).toEqual({ workers: 1, requestedWorkers: 2, mode: 'in-process' });
  });

  it('rejects a non-positive worker count', async () => {
    await expect(runOrderedTasks(tasks, { workers: 0, runInProcess: inProcess })).rejects.toThrow(/workers must be a positive integer/);
  });

  it('a thread that cannot load a plugin fails the run with a UsageError, even when the main thread ran every task', async () => {
    const builtWorker = join(__dirname, '..', 'dist', 'task-worker.js');
    const missing = join(__dirname, 'no-such-plugin.js');
    const error = await runOrderedTasks(tasks, { workers: 2, workerFile: builtWorker, prepare: { plugins: [missing] }, runInProcess: inProcess }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(/plugin .*no-such-plugin\.js could not be loaded/);
  });

  it('a ConfigError thrown on a worker thread keeps its class, key and message (built task worker)', async () => {
    const builtWorker = join(__dirname, '..', 'dist', 'task-worker.js');
    expect(existsSync(builtWorker)).toBe(true); // `nx test` builds first
    const candles = packCandles(syntheticCandles(0.1, 3));
    const bad: BacktestTask[] = [0, 1].map((index) => ({ index, format: 'fixed-spread', formatConfig: { model: { spredBps: 55 } }, seed: 1, instrument: { ...BINANCE_BTCUSDT_SPOT }, engineConfig: { quoteBudget: 10_000 }, candles, seriesPoints: 0 }));
    const error = await runOrderedTasks(bad, { workers: 2, workerFile: builtWorker, runInProcess: runBacktestTask, mainThreadExecutes: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).key).toMatch(/spredBps/);
    expect((error as Error).message).toMatch(/spredBps/);
  });
});
