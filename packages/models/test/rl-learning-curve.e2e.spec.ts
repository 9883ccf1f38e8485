// End-to-end: the BUILT rl-learning-curve CLI (dist/cli/rl-learning-curve.js, as `make
// rl-learning-curve` runs it). Training runs in a child node process: under jest's module sandbox
// the same arithmetic is ~20x slower, and this is the path users run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RlLearningResult } from '../src/replication/as2008-rl-learning';

const cli = join(__dirname, '..', 'dist', 'cli', 'rl-learning-curve.js');

function runCli(out: string, extra: string[] = []) {
  return spawnSync(process.execPath, [cli, '--out', out, '--seed', '7', '--episodes', '3000', '--evaluate-every', '1000', '--curve-paths', '100', '--final-paths', '400', ...extra], { encoding: 'utf8' });
}

describe('rl-learning-curve (Q-learning on the Avellaneda-Stoikov 2008 market, where the optimum is known)', () => {
  it('the built CLI exists (build first: nx test depends on build)', () => {
    expect(existsSync(cli)).toBe(true);
  });

  const outA = mkdtempSync(join(tmpdir(), 'mml-rl-a-'));
  const outB = mkdtempSync(join(tmpdir(), 'mml-rl-b-'));
  const first = existsSync(cli) ? runCli(outA) : undefined;

  it('trains, beats the untrained agent and gets within 10% of the closed-form policy (CARA certainty equivalent)', () => {
    expect(first?.status).toBe(0);
    const result = JSON.parse(readFileSync(join(outA, 'rl-learning-curve.json'), 'utf8')) as RlLearningResult;
    const { closedForm, untrained, trained } = result.final;
    console.log(first?.stdout);
    expect(trained.certaintyEquivalent).toBeGreaterThan(untrained.certaintyEquivalent + 1);
    expect(trained.certaintyEquivalent).toBeGreaterThan(0.9 * closedForm.certaintyEquivalent);
    expect(result.gapClosed).toBeGreaterThan(0.5);
    // It learned inventory control: terminal inventory far tighter than quoting symmetrically.
    expect(trained.finalQStd).toBeLessThan(0.6 * untrained.finalQStd);
    expect(result.curve.map((p) => p.episodes)).toEqual([1000, 2000, 3000]);
    expect(result).not.toHaveProperty('trainingMs');
  });

  it('same seed -> byte-identical artifact', () => {
    expect(runCli(outB).status).toBe(0);
    expect(readFileSync(join(outB, 'rl-learning-curve.json'), 'utf8')).toBe(readFileSync(join(outA, 'rl-learning-curve.json'), 'utf8'));
  });

  it('bad input: a one-line error naming the flag, exit code 2', () => {
    const bad = spawnSync(process.execPath, [cli, '--episodes', '0'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^error: --episodes must be an integer >= 1/);
  });
});
