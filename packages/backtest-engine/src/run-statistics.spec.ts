import { runBacktest } from './run-backtest';
import { annualisedSharpe, annualisedSortino } from './run-statistics';
import { NO_FEES, ScriptedStrategy, candle } from './testing.test-helpers';

const PPY = 365 * 24 * 60; // 1-minute periods

describe('Sharpe / Sortino with period lengths', () => {
  it('reduce to the plain estimators with unit weights', () => {
    const r = [0.01, -0.02, 0.03, 0.005];
    expect(annualisedSharpe(r, PPY, [1, 1, 1, 1])).toBeCloseTo(annualisedSharpe(r, PPY), 12);
    expect(annualisedSortino(r, PPY, [1, 1, 1, 1])).toBeCloseTo(annualisedSortino(r, PPY), 12);
  });

  it('weight a return by its length: mean = sum r / sum w, variance = sum (r - mean w)^2 / w / (n - 1)', () => {
    const r = [0.01, 0.03, 0.005];
    const w = [1, 2, 0.25];
    const mean = 0.045 / 3.25;
    const variance = ((0.01 - mean) ** 2 + (0.03 - 2 * mean) ** 2 / 2 + (0.005 - 0.25 * mean) ** 2 / 0.25) / 2;
    expect(annualisedSharpe(r, PPY, w)).toBeCloseTo((mean / Math.sqrt(variance)) * Math.sqrt(PPY), 9);
  });
});

describe('engine Sharpe over the sampled equity curve', () => {
  // Long 1 BTC (no cash), price path per minute; Sharpe is on the equity = price.
  const idle = new ScriptedStrategy(() => undefined);
  const run = (events: ReturnType<typeof candle>[]) =>
    runBacktest({ events, instrument: NO_FEES, strategy: idle, config: { quoteBudget: 1e-9, initialInventory: 1, risk: { liquidationEquityFraction: 0 } } }).metrics.sharpe;
  const prices = [100, 101, 100.5, 102, 101.5, 103];

  it('a data gap is one return over its length, not zero returns', () => {
    // The same six closes, with 30 minutes without data between the 3rd and 4th.
    const gapped = prices.map((p, i) => candle((i < 3 ? i : i + 30) * 60_000, p, p, p, p));
    const r = prices.slice(1).map((p, i) => p / prices[i] - 1);
    const w = [1, 1, 31, 1, 1];
    expect(run(gapped)).toBeCloseTo(annualisedSharpe(r, PPY, w), 6);
    // Zero-padding the gap (30 flat periods) would give a different, biased figure.
    const padded = [...r.slice(0, 2), ...Array(30).fill(0), ...r.slice(2)];
    expect(Math.abs(run(gapped) - annualisedSharpe(padded, PPY))).toBeGreaterThan(1);
  });

  it('the final partial period is weighted by its length', () => {
    // Five whole minutes, then a last close 15 s later (a partial period).
    const events = prices.map((p, i) => candle(i * 60_000, p, p, p, p));
    events.push({ ...candle(5 * 60_000, 103, 104, 103, 104), ts: 5 * 60_000 + 75_000 });
    const all = [...prices, 104];
    const r = all.slice(1).map((p, i) => p / all[i] - 1);
    expect(run(events)).toBeCloseTo(annualisedSharpe(r, PPY, [1, 1, 1, 1, 1, 0.25]), 6);
  });
});
