import { mkdtempSync, readFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JsonLinesWriter, readJsonLines } from '@mml/core/io';
import { runPaperLoop } from '../src/paper-loop';
import { resumePaperLog } from '../src/paper-log';

const noSleep = async () => undefined;
const retry = { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 15 };

function tempLog(): string {
  return join(mkdtempSync(join(tmpdir(), 'paper-loop-')), 'run.jsonl');
}

describe('runPaperLoop', () => {
  it('logs one line per iteration and retries faults with capped exponential backoff', async () => {
    const path = tempLog();
    const log = new JsonLinesWriter(path);
    let calls = 0;
    let state = 0;
    const outcome = await runPaperLoop({
      iterations: 4,
      intervalMs: 0,
      startIteration: 0,
      log,
      retry,
      sleep: noSleep,
      now: () => 1_700_000_000_000,
      // Iteration 1 fails twice (e.g. HTTP 503) and succeeds on the third attempt.
      fetch: async (iteration) => {
        calls++;
        if (iteration === 1 && calls <= 3) throw new Error('ExchangeNotAvailable 503');
        return iteration * 10;
      },
      apply: (snapshot) => ({ state: (state += snapshot) }),
    });
    log.close();
    const lines = readJsonLines<Record<string, unknown>>(path);
    expect(lines.map((l) => l['type'])).toEqual(['iteration', 'fault', 'fault', 'iteration', 'iteration', 'iteration', 'stop']);
    expect(lines[1]).toMatchObject({ iteration: 1, attempt: 1, retryInMs: 10, gaveUp: false, error: 'Error: ExchangeNotAvailable 503' });
    expect(lines[2]).toMatchObject({ attempt: 2, retryInMs: 15 });
    expect(lines[5]).toMatchObject({ iteration: 3, state: 60 });
    expect(outcome).toEqual({ completedIterations: 4, faults: 2, skippedIterations: 0, stoppedBy: 'completed', lastIteration: 3 });
  });

  it('skips an iteration after maxAttempts without touching the state', async () => {
    const path = tempLog();
    const log = new JsonLinesWriter(path);
    const applied: number[] = [];
    const outcome = await runPaperLoop({
      iterations: 3, intervalMs: 0, startIteration: 0, log, retry, sleep: noSleep,
      fetch: async (i) => { if (i === 1) throw new Error('down'); return i; },
      apply: (s) => { applied.push(s); return {}; },
    });
    log.close();
    expect(applied).toEqual([0, 2]);
    expect(outcome.skippedIterations).toBe(1);
    const faults = readJsonLines<Record<string, unknown>>(path).filter((l) => l['type'] === 'fault');
    expect(faults).toHaveLength(3);
    expect(faults[2]['gaveUp']).toBe(true);
  });

  it('stops cleanly on abort, writing a stop line, and a resumed run continues from the last iteration', async () => {
    const path = tempLog();
    const controller = new AbortController();
    const log = new JsonLinesWriter(path);
    log.append({ type: 'start', exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1m', format: 'as-stable', paperOnly: true });
    const outcome = await runPaperLoop({
      iterations: 10, intervalMs: 0, startIteration: 0, log, retry, sleep: noSleep, signal: controller.signal,
      fetch: async (i) => i,
      apply: (s) => { if (s === 2) controller.abort('SIGTERM'); return { cash: 100 + s }; },
    });
    log.close();
    expect(outcome.stoppedBy).toBe('signal');
    expect(outcome.lastIteration).toBe(2);
    const lines = readJsonLines<Record<string, unknown>>(path);
    expect(lines[lines.length - 1]).toMatchObject({ type: 'stop', reason: 'SIGTERM', lastIteration: 2 });
    // A kill mid-write leaves a torn line; resume repairs it and finds the last complete iteration.
    appendFileSync(path, '{"type":"iteration","iter');
    const { lastIteration: last, lock } = resumePaperLog(path, { format: 'as-stable' });
    expect(last).toMatchObject({ iteration: 2, cash: 102 });
    expect(readFileSync(path, 'utf8').endsWith('\n')).toBe(true);
    const resumed = new JsonLinesWriter(path);
    await runPaperLoop({ iterations: 5, intervalMs: 0, startIteration: (last?.iteration ?? -1) + 1, log: resumed, retry, sleep: noSleep, fetch: async (i) => i, apply: (s) => ({ cash: 100 + s }) });
    resumed.close();
    lock.release();
    const all = readJsonLines<Record<string, unknown>>(path).filter((l) => l['type'] === 'iteration');
    expect(all.map((l) => l['iteration'])).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('runPaperLoop retry semantics (one retry implementation: core retryWithBackoff)', () => {
  it('waits baseDelayMs doubling up to maxDelayMs, logs every attempt, gives up after maxAttempts and goes on', async () => {
    const path = tempLog();
    const log = new JsonLinesWriter(path);
    const waits: number[] = [];
    const outcome = await runPaperLoop({
      iterations: 2, intervalMs: 7, startIteration: 0, log, retry: { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 250 },
      sleep: async (ms) => void waits.push(ms),
      fetch: async (i) => { if (i === 0) throw new Error('503'); return i; },
      apply: (s) => ({ s }),
    });
    log.close();
    // 3 backoff waits inside iteration 0, then the 7 ms interval before iteration 1.
    expect(waits).toEqual([100, 200, 250, 7]);
    const lines = readJsonLines<Record<string, unknown>>(path);
    expect(lines.filter((l) => l['type'] === 'fault').map((l) => [l['attempt'], l['retryInMs'], l['gaveUp']])).toEqual([[1, 100, false], [2, 200, false], [3, 250, false], [4, 0, true]]);
    expect(outcome).toMatchObject({ completedIterations: 1, skippedIterations: 1, faults: 4, stoppedBy: 'completed', lastIteration: 1 });
  });

  it('an abort during a backoff wait makes no further attempt and writes the stop line', async () => {
    const path = tempLog();
    const log = new JsonLinesWriter(path);
    const controller = new AbortController();
    let attempts = 0;
    const outcome = await runPaperLoop({
      iterations: 5, intervalMs: 0, startIteration: 0, log, retry, signal: controller.signal,
      sleep: async () => controller.abort('SIGTERM'),
      fetch: async () => { attempts++; throw new Error('down'); },
      apply: () => ({}),
    });
    log.close();
    expect(attempts).toBe(1);
    expect(outcome).toMatchObject({ stoppedBy: 'signal', completedIterations: 0 });
    expect(readJsonLines<Record<string, unknown>>(path).map((l) => l['type'])).toEqual(['fault', 'stop']);
  });

  it.each([[{ maxAttempts: 0, baseDelayMs: 10, maxDelayMs: 10 }], [{ maxAttempts: 3, baseDelayMs: -100, maxDelayMs: 10 }], [{ maxAttempts: NaN, baseDelayMs: 10, maxDelayMs: 10 }]])(
    'refuses a retry policy that could never work (%j) before writing anything',
    async (bad) => {
      const path = tempLog();
      const log = new JsonLinesWriter(path);
      await expect(runPaperLoop({ iterations: 3, intervalMs: 0, startIteration: 0, log, retry: bad, sleep: noSleep, fetch: async () => 1, apply: () => ({}) })).rejects.toThrow(RangeError);
      log.close();
      expect(readFileSync(path, 'utf8')).toBe('');
    },
  );
});
