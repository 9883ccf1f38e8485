const flags: string[] = [];
jest.mock('node:v8', () => ({ setFlagsFromString: (flag: string) => flags.push(flag) }));

import { optimizerPausable, withOptimizerPaused } from './optimizer-pause';

describe('withOptimizerPaused', () => {
  beforeEach(() => {
    flags.length = 0;
  });

  it('pauses TurboFan for the render, resumes it after, and returns what the render returns', async () => {
    await expect(withOptimizerPaused(async () => 'svg')).resolves.toBe('svg');
    expect(flags).toEqual(['--no-opt', '--opt']);
  });

  it('pauses once for nested and overlapping renders, resumes after the last one ends', async () => {
    let release!: () => void;
    const slow = withOptimizerPaused(() => new Promise<string>((done) => (release = () => done('slow'))));
    const inner = await withOptimizerPaused(() => withOptimizerPaused(async () => 'nested'));
    expect(inner).toBe('nested');
    expect(flags).toEqual(['--no-opt']);
    release();
    await expect(slow).resolves.toBe('slow');
    expect(flags).toEqual(['--no-opt', '--opt']);
  });

  it('resumes it when the render fails', async () => {
    await expect(withOptimizerPaused(async () => Promise.reject(new Error('bad spec')))).rejects.toThrow('bad spec');
    expect(flags).toEqual(['--no-opt', '--opt']);
  });
});

describe('optimizerPausable', () => {
  it("leaves a process started with an optimizer flag alone, wherever the flag was given", () => {
    for (const flag of ['--no-opt', '--opt', '--no-turbofan', '--jitless', '--max-opt=1', '--always-turbofan']) {
      expect({ flag, pausable: optimizerPausable([flag]) }).toEqual({ flag, pausable: false });
      expect({ flag, pausable: optimizerPausable([], `--max-old-space-size=4096 ${flag}`) }).toEqual({ flag, pausable: false });
    }
  });

  it('pauses under any other flags', () => {
    expect(optimizerPausable([])).toBe(true);
    expect(optimizerPausable(['--expose-gc', '--cpu-prof', '--optimize-for-size'], '--max-old-space-size=4096')).toBe(true);
  });
});
