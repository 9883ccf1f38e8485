import { runAs2008RlLearning } from './as2008-rl-learning';

// The learning result itself (trained vs untrained vs closed form, determinism) is tested through
// the built CLI in test/rl-learning-curve.e2e.spec.ts: training is ~20x slower inside jest.
describe('runAs2008RlLearning options', () => {
  it('rejects bad options by name', () => {
    expect(() => runAs2008RlLearning({ seed: 1.5 })).toThrow(/seed/);
    expect(() => runAs2008RlLearning({ seed: 1, episodes: 0 })).toThrow(/episodes/);
    expect(() => runAs2008RlLearning({ seed: 1, discount: 1 })).toThrow(/discount/);
    expect(() => runAs2008RlLearning({ seed: 1, gamma: -1 })).toThrow(/gamma/);
    expect(() => runAs2008RlLearning({ seed: 1, halfSpread: 0 })).toThrow(/halfSpread/);
  });

  it('scores policies on common paths: a tiny run is deterministic and reports every policy', () => {
    const run = () => runAs2008RlLearning({ seed: 3, episodes: 20, evaluateEvery: 10, curvePaths: 5, finalPaths: 20 });
    const { trainingMs: _a, ...a } = run();
    const { trainingMs: _b, ...b } = run();
    expect(b).toEqual(a);
    expect(a.curve).toHaveLength(2);
    expect(Object.keys(a.final)).toEqual(['paths', 'closedForm', 'symmetric', 'untrained', 'trained']);
    for (const score of [a.final.closedForm, a.final.untrained]) expect(Number.isFinite(score.certaintyEquivalent)).toBe(true);
  });
});
