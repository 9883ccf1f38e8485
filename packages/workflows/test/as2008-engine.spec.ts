import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AS2008_PAPER_TABLE, runAvellanedaStoikov2008Replication, type As2008StrategyResult } from '@mml/models';
import { runAs2008ThroughEngine } from '../src/as2008-engine';

/** z-score of the difference of two independent profit means over n paths each. */
const z = (a: As2008StrategyResult, b: As2008StrategyResult, n: number) => (a.profitMean - b.profitMean) / Math.sqrt((a.profitStd ** 2 + b.profitStd ** 2) / n);

describe('Avellaneda-Stoikov 2008 through the engine', () => {
  // 300 paths keep this file fast; `make replicate-as2008` runs the paper's 1000.
  const n = 300;
  const engine = runAs2008ThroughEngine({ seed: 2008, simulations: n, gammas: [0.1, 0.01] });
  const standalone = runAvellanedaStoikov2008Replication({ seed: 2008, simulations: n, gammas: [0.1, 0.01] });

  it('has the standalone JSON shape and the paper convention by default', () => {
    expect(Object.keys(engine.gamma)).toEqual(['0.1', '0.01']);
    for (const g of ['0.1', '0.01']) {
      for (const agent of ['inventory', 'symmetric'] as const) expect(Object.keys(engine.gamma[g][agent]).sort()).toEqual(Object.keys(standalone.gamma[g][agent]).sort());
    }
    expect(engine.spreadTerm).toBe('liquidity-only');
    expect(engine.fillTiming).toBe('after-move');
    // The printed spread is the liquidity term (2/gamma) ln(1 + gamma/k), exactly as the standalone.
    expect(engine.gamma['0.1'].inventory.spread).toBeCloseTo(20 * Math.log1p(0.1 / 1.5), 12);
  });

  it('agrees with the standalone simulation within sampling error (independent random streams)', () => {
    for (const g of ['0.1', '0.01']) {
      for (const agent of ['inventory', 'symmetric'] as const) {
        const e = engine.gamma[g][agent];
        const s = standalone.gamma[g][agent];
        expect(Math.abs(z(e, s, n))).toBeLessThan(3.5);
        // Sample std of a std over n paths: ~1/sqrt(2n) = 3.5%; allow 4 of them on the ratio.
        expect(Math.abs(e.profitStd / s.profitStd - 1)).toBeLessThan(0.15);
        expect(Math.abs(e.finalQStd / s.finalQStd - 1)).toBeLessThan(0.15);
      }
    }
  });

  it("matches the paper's gamma 0.1 and 0.01 cells: profit means within 5%, standard deviations within 20%", () => {
    for (const g of ['0.1', '0.01']) {
      for (const agent of ['inventory', 'symmetric'] as const) {
        const e = engine.gamma[g][agent];
        const paper = AS2008_PAPER_TABLE[g][agent];
        expect(Math.abs(e.profitMean / paper.profitMean - 1)).toBeLessThan(0.05);
        expect(Math.abs(e.profitStd / paper.profitStd - 1)).toBeLessThan(0.2);
      }
    }
  });

  it('the other conventions give the standalone numbers too (gamma 0.5 inventory: which convention gives which)', () => {
    const m = 200;
    for (const conv of [{ spreadTerm: 'full', fillTiming: 'before-move' }, { spreadTerm: 'liquidity-only', fillTiming: 'after-move' }] as const) {
      const e = runAs2008ThroughEngine({ seed: 7, simulations: m, gammas: [0.5], ...conv }).gamma['0.5'].inventory;
      const s = runAvellanedaStoikov2008Replication({ seed: 7, simulations: m, gammas: [0.5], ...conv }).gamma['0.5'].inventory;
      expect(Math.abs(z(e, s, m))).toBeLessThan(3.5);
      expect(e.spread).toBeCloseTo(s.spread, 9);
    }
  });

  it('is deterministic for a seed', () => {
    const a = runAs2008ThroughEngine({ seed: 3, simulations: 5, gammas: [0.1] });
    const b = runAs2008ThroughEngine({ seed: 3, simulations: 5, gammas: [0.1] });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(() => runAs2008ThroughEngine({ seed: 3, simulations: 1 })).toThrow(/simulations/);
  });

  // Its arguments are the standalone CLI's: parseAs2008ReplicationArgs (models) is tested there.
  it('the built CLI writes the engine JSON and the comparison table; a bad option exits 2', () => {
    const cli = join(__dirname, '..', 'dist', 'cli', 'replicate-as2008-engine.js');
    const out = mkdtempSync(join(tmpdir(), 'as2008-engine-'));
    execFileSync(process.execPath, [cli, '--out', out, '--simulations', '10'], { encoding: 'utf8' });
    const json = JSON.parse(readFileSync(join(out, 'avellaneda-stoikov-2008-engine.json'), 'utf8'));
    expect(json.gamma['0.5'].symmetric.profitMean).toEqual(expect.any(Number));
    expect(readFileSync(join(out, 'avellaneda-stoikov-2008-engine.md'), 'utf8')).toContain('| 0.1 | inventory |');
    let status = 0;
    let stderr = '';
    try {
      execFileSync(process.execPath, [cli, '--out', out, '--seed', 'x'], { encoding: 'utf8', stdio: 'pipe' });
    } catch (error) {
      status = (error as { status: number }).status;
      stderr = (error as { stderr: string }).stderr;
    }
    expect(status).toBe(2);
    expect(stderr).toMatch(/^error: --seed must be an integer/);
  });
});
