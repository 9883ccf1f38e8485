import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BINANCE_BTCUSDT_SPOT } from '@mml/core';
import type { BacktestTask } from '../src/backtest-task';
import { runCampaign } from '../src/campaign';
import { evaluationStart, trainLearningFormats } from '../src/learning-warmup';
import { syntheticCandles } from '../src/market-candles';
import { packCandles } from '../src/packed-candles';
import { runResearch, runResearchMatrix, TASK_WORKER_FILE } from '../src/research';

describe('learning formats are trained in-sample before they are evaluated', () => {
  const candles = syntheticCandles(1, 5);
  const packed = packCandles(candles, true);
  const task = (format: string, index: number): BacktestTask => ({
    index, format, seed: 9, instrument: { ...BINANCE_BTCUSDT_SPOT }, engineConfig: { quoteBudget: 10_000 }, candles: packed, range: [720, packed.count], seriesPoints: 0,
  });

  it('trainLearningFormats trains rl-enhanced on the given window and attaches its policy; other formats untouched', async () => {
    const tasks = [task('as-stable', 0), task('rl-enhanced', 1)];
    const result = await trainLearningFormats(tasks, () => ({ candles: packed, range: [0, 720] }), { workers: 1, workerFile: TASK_WORKER_FILE });
    expect(result.trained).toBe(1);
    expect(tasks[0].policy).toBeUndefined();
    const policy = tasks[1].policy as { updates: number; visits: number[][] };
    // One decision per minute over the 720 warm-up candles (the first has no reward yet).
    expect(policy.updates).toBe(719);
    expect(tasks[1].range).toEqual([720, packed.count]); // evaluation keeps its own window
    expect(tasks[1].learn).toBeUndefined();
  });

  it('evaluationStart finds the first candle of the last N days', () => {
    expect(evaluationStart(candles, 0.5)).toBe(720);
    expect(evaluationStart(candles, 5)).toBe(0);
    expect(evaluationStart([], 1)).toBe(0);
  });

  it('research refuses a learning format without a warm-up window instead of evaluating it untrained', async () => {
    await expect(runResearchMatrix({ candles, instrument: { ...BINANCE_BTCUSDT_SPOT }, tiers: [10_000], formats: ['rl-enhanced'], seed: 1, workers: 1 })).rejects.toThrow(/rl-enhanced learns: it needs a warm-up window/);
  });

  it('research trains on the warm-up before the evaluated days; every format is evaluated on the same last days', async () => {
    const out = mkdtempSync(join(tmpdir(), 'research-rl-'));
    const base = { source: 'synthetic' as const, days: 0.25, rlWarmupDays: 0.5, tiers: [10_000], seed: 4, workers: 1, artifactsRoot: out };
    const both = await runResearch({ ...base, formats: 'as-stable,rl-enhanced' });
    const alone = await runResearch({ ...base, formats: 'as-stable' });
    expect(both.summary.inputs['rlWarmup']).toMatchObject({ candles: 720, trainedPolicies: 1 });
    expect(both.summary.data.events).toBe(360);
    // The evaluated market does not depend on which formats are selected.
    expect(alone.summary.data.checksum).toBe(both.summary.data.checksum);
    expect(alone.summary.rows[0].metrics).toEqual(both.summary.rows[0].metrics);
  });

  it('campaign trains each run on a market of its own seed, never the evaluated one', async () => {
    const out = mkdtempSync(join(tmpdir(), 'campaign-rl-'));
    const result = await runCampaign({ n: 2, days: 0.25, budget: 10_000, formats: 'rl-enhanced', seed: 3, workers: 1, artifactsRoot: out });
    const seeds = result.summary.seeds as Record<string, number>;
    expect(result.summary.inputs['rlTraining']).toMatchObject({ trainedPolicies: 2 });
    expect(seeds['training-market:0']).toBeDefined();
    expect(new Set([seeds['market:0'], seeds['market:1'], seeds['training-market:0'], seeds['training-market:1']]).size).toBe(4);
  });
});
