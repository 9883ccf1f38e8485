import { downsampleMinMax, downsampleStride } from './downsample';

describe('downsampleMinMax', () => {
  const ramp = (n: number) => Array.from({ length: n }, (_, i) => ({ i, v: Math.sin(i / 50) * i }));

  it('returns short inputs unchanged', () => {
    const points = ramp(10);
    expect(downsampleMinMax(points, 100, (p) => p.v)).toEqual(points);
  });

  it('keeps at most maxPoints, in time order, with first, last and the global extremes', () => {
    const points = ramp(100000);
    points[54321].v = -1e9; // a single deep spike must survive
    points[77777].v = 1e9;
    const out = downsampleMinMax(points, 2000, (p) => p.v);
    expect(out.length).toBeLessThanOrEqual(2000);
    expect(out.length).toBeGreaterThan(1900);
    expect(out[0].i).toBe(0);
    expect(out[out.length - 1].i).toBe(99999);
    for (let k = 1; k < out.length; k++) expect(out[k].i).toBeGreaterThan(out[k - 1].i);
    expect(out.some((p) => p.i === 54321)).toBe(true);
    expect(out.some((p) => p.i === 77777)).toBe(true);
  });

  it('rejects a useless limit', () => {
    expect(() => downsampleMinMax(ramp(10), 2, (p) => p.v)).toThrow(/maxPoints/);
  });
});

describe('downsampleStride', () => {
  it('keeps at most maxItems evenly spaced items', () => {
    const items = Array.from({ length: 10001 }, (_, i) => i);
    const out = downsampleStride(items, 1000);
    expect(out.length).toBeLessThanOrEqual(1000);
    expect(out[0]).toBe(0);
    expect(out[1] - out[0]).toBe(out[2] - out[1]);
  });
});
