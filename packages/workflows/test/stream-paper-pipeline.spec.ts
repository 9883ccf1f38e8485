import { StreamPaperPipeline, type PaperFill, type PipelineFault } from '../src/stream-paper/stream-paper-pipeline';
import { captureLines, haveUsdmCapture, snapshotLineAfter, USDM_CAPTURE, usdmSpec } from './stream-capture.test-helpers';

// The first 50,000 lines of the shared USD-M capture: glft fills at lines 10236..49307.
const LINES = 50_000;
const DROP = 42_000; // a depth diff dropped here (a sequence gap) ...
const RESYNC = 44_500; // ... and the resync snapshot received here

function run(lines: readonly string[], onLine?: (pipeline: StreamPaperPipeline, line: number) => void) {
  const faults: PipelineFault[] = [];
  const fillLines: number[] = [];
  let n = 0;
  const pipeline = new StreamPaperPipeline(usdmSpec('glft'), 'capture', { onFault: (f) => faults.push(f), onFill: () => fillLines.push(n) });
  for (const line of lines) {
    n++;
    pipeline.onLine(line);
    onLine?.(pipeline, n);
  }
  return { pipeline, faults, fills: pipeline.fills, fillLines, result: pipeline.finish() };
}

(haveUsdmCapture ? describe : describe.skip)('stream paper pipeline on the shared USD-M capture', () => {
  let lines: string[];
  let gapped: string[];
  let dropIndex: number;
  beforeAll(async () => {
    lines = await captureLines(USDM_CAPTURE, LINES);
    // The first depth diff at or after DROP is lost; a fresh snapshot arrives at RESYNC.
    dropIndex = lines.findIndex((l, i) => i >= DROP && l.includes('depthUpdate'));
    const snapshot = snapshotLineAfter(lines, RESYNC, 0.1);
    gapped = [...lines.slice(0, dropIndex), ...lines.slice(dropIndex + 1, RESYNC), snapshot, ...lines.slice(RESYNC)];
  }, 60_000);

  it('a depth sequence gap withdraws the quotes and no fill is simulated until the resync snapshot', () => {
    const clean = run(lines);
    let openAfterGap: { cancelAtTs: number }[] | undefined;
    const gap = run(gapped, (pipeline, n) => {
      if (openAfterGap === undefined && pipeline.bookUnknown && n > 100) {
        openAfterGap = pipeline.engine.openOrders().map((o) => ({ cancelAtTs: o.cancelAtTs }));
      }
    });
    const gapFault = gap.faults.find((f) => f.kind === 'sequence-gap');
    const resync = gap.faults.find((f) => f.kind === 'resync');
    // The gap is found on the first diff after the dropped one, the resync on the snapshot line.
    expect(gapFault?.line).toBeGreaterThan(dropIndex);
    expect(gapFault?.message).toMatch(/pu \d+ != previous u \d+/);
    expect(resync?.line).toBe(RESYNC); // the snapshot is line RESYNC (1-based) of the gapped stream
    expect(gap.faults.filter((f) => f.kind === 'sequence-gap')).toHaveLength(1);
    // Quotes out at the gap: every working order is being cancelled, by the guard's empty intent.
    expect(openAfterGap!.length).toBeGreaterThan(0);
    expect(openAfterGap!.every((o) => Number.isFinite(o.cancelAtTs))).toBe(true);
    // Without the gap the strategy is filled between the two points; with it, never.
    const between = (fillLines: number[], from: number, to: number) => fillLines.filter((l) => l > from && l < to).length;
    expect(between(clean.fillLines, dropIndex + 1, RESYNC)).toBeGreaterThan(3);
    expect(between(gap.fillLines, gapFault!.line - 1, RESYNC)).toBe(0);
    // Before the gap the two runs are the same session; after the resync trading resumes.
    const before = (fills: PaperFill[], fillLines: number[]) => fills.filter((_, i) => fillLines[i] <= dropIndex);
    expect(JSON.stringify(before(gap.fills, gap.fillLines))).toBe(JSON.stringify(before(clean.fills, clean.fillLines)));
    expect(gap.fillLines.some((l) => l > RESYNC)).toBe(true);
    expect(gap.pipeline.counters).toMatchObject({ gaps: 1, resyncs: 1 });
  });

  it('garbage lines are one fault each and change nothing else (same lines, same fills, byte for byte)', () => {
    const some = lines.slice(0, 12_000);
    const withGarbage = [...some.slice(0, 5000), '1723161272000000000 {"stream":"btcusdt@depth@0ms","data":', 'not a line at all', ...some.slice(5000)];
    const a = run(some);
    const b = run(withGarbage);
    expect(b.faults.map((f) => f.kind)).toEqual(['unparseable', 'unparseable']);
    expect(a.fills.length).toBeGreaterThan(0);
    expect(JSON.stringify(b.fills)).toBe(JSON.stringify(a.fills));
    expect(JSON.stringify(b.result.attribution)).toBe(JSON.stringify(a.result.attribution));
  });
});
