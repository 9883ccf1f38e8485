import { ConfigError } from '@mml/core';
import { RiskStateTracker } from './risk-state-tracker';
import { candle, context } from './risk-fixtures.test-helpers';

const MIN = 60_000;

function feed(tracker: RiskStateTracker, closes: number[], start = 0) {
  // The tracker updates one state object in place: keep a copy of each.
  return closes.map((close, i) => ({ ...tracker.update(candle(start + (i + 1) * MIN, close), context({ now: start + (i + 1) * MIN, mid: close })) }));
}

describe('RiskStateTracker', () => {
  it('reports NaN sigma during warm-up, then the closed-form per-bar sigma', () => {
    const tracker = new RiskStateTracker({ warmupBars: 10 });
    // Alternating +-1% log returns: every squared return is 1e-4, so any EWMA of them is 1e-4.
    const closes = [100];
    for (let i = 0; i < 40; i++) closes.push(closes[closes.length - 1] * Math.exp(i % 2 === 0 ? 0.01 : -0.01));
    const states = feed(tracker, closes);
    expect(states[9].sigma).toBeNaN(); // 9 returns seen
    expect(states[10].sigma).toBeCloseTo(0.01, 10);
    expect(states[40].sigmaSlow).toBeCloseTo(0.01, 10);
    expect(states[40].bars).toBe(40);
  });

  it('window returns are ln(mid now / mid n bars ago), bit for bit, as the history ring wraps many times', () => {
    const tracker = new RiskStateTracker({ returnWindowBars: 3, trendWindowBars: 7 });
    const closes = Array.from({ length: 100 }, (_, i) => 100 * Math.exp(0.01 * Math.sin(i * 1.7) + 0.002 * i));
    const states = feed(tracker, closes);
    for (let t = 7; t < closes.length; t++) {
      expect(Object.is(states[t].recentReturn, Math.log(closes[t] / closes[t - 3]))).toBe(true);
      expect(Object.is(states[t].trendReturn, Math.log(closes[t] / closes[t - 7]))).toBe(true);
    }
  });

  it('measures the recent and trend returns over bar windows', () => {
    const tracker = new RiskStateTracker({ returnWindowBars: 2, trendWindowBars: 4 });
    const states = feed(tracker, [100, 101, 102, 103, 104, 105]);
    expect(states[1].recentReturn).toBe(0); // not enough history yet
    expect(states[5].recentReturn).toBeCloseTo(Math.log(105 / 103), 12);
    expect(states[5].trendReturn).toBeCloseTo(Math.log(105 / 101), 12);
  });

  it('scales a gap of k bars by 1/sqrt(k) for volatility but not for returns', () => {
    const tracker = new RiskStateTracker({ warmupBars: 1, returnWindowBars: 1 });
    tracker.update(candle(MIN, 100), context({ now: MIN, mid: 100 }));
    // Next sample 4 bars later (an 80-minute halt in miniature).
    const state = tracker.update(candle(5 * MIN, 100 * Math.exp(0.02)), context({ now: 5 * MIN, mid: 100 * Math.exp(0.02) }));
    expect(state.sigma).toBeCloseTo(0.02 / Math.sqrt(4), 12);
    expect(state.recentReturn).toBeCloseTo(0.02, 12);
  });

  it('samples at most once per bar on tick data and reads drawdown and inventory from the context', () => {
    const tracker = new RiskStateTracker({ warmupBars: 1 });
    tracker.update(candle(1000, 100), context({ now: 1000, mid: 100 }));
    const inBar = tracker.update(candle(30_000, 120), context({ now: 30_000, mid: 120 }));
    expect(inBar.bars).toBe(0);
    const next = tracker.update(candle(61_000, 110), context({ now: 61_000, mid: 110, equity: 9000, peakEquity: 10_500, inventory: 0.5, inventoryLots: 50_000 }));
    expect(next.bars).toBe(1);
    expect(next.sigma).toBeCloseTo(Math.abs(Math.log(110 / 100)), 12);
    expect(next.drawdown).toBeCloseTo(0.15, 12);
    expect(next.inventoryFraction).toBeCloseTo((0.5 * 110) / 10_000, 12);
    expect(next.midTicks).toBeCloseTo(11_000, 6);
  });

  it('rejects bad config naming the key', () => {
    expect(() => new RiskStateTracker({ barMs: 10 })).toThrow(ConfigError);
    expect(() => new RiskStateTracker({ sigmaTarge: 1 })).toThrow(/riskState.sigmaTarge/);
  });
});
