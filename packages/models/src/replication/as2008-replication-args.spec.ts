import { as2008ReplicationUsage, parseAs2008ReplicationArgs } from './as2008-replication-args';

const parseReplicationArgs = (argv: string[]) => parseAs2008ReplicationArgs(argv, 'replicate-as2008');

describe('A-S 2008 replication arguments (replicate-as2008, replicate-as2008-engine)', () => {
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
    expect(() => parseReplicationArgs(['--fill-timing', 'later'])).toThrow(/^error: --fill-timing must be one of after-move, before-move, got "later"/);
    expect(() => parseAs2008ReplicationArgs(['--spread-term', 'half'], 'replicate-as2008-engine')).toThrow(`\n${as2008ReplicationUsage('replicate-as2008-engine')}`);
  });
});
