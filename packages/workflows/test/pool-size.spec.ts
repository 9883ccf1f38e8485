import { estimatedWorkMs, executorCount, THREAD_START_MS } from '../src/pool-size';

describe('executorCount (the cost rule for threads)', () => {
  it('respects an explicit --workers, capped at the task count', () => {
    expect(executorCount(18, 1, 2, 2)).toBe(2);
    expect(executorCount(18, 1e6, 1, 2)).toBe(1);
    expect(executorCount(1, 1e6, 4, 2)).toBe(1);
    expect(() => executorCount(3, 1, 0)).toThrow(/workers must be a positive integer/);
  });

  it('by default adds an executor only when each would get at least a thread\'s cost of work', () => {
    // A test-sized matrix (2 days x 12 runs of 1m bars): in-process, no thread is started.
    expect(executorCount(12, estimatedWorkMs(12 * 2 * 1440), undefined, 2)).toBe(1);
    // Just under / at two thread starts of work.
    expect(executorCount(18, 2 * THREAD_START_MS - 1, undefined, 2)).toBe(1);
    expect(executorCount(18, 2 * THREAD_START_MS, undefined, 2)).toBe(2);
    // The 30-day research matrix (18 runs + 3 trainings on 7 days) at today's per-event cost:
    // in-process (a thread no longer buys wall time there); a 60-day one: both cores; never more
    // executors than cores.
    const work = estimatedWorkMs((18 * 30 + 3 * 7) * 1440);
    expect(executorCount(21, work, undefined, 2)).toBe(1);
    expect(executorCount(21, estimatedWorkMs((18 * 60 + 3 * 7) * 1440), undefined, 2)).toBe(2);
    expect(executorCount(21, estimatedWorkMs((18 * 15 + 3 * 7) * 1440), undefined, 2)).toBe(1);
    expect(executorCount(21, work * 100, undefined, 4)).toBe(4);
    // Unknown work (tick data before loading) counts as large.
    expect(executorCount(5, NaN, undefined, 2)).toBe(2);
  });
});
