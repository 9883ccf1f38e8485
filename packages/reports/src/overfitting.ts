import { normalCdf, normalQuantile } from './normal-distribution';

/**
 * Overfitting statistics for a parameter search (walk-forward).
 *
 * PBO, the probability of backtest overfitting, by combinatorially symmetric cross-validation
 * (CSCV; Bailey, Borwein, Lopez de Prado & Zhu, "The Probability of Backtest Overfitting",
 * Journal of Computational Finance 20(4), 2017; SSRN 2326253, 2015):
 * - M is a T x N matrix of performance (rows = time blocks, columns = the N candidates tried).
 * - Split the rows into S contiguous groups (S even). For each of the C(S, S/2) ways to choose
 *   S/2 groups as the "in-sample" set J (the rest, J-bar, is "out-of-sample"):
 *   R = performance of every candidate on J, R-bar = on J-bar; n* = argmax R (first on ties);
 *   omega = relative rank of R-bar[n*] among R-bar, rank / (N + 1) (1 = worst; ties take the mid rank);
 *   logit lambda = ln(omega / (1 - omega)).
 * - PBO = share of combinations with lambda < 0: the in-sample winner ranked below the median
 *   out of sample ("underperforms the median", the paper's definition).
 * Here a block's performance is a candidate's Sharpe on that block and a set's performance is the
 * mean over its blocks (the paper concatenates the blocks' returns; with only per-block metrics
 * the mean Sharpe is the stand-in, documented).
 *
 * DSR, the deflated Sharpe ratio (Bailey & Lopez de Prado, "The Deflated Sharpe Ratio: Correcting
 * for Selection Bias, Backtest Overfitting and Non-Normality", Journal of Portfolio Management
 * 40(5), 2014), is the probabilistic Sharpe ratio of the observed SR against the Sharpe the best
 * of N unskilled trials would show:
 *   SR0 = sqrt(V[SR_n]) x ((1 - g) x Z^-1(1 - 1/N) + g x Z^-1(1 - 1/(N e))),   g = Euler-Mascheroni
 *   DSR = Z( (SR - SR0) x sqrt(T - 1) / sqrt(1 - skew x SR + (kurt - 1) / 4 x SR^2) )
 * with SR, SR0 and V[SR_n] per period (not annualised), T the number of returns, skew and kurt
 * (non-excess) of the returns, Z the standard normal CDF.
 */

const EULER_GAMMA = 0.5772156649015329;

export interface PboResult {
  /** Share of CSCV combinations whose in-sample winner ranked below the out-of-sample median. */
  pbo: number;
  /** Number of combinations C(S, S/2). */
  combinations: number;
  /** Groups S the rows were split into. */
  groups: number;
  /** The logit of every combination, in enumeration order. */
  logits: number[];
}

/**
 * PBO by CSCV over `matrix[t][n]` (T rows = blocks, N columns = candidates). Uses S = the largest
 * even number <= min(T, maxGroups) of contiguous, near-equal groups. null when T < 2 or N < 2.
 */
export function probabilityOfBacktestOverfitting(matrix: readonly (readonly number[])[], maxGroups = 16): PboResult | null {
  const T = matrix.length;
  if (T < 2) return null;
  const N = matrix[0].length;
  if (N < 2 || matrix.some((row) => row.length !== N || row.some((v) => !Number.isFinite(v)))) return null;
  const S = Math.min(T, maxGroups) - (Math.min(T, maxGroups) % 2);
  // Contiguous groups of near-equal size: group g holds rows [floor(g T / S), floor((g+1) T / S)).
  const groupOf = (g: number): number[] => {
    const rows: number[] = [];
    for (let t = Math.floor((g * T) / S); t < Math.floor(((g + 1) * T) / S); t++) rows.push(t);
    return rows;
  };
  const groups = Array.from({ length: S }, (_, g) => groupOf(g));
  const logits: number[] = [];
  let overfit = 0;
  for (const chosen of combinations(S, S / 2)) {
    const inSet = new Set(chosen);
    const train = groups.filter((_, g) => inSet.has(g)).flat();
    const test = groups.filter((_, g) => !inSet.has(g)).flat();
    const r = columnMeans(matrix, train, N);
    const rBar = columnMeans(matrix, test, N);
    let best = 0;
    for (let n = 1; n < N; n++) if (r[n] > r[best]) best = n;
    let below = 0;
    let equal = 0;
    for (let n = 0; n < N; n++) {
      if (rBar[n] < rBar[best]) below++;
      else if (rBar[n] === rBar[best]) equal++;
    }
    // Mid rank among ties (1 = worst), so identical candidates sit at the median.
    const rank = below + (equal + 1) / 2;
    const omega = rank / (N + 1);
    const lambda = Math.log(omega / (1 - omega));
    logits.push(lambda);
    if (lambda < 0) overfit++;
  }
  return { pbo: overfit / logits.length, combinations: logits.length, groups: S, logits };
}

