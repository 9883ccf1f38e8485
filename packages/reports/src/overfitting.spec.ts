import { deflatedSharpeRatio, expectedMaxSharpe, momentStatistics, poolMoments, probabilisticSharpe, probabilityOfBacktestOverfitting } from './overfitting';
import { normalCdf, normalQuantile } from './normal-distribution';

describe('normal distribution', () => {
  it('matches tabulated values', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.96)).toBeCloseTo(0.9750021, 6);
    expect(normalCdf(-2.5)).toBeCloseTo(0.0062097, 6);
    expect(normalQuantile(0.99)).toBeCloseTo(2.3263479, 6);
    expect(normalQuantile(0.025)).toBeCloseTo(-1.959964, 6);
    expect(normalQuantile(0.9963212)).toBeCloseTo(2.680209, 5);
  });
});

describe('probability of backtest overfitting (CSCV)', () => {
  it('equals the hand-computed value on a 4 x 3 matrix', () => {
    // Rows = folds, columns = candidates. S = 4 groups, C(4, 2) = 6 splits, worked by hand:
    // J={0,1}: winner 0, OOS mid rank 2/4 -> logit 0;  J={0,2}: winner 0, OOS rank 1 -> ln(1/3);
    // J={0,3}: winner 0 (tie, first), OOS rank 3 -> ln 3;  J={1,2}: winner 0, OOS 3-way tie rank 2 -> 0;
    // J={1,3}: winner 2, OOS tie rank 1.5 -> ln(0.6);  J={2,3}: winner 1, OOS rank 1 -> ln(1/3).
    // Below the median (logit < 0): 3 of 6.
    const m = [
      [3, 1, 2],
      [2, 1, 3],
      [3, 2, 1],
      [1, 3, 2],
    ];
    const result = probabilityOfBacktestOverfitting(m);
    expect(result).not.toBeNull();
    expect(result?.combinations).toBe(6);
    expect(result?.groups).toBe(4);
    expect(result?.pbo).toBe(0.5);
    const logits = result?.logits ?? [];
    [0, Math.log(1 / 3), Math.log(3), 0, Math.log(0.6), Math.log(1 / 3)].forEach((want, i) => expect(logits[i]).toBeCloseTo(want, 12));
  });

  it('is 0 for a candidate that wins every fold and 1 when the in-sample winner always loses out of sample', () => {
    const dominant = [[5, 1, 2], [4, 0, 1], [6, 2, 3], [5, 3, 1]];
    expect(probabilityOfBacktestOverfitting(dominant)?.pbo).toBe(0);
    const flipping = [[1, 0], [0, 1]];
    expect(probabilityOfBacktestOverfitting(flipping)?.pbo).toBe(1);
  });

  it('uses an even number of groups (odd fold counts merge one fold into a group) and refuses degenerate input', () => {
    const five = [[1, 0], [0, 1], [1, 0], [0, 1], [1, 0]];
    expect(probabilityOfBacktestOverfitting(five)?.groups).toBe(4);
    expect(probabilityOfBacktestOverfitting([[1, 2]])).toBeNull();
    expect(probabilityOfBacktestOverfitting([[1], [2]])).toBeNull();
    expect(probabilityOfBacktestOverfitting([[1, 2], [1]])).toBeNull();
    expect(probabilityOfBacktestOverfitting([[1, NaN], [1, 2]])).toBeNull();
  });
});

describe('deflated Sharpe ratio', () => {
  it("reproduces Bailey & Lopez de Prado (2014)'s worked example", () => {
    // N = 100 trials, V[SR] = 0.5 annualised, SR = 2.5 annualised, T = 1250 daily returns,
    // skew -3, kurtosis 10, 250 periods a year: SR0 = 0.1132 per day and DSR = 0.9004 (the paper).
    const variance = 0.5 / 250;
    expect(expectedMaxSharpe(100, variance)).toBeCloseTo(0.1132, 4);
    const dsr = deflatedSharpeRatio({ sharpe: 2.5 / Math.sqrt(250), observations: 1250, skewness: -3, kurtosis: 10, trials: 100, trialSharpeVariance: variance });
    expect(dsr).toBeCloseTo(0.9004, 3);
  });

  it('reduces to the probabilistic Sharpe against 0 with one trial', () => {
    const psr = probabilisticSharpe(0.1, 0, 101, 0, 3);
    // z = 0.1 x 10 / sqrt(1 + 0.5 x 0.01) = 0.997509
    expect(psr).toBeCloseTo(normalCdf(1 / Math.sqrt(1.005)), 12);
    expect(deflatedSharpeRatio({ sharpe: 0.1, observations: 101, skewness: 0, kurtosis: 3, trials: 1, trialSharpeVariance: 0.3 })).toBeCloseTo(psr, 12);
    expect(Number.isNaN(deflatedSharpeRatio({ sharpe: 0.1, observations: 1, skewness: 0, kurtosis: 3, trials: 5, trialSharpeVariance: 0.1 }))).toBe(true);
  });

  it('computes Sharpe, skewness and kurtosis from pooled power sums', () => {
    const returns = [0.01, -0.02, 0.03, 0.0, 0.01, -0.01];
    const sums = (xs: number[]) => ({ n: xs.length, sum: xs.reduce((a, b) => a + b, 0), sum2: xs.reduce((a, b) => a + b * b, 0), sum3: xs.reduce((a, b) => a + b ** 3, 0), sum4: xs.reduce((a, b) => a + b ** 4, 0) });
    const pooled = poolMoments([sums(returns.slice(0, 2)), sums(returns.slice(2))]);
    const s = momentStatistics(pooled);
    const mean = 0.02 / 6;
    const dev = returns.map((r) => r - mean);
    const m2 = dev.reduce((a, d) => a + d * d, 0) / 6;
    expect(s.sharpe).toBeCloseTo(mean / Math.sqrt((m2 * 6) / 5), 10);
    expect(s.skewness).toBeCloseTo(dev.reduce((a, d) => a + d ** 3, 0) / 6 / m2 ** 1.5, 10);
    expect(s.kurtosis).toBeCloseTo(dev.reduce((a, d) => a + d ** 4, 0) / 6 / (m2 * m2), 10);
  });
});
