import { SeededRandom } from '@mml/core';
import { EquityRecorder, SAMPLE_ASK, SAMPLE_BID, SAMPLE_CASH, SAMPLE_INVENTORY, SAMPLE_MID, SAMPLE_OBSERVED, SAMPLE_TS } from './equity-recorder';
import { annualisedSharpe, annualisedSortino } from './run-statistics';

const INTERVAL = 60_000;
const PPY = 365 * 24 * 60;

/** A recorder with `n` samples on the grid: random equity moves, some gap samples, now and then a non-positive equity. */
function recorded(n: number, seed: number): EquityRecorder {
  const rng = new SeededRandom(seed);
  const rec = new EquityRecorder();
  let mid = 30_000;
  let cash = 1_000;
  let inventory = 0.5;
  for (let i = 0; i < n; i++) {
    mid *= 1 + 0.002 * rng.normal();
    if (rng.uniform() < 0.05) inventory += rng.uniform() < 0.5 ? 0.01 : -0.01;
    if (rng.uniform() < 0.002) cash = -20_000; // equity <= 0: periods from it are skipped
    else if (cash < 0) cash = 1_000;
    const at = rec.next();
    const row = rec.chunk;
    row[at + SAMPLE_TS] = i * INTERVAL;
    row[at + SAMPLE_OBSERVED] = i > 0 && rng.uniform() < 0.1 ? 0 : 1;
    row[at + SAMPLE_CASH] = cash;
    row[at + SAMPLE_INVENTORY] = inventory;
    row[at + SAMPLE_MID] = mid;
    row[at + SAMPLE_BID] = NaN;
    row[at + SAMPLE_ASK] = NaN;
  }
  return rec;
}

describe('EquityRecorder.returnRatios (what the metrics report)', () => {
  it('is bit-identical to annualisedSharpe / annualisedSortino of observedReturns, over chunks, gaps and partial final periods', () => {
    let compared = 0;
    for (const [n, seed] of [[0, 1], [1, 2], [2, 3], [3, 4], [65, 5], [700, 6], [9_000, 7]] as const) {
      const rec = recorded(n, seed);
      for (const finalTs of [NaN, n * INTERVAL - INTERVAL / 4, (n + 3) * INTERVAL]) {
        const finalEquity = 1_234.5 + n;
        const { returns, weights } = rec.observedReturns(INTERVAL, finalTs, finalEquity);
        const ratios = rec.returnRatios(INTERVAL, finalTs, finalEquity, PPY);
        expect(ratios.sharpe).toBe(annualisedSharpe(returns, PPY, weights));
        expect(ratios.sortino).toBe(annualisedSortino(returns, PPY, weights));
        if (returns.length >= 2) compared++;
        // Weights other than 1 occur (gaps, partial periods), so the weighted branches are covered.
        if (n >= 700) expect(weights.some((w) => w !== 1)).toBe(true);
      }
    }
    expect(compared).toBeGreaterThanOrEqual(10);
  });

  it('a long run after a short one: the reused scratch columns grow and leave nothing behind', () => {
    const long = recorded(20_000, 11);
    const short = recorded(5, 12);
    const expectShort = short.observedReturns(INTERVAL, NaN, 0);
    long.returnRatios(INTERVAL, NaN, 0, PPY);
    const again = short.returnRatios(INTERVAL, NaN, 0, PPY);
    expect(again.sharpe).toBe(annualisedSharpe(expectShort.returns, PPY, expectShort.weights));
    expect(again.sortino).toBe(annualisedSortino(expectShort.returns, PPY, expectShort.weights));
  });
});

describe('EquityRecorder.row (the equity series of a result)', () => {
  it('builds row i exactly as toRows does, in every chunk, and refuses indices outside the samples', () => {
    const rec = recorded(5_000, 21);
    const at = rec.next();
    rec.chunk[at + SAMPLE_BID] = 2_999_900;
    rec.chunk[at + SAMPLE_ASK] = 3_000_100;
    const price = (ticks: number) => ticks / 100;
    const rows = rec.toRows(price);
    expect(rows).toHaveLength(5_001);
    for (let i = 0; i < rows.length; i++) expect(rec.row(i, price)).toEqual(rows[i]);
    expect(rows[5_000]).toMatchObject({ bid: 29_999, ask: 30_001 });
    for (const bad of [-1, 5_001, 0.5, NaN]) expect(() => rec.row(bad, price)).toThrow(RangeError);
  });
});
