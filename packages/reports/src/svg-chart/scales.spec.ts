import { linearScale, tickStep } from './linear-scale';
import { formatTick } from './number-format';
import { symbolOutline } from './symbols';
import { escapeXml, px, truncateText } from './svg-text';
import { formatUtcMinute, timeTicks } from './time-scale';

describe('chart scales, ticks and labels', () => {
  it('linear ticks are 1/2/5 x 10^k steps, the nice domain ends on ticks and covers the data', () => {
    for (const [lo, hi, zero] of [[0.013, 0.187, false], [-1234, 987, false], [27_312.5, 30_988.1, false], [3, 7, true], [-0.00042, 0.0031, false]] as const) {
      const s = linearScale([lo, hi], [220, 0], { zero, nice: true, tickCount: 5 });
      const mantissa = s.step / Math.pow(10, Math.floor(Math.log10(s.step) + 1e-9));
      expect([1, 2, 5]).toContainEqual(Math.round(mantissa * 1e9) / 1e9);
      expect(s.domain[0]).toBeLessThanOrEqual(zero ? 0 : lo);
      expect(s.domain[1]).toBeGreaterThanOrEqual(hi);
      expect(s.ticks[0]).toBeCloseTo(s.domain[0], 9);
      expect(s.ticks[s.ticks.length - 1]).toBeCloseTo(s.domain[1], 9);
      expect(s.ticks.length).toBeGreaterThanOrEqual(3);
      expect(s.ticks.length).toBeLessThanOrEqual(12);
      // No float noise in a tick (0.30000000000000004 would print as such).
      for (const t of s.ticks) expect(String(t).length).toBeLessThan(12);
      expect(s.map(s.domain[0])).toBe(220);
      expect(s.map(s.domain[1])).toBe(0);
    }
    expect(tickStep(0, 10, 5)).toBe(2);
    expect(tickStep(0, 1, 10)).toBe(0.1);
    expect(linearScale([0.1, 0.3], [100, 0], { zero: false, nice: true, tickCount: 2 }).ticks).toEqual([0.1, 0.2, 0.3]);
  });

  it('a constant series still gets a usable scale', () => {
    const s = linearScale([5, 5], [100, 0], { zero: false, nice: true, tickCount: 5 });
    expect(s.domain[0]).toBeLessThan(5);
    expect(s.domain[1]).toBeGreaterThan(5);
    expect(Number.isFinite(s.map(5))).toBe(true);
  });

  it('time ticks sit on round UTC instants: Sundays for a month, hours for a few hours', () => {
    const start = Date.UTC(2023, 3, 1, 21, 3);
    const month = timeTicks(start, start + 30 * 86_400_000, 7);
    expect(month.map(formatUtcMinute)).toEqual(['2023-04-02 00:00', '2023-04-09 00:00', '2023-04-16 00:00', '2023-04-23 00:00', '2023-04-30 00:00']);
    expect(month.every((t) => new Date(t).getUTCDay() === 0)).toBe(true);
    const hours = timeTicks(start, start + 6 * 3_600_000, 7);
    expect(hours.map(formatUtcMinute)).toEqual(['2023-04-01 22:00', '2023-04-01 23:00', '2023-04-02 00:00', '2023-04-02 01:00', '2023-04-02 02:00', '2023-04-02 03:00']);
    // Fewer labels allowed: the next coarser round interval (3 hours).
    expect(timeTicks(start, start + 6 * 3_600_000, 4).map(formatUtcMinute)).toEqual(['2023-04-02 00:00', '2023-04-02 03:00']);
    const years = timeTicks(Date.UTC(2020, 5, 1), Date.UTC(2023, 5, 1), 5);
    expect(years.map(formatUtcMinute)).toEqual(['2021-01-01 00:00', '2022-01-01 00:00', '2023-01-01 00:00']);
  });

  it('tick labels carry the decimals the step needs, group thousands, and format % like Vega-Lite', () => {
    expect(formatTick(30_500, 500, undefined)).toBe('30,500');
    expect(formatTick(-1_500, 500, undefined)).toBe('−1,500');
    expect(formatTick(0.15, 0.05, undefined)).toBe('0.15');
    expect(formatTick(0, 0.05, undefined)).toBe('0.00');
    expect(formatTick(0.05, 0.05, '%')).toBe('5%');
    expect(formatTick(-0.125, 0.005, '%')).toBe('−12.5%');
    expect(formatTick(0.002, 0.001, '%')).toBe('0.2%');
  });

  it('escapes markup, writes coordinates at 1/100 px, truncates long labels with an ellipsis', () => {
    expect(escapeXml(`a<b>&"c"'`)).toBe('a&lt;b&gt;&amp;&quot;c&quot;&#39;');
    expect([px(1.005), px(-0.001), px(12), px(3.14159)]).toEqual(['1', '0', '12', '3.14']);
    expect(truncateText('short', 10, 200)).toBe('short');
    const cut = truncateText('a very long legend label that cannot fit', 10, 60);
    expect(cut.endsWith('…')).toBe(true);
    expect(cut.length).toBeLessThan(20);
  });

  it('every symbol outline closes on itself (relative moves after the first sum to zero)', () => {
    for (const shape of ['square', 'cross', 'diamond', 'triangle-up', 'triangle-down', 'triangle-left', 'triangle-right'] as const) {
      const outline = symbolOutline(shape, 50);
      const lines = [...outline.matchAll(/l(-?[\d.]+),(-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
      const start = outline.match(/^m(-?[\d.]+),(-?[\d.]+)/);
      expect(start).not.toBeNull();
      // The last vertex connects back to the first: the polygon's own moves plus the closing edge.
      expect(lines.length).toBeGreaterThanOrEqual(2);
      expect(outline.endsWith('z')).toBe(true);
    }
    expect(symbolOutline('triangle-up', 50)).not.toBe(symbolOutline('triangle-down', 50));
  });
});
