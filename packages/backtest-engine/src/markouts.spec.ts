import fc from 'fast-check';
import { MarkoutTracker } from './markouts';

/** Naive reference: for each fill and horizon, the last mid with clock <= fill clock + horizon. */
function reference(fills: { price: number; sign: number; clock: number }[], mids: { clock: number; mid: number }[], horizon: number, end: number) {
  const values: number[] = [];
  for (const f of fills) {
    const due = f.clock + horizon;
    if (due > end) continue;
    let mid = NaN;
    for (const m of mids) if (m.clock <= due) mid = m.mid;
    values.push((f.sign * (mid - f.price) * 1e4) / f.price);
  }
  const n = values.length;
  const mean = n > 0 ? values.reduce((a, b) => a + b, 0) / n : 0;
  const variance = n > 1 ? values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1) : 0;
  return { mean, stderr: n > 1 ? Math.sqrt(variance / n) : 0, n };
}

describe('MarkoutTracker', () => {
  it('matches a naive per-fill computation, through ring growth (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ dt: fc.integer({ min: 0, max: 3_000 }), mid: fc.integer({ min: 9_000, max: 11_000 }), fills: fc.integer({ min: 0, max: 12 }) }), { minLength: 1, maxLength: 120 }),
        (steps) => {
          const tracker = MarkoutTracker.forTime();
          const fills: { price: number; sign: number; clock: number }[] = [];
          const mids: { clock: number; mid: number }[] = [];
          let ts = 0;
          let mid = 100;
          steps.forEach((s, i) => {
            ts += s.dt;
            // Fills of this event are booked against the mid before it (the engine's order).
            for (let k = 0; k < s.fills; k++) {
              const sign = (i + k) % 2 === 0 ? 1 : -1;
              const price = mid * (1 - sign * 0.0005);
              tracker.add(price, sign, ts);
              fills.push({ price, sign, clock: ts });
            }
            tracker.resolveBefore(ts, mid);
            mid = s.mid / 100;
            mids.push({ clock: ts, mid });
          });
          tracker.resolveUpTo(ts, mid);
          const stats = tracker.stats();
          for (const [label, ms] of [['1s', 1_000], ['10s', 10_000], ['60s', 60_000], ['300s', 300_000]] as const) {
            const want = reference(fills, mids, ms, ts);
            expect(stats[label].n).toBe(want.n);
            expect(stats[label].mean).toBeCloseTo(want.mean, 6);
            expect(stats[label].stderr).toBeCloseTo(want.stderr, 6);
          }
        },
      ),
      { numRuns: 60, seed: 3 },
    );
  });

  it('bar markouts resolved in batches (closeBar) equal resolving at every bar, bit for bit (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ mid: fc.integer({ min: 9_000, max: 11_000 }), fills: fc.integer({ min: 0, max: 5 }), sparse: fc.boolean() }), { minLength: 600, maxLength: 1_200 }),
        fc.boolean(),
        (bars, sparseRun) => {
          const batched = MarkoutTracker.forBars();
          const everyBar = MarkoutTracker.forBars();
          let mid = 100;
          bars.forEach((b, i) => {
            // Fills of a bar are booked at the bar count before it, against the previous close.
            // Sparse runs fill on few bars, so that the close ring (not the fill ring) decides when fills resolve.
            const fills = sparseRun ? (b.sparse && b.fills === 5 ? 1 : 0) : b.fills;
            for (let k = 0; k < fills; k++) {
              const sign = (i + k) % 2 === 0 ? 1 : -1;
              batched.add(mid * (1 - sign * 0.0005), sign, i);
              everyBar.add(mid * (1 - sign * 0.0005), sign, i);
            }
            mid = b.mid / 100;
            batched.closeBar(i + 1, mid);
            everyBar.resolveBefore(i + 1, mid);
          });
          expect(batched.stats()).toEqual(everyBar.stats());
        },
      ),
      // 600 to 1 200 bars: several flushes of the close ring (256 bars); dense runs grow the fill ring.
      { numRuns: 40, seed: 5 },
    );
  });
});
