import { as2008MarkdownTable, runAvellanedaStoikov2008Replication, type As2008Options } from './avellaneda-stoikov-2008';

describe('Avellaneda-Stoikov 2008 replication', () => {
  // 300 paths keep this file fast under jest; the CLI runs the paper's 1000.
  const full = runAvellanedaStoikov2008Replication({ seed: 2008, simulations: 300 });

  it('has the issue JSON shape for the three gammas', () => {
    expect(full.simulations).toBe(300);
    expect(full.seed).toBe(2008);
    expect(Object.keys(full.gamma)).toEqual(['0.1', '0.01', '0.5']);
    for (const row of Object.values(full.gamma)) {
      for (const r of [row.inventory, row.symmetric]) {
        expect(Object.keys(r).sort()).toEqual(['finalQMean', 'finalQStd', 'profitMean', 'profitStd', 'spread']);
        for (const v of Object.values(r)) expect(Number.isFinite(v)).toBe(true);
      }
    }
  });

  it('reproduces the paper qualitatively: the inventory strategy has a smaller profit std and final-q std', () => {
    for (const row of Object.values(full.gamma)) {
      expect(row.inventory.profitStd).toBeLessThan(row.symmetric.profitStd);
      expect(row.inventory.finalQStd).toBeLessThan(row.symmetric.finalQStd);
    }
    // Higher gamma: tighter inventory control.
    expect(full.gamma['0.5'].inventory.finalQStd).toBeLessThan(full.gamma['0.01'].inventory.finalQStd);
  });

  it('the symmetric strategy profit is near the paper (~67) and its q std near ~8.7 (sampling tolerance)', () => {
    const sym = full.gamma['0.1'].symmetric;
    expect(sym.profitMean).toBeGreaterThan(55);
    expect(sym.profitMean).toBeLessThan(80);
    expect(sym.finalQStd).toBeGreaterThan(7);
    expect(sym.finalQStd).toBeLessThan(10.5);
  });

  it('the spread-term and fill-timing variants change what they claim to; the default is the paper convention', () => {
    const run = (o: Partial<As2008Options>) => runAvellanedaStoikov2008Replication({ seed: 2008, simulations: 20, gammas: [0.5], ...o }).gamma['0.5'].inventory;
    const liquidity = run({ spreadTerm: 'liquidity-only', fillTiming: 'after-move' });
    // The liquidity-only spread is the paper's printed (2/gamma) ln(1 + gamma/k) = 4 ln(4/3).
    expect(liquidity.spread).toBeCloseTo(4 * Math.log(4 / 3), 12);
    expect(run({})).toEqual(liquidity);
    // The full spread averages gamma sigma^2 (T - t) over the steps on top: 0.5 * 4 * mean(tau) = 1.005.
    const fullBefore = run({ spreadTerm: 'full', fillTiming: 'before-move' });
    expect(fullBefore.spread - liquidity.spread).toBeCloseTo(1.005, 9);
    const fullAfter = run({ spreadTerm: 'full', fillTiming: 'after-move' });
    expect(fullAfter.spread).toBe(fullBefore.spread);
    expect(fullAfter.profitMean).not.toBe(fullBefore.profitMean);
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const a = runAvellanedaStoikov2008Replication({ seed: 1, simulations: 20 });
    const b = runAvellanedaStoikov2008Replication({ seed: 1, simulations: 20 });
    const c = runAvellanedaStoikov2008Replication({ seed: 2, simulations: 20 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(c));
  });

  it('renders a markdown table with the paper figures in parentheses', () => {
    const md = as2008MarkdownTable(full);
    expect(md).toContain('| 0.1 | inventory |');
    expect(md).toContain('(62.94)');
  });

  it('rejects bad options', () => {
    expect(() => runAvellanedaStoikov2008Replication({ seed: 1, simulations: 1 })).toThrow(/simulations/);
    expect(() => runAvellanedaStoikov2008Replication({ seed: 1.5 })).toThrow(/seed/);
  });
});
