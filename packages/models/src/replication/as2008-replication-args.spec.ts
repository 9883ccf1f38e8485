import { parseReplicationArgs } from './replicate-as2008';

describe('replicate-as2008 arguments', () => {
  it("defaults to artifacts/replication, seed 2008, 1000 simulations, the paper's convention", () => {
    expect(parseReplicationArgs([])).toEqual({ out: 'artifacts/replication', seed: 2008, simulations: 1000, spreadTerm: 'liquidity-only', fillTiming: 'after-move' });
  });

  it('reads --flag value and --flag=value forms', () => {
    expect(parseReplicationArgs(['--out', 'x', '--seed=7', '--simulations', '20', '--spread-term', 'full', '--fill-timing=before-move'])).toEqual({
      out: 'x', seed: 7, simulations: 20, spreadTerm: 'full', fillTiming: 'before-move',
    });
  });

  it('names the bad flag', () => {
    expect(() => parseReplicationArgs(['--seed', 'abc'])).toThrow(/--seed must be an integer/);
    expect(() => parseReplicationArgs(['--simulations', '1'])).toThrow(/--simulations/);
    expect(() => parseReplicationArgs(['--wat'])).toThrow(/unknown argument --wat/);
    expect(() => parseReplicationArgs(['--out'])).toThrow(/--out needs a value/);
    expect(() => parseReplicationArgs(['--fill-timing', 'later'])).toThrow(/--fill-timing/);
  });
});