export interface DeflatedSharpeInput {
  /** Observed Sharpe per period (not annualised). */
  sharpe: number;
  /** Number of returns behind it. */
  observations: number;
  /** Skewness of the returns. */
  skewness: number;
  /** Kurtosis of the returns (non-excess: 3 for a normal). */
  kurtosis: number;
  /** Number of independent trials (candidates tried). */
  trials: number;
  /** Variance of the trials' Sharpe ratios (per period). */
  trialSharpeVariance: number;
}

/** Expected maximum Sharpe of `trials` unskilled trials with Sharpe variance `variance` (SR0 above). */
export function expectedMaxSharpe(trials: number, variance: number): number {
  if (trials <= 1 || !(variance > 0)) return 0;
  return Math.sqrt(variance) * ((1 - EULER_GAMMA) * normalQuantile(1 - 1 / trials) + EULER_GAMMA * normalQuantile(1 - 1 / (trials * Math.E)));
}

/** Probabilistic Sharpe ratio of `sharpe` against a benchmark Sharpe (all per period). */
export function probabilisticSharpe(sharpe: number, benchmark: number, observations: number, skewness: number, kurtosis: number): number {
  const denominator = 1 - skewness * sharpe + ((kurtosis - 1) / 4) * sharpe * sharpe;
  if (observations < 2 || !(denominator > 0)) return NaN;
  return normalCdf(((sharpe - benchmark) * Math.sqrt(observations - 1)) / Math.sqrt(denominator));
}

/** The deflated Sharpe ratio (a probability in [0, 1]); NaN when undefined (fewer than 2 returns). */
export function deflatedSharpeRatio(input: DeflatedSharpeInput): number {
  const sr0 = expectedMaxSharpe(input.trials, input.trialSharpeVariance);
  return probabilisticSharpe(input.sharpe, sr0, input.observations, input.skewness, input.kurtosis);
}

/** Sample moments of a return series, poolable across runs (power sums). */
export interface ReturnMoments {
  n: number;
  sum: number;
  sum2: number;
  sum3: number;
  sum4: number;
}

/** Pools power sums (e.g. the out-of-sample folds of one format). */
export function poolMoments(parts: readonly ReturnMoments[]): ReturnMoments {
  const out = { n: 0, sum: 0, sum2: 0, sum3: 0, sum4: 0 };
  for (const p of parts) {
    out.n += p.n;
    out.sum += p.sum;
    out.sum2 += p.sum2;
    out.sum3 += p.sum3;
    out.sum4 += p.sum4;
  }
  return out;
}

/** Per-period Sharpe (sample std), skewness and non-excess kurtosis (population moments) from power sums. */
export function momentStatistics(m: ReturnMoments): { sharpe: number; skewness: number; kurtosis: number } {
  if (m.n < 2) return { sharpe: NaN, skewness: NaN, kurtosis: NaN };
  const mean = m.sum / m.n;
  const c2 = m.sum2 / m.n - mean * mean;
  const c3 = m.sum3 / m.n - 3 * mean * (m.sum2 / m.n) + 2 * mean ** 3;
  const c4 = m.sum4 / m.n - 4 * mean * (m.sum3 / m.n) + 6 * mean * mean * (m.sum2 / m.n) - 3 * mean ** 4;
  const sampleVar = (c2 * m.n) / (m.n - 1);
  if (!(c2 > 0)) return { sharpe: 0, skewness: 0, kurtosis: 3 };
  return { sharpe: mean / Math.sqrt(sampleVar), skewness: c3 / c2 ** 1.5, kurtosis: c4 / (c2 * c2) };
}

function columnMeans(matrix: readonly (readonly number[])[], rows: readonly number[], N: number): Float64Array {
  const out = new Float64Array(N);
  for (const t of rows) for (let n = 0; n < N; n++) out[n] += matrix[t][n];
  for (let n = 0; n < N; n++) out[n] /= rows.length;
  return out;
}

/** Every k-subset of {0..n-1}, in lexicographic order. */
function* combinations(n: number, k: number): Generator<number[]> {
  const idx = Array.from({ length: k }, (_, i) => i);
  while (true) {
    yield idx.slice();
    let i = k - 1;
    while (i >= 0 && idx[i] === n - k + i) i--;
    if (i < 0) return;
    idx[i]++;
    for (let j = i + 1; j < k; j++) idx[j] = idx[j - 1] + 1;
  }
}
