import { retryWithBackoff, type AttemptFailure } from './backoff';

const policy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 250 };

function failing(times: number, error: unknown = new Error('boom')) {
  let calls = 0;
  return async (attempt: number) => {
    calls++;
    if (calls <= times) throw error;
    return `ok after ${attempt}`;
  };
}

describe('retryWithBackoff (the one retry loop of the product)', () => {
  it('doubles the wait from baseDelayMs, capped at maxDelayMs, and reports every failed attempt', async () => {
    const waits: number[] = [];
    const failures: AttemptFailure[] = [];
    const result = await retryWithBackoff(failing(3), policy, { sleep: async (ms) => void waits.push(ms), onFailure: (f) => failures.push(f) });
    expect(result).toBe('ok after 4');
    expect(waits).toEqual([100, 200, 250]);
    expect(failures.map((f) => [f.attempt, f.willRetry, f.delayMs])).toEqual([[1, true, 100], [2, true, 200], [3, true, 250]]);
  });

  it('gives up after maxAttempts, reporting the last attempt with willRetry false, and throws the last error', async () => {
    const failures: AttemptFailure[] = [];
    const error = new Error('down');
    await expect(retryWithBackoff(failing(10, error), policy, { sleep: async () => undefined, onFailure: (f) => failures.push(f) })).rejects.toBe(error);
    expect(failures).toHaveLength(4);
    expect(failures[3]).toMatchObject({ attempt: 4, maxAttempts: 4, willRetry: false, delayMs: 0 });
  });

  it('does not retry an error that is not retryable', async () => {
    const failures: AttemptFailure[] = [];
    await expect(retryWithBackoff(failing(1), policy, { isRetryable: () => false, sleep: async () => undefined, onFailure: (f) => failures.push(f) })).rejects.toThrow('boom');
    expect(failures).toEqual([expect.objectContaining({ attempt: 1, willRetry: false })]);
  });

  it('honours a server Retry-After up to the cap', async () => {
    const waits: number[] = [];
    await retryWithBackoff(failing(2), policy, { retryAfterMs: () => 1000, sleep: async (ms) => void waits.push(ms) });
    expect(waits).toEqual([250, 250]);
  });

  it('stops without another attempt once the signal aborts during a wait', async () => {
    const controller = new AbortController();
    let calls = 0;
    const fn = async () => {
      calls++;
      throw new Error('fault');
    };
    await expect(retryWithBackoff(fn, policy, { signal: controller.signal, sleep: async () => controller.abort() })).rejects.toThrow('fault');
    expect(calls).toBe(1);
  });

  it.each([
    [{ ...policy, maxAttempts: 0 }, /maxAttempts must be an integer >= 1, got 0/],
    [{ ...policy, maxAttempts: NaN }, /maxAttempts/],
    [{ ...policy, baseDelayMs: -100 }, /baseDelayMs must be a finite number >= 0, got -100/],
  ])('refuses a policy that could never work (%j)', async (bad, message) => {
    await expect(retryWithBackoff(async () => 1, bad)).rejects.toThrow(message);
  });
});
