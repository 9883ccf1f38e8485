import { DEFAULT_GATES, vegaLiteSpecs, type ReportInput, type ReportSeries } from '@mml/reports';
import type { ChartThread } from './chart-thread';
import { reportSeries, type ChartedRun } from './run-report';

/**
 * Which of a research report's charts are final before the matrix ends, sent to the chart thread
 * as soon as they are (chart-thread.ts):
 *   - `fills-<format>` (fills on the price) reads only that format's charted run: drawn when it
 *     completes;
 *   - equity, drawdown, inventory, quotes and fills read every charted run (one per format, in
 *     row order): drawn when the last of them completes;
 *   - the comparison and attribution charts read every row: left to the report, at the end.
 * A prefetched chart is used only if the report's final spec is the same JSON, so a wrong guess
 * here costs time on the chart thread, never a different page.
 */
export class ChartPrefetch {
  private readonly runs = new Map<number, ChartedRun>();

  /** `expected`: charted runs of the matrix (those that keep an equity curve). */
  constructor(
    private readonly charts: Pick<ChartThread, 'threaded' | 'prefetch'>,
    private readonly expected: number,
  ) {}

  /** A run completed (`index`: its row, so series stay in the report's order). */
  add(index: number, run: ChartedRun): void {
    if (!this.charts.threaded || run.equityCurve.length === 0) return;
    this.runs.set(index, run);
    const own = reportSeries([run]);
    const fills = vegaLiteSpecs(seriesReport(own))[`fills-${run.format}`];
    if (fills !== undefined) this.charts.prefetch(fills);
    if (this.runs.size < this.expected) return;
    const all = reportSeries([...this.runs.keys()].sort((a, b) => a - b).map((i) => this.runs.get(i) as ChartedRun));
    for (const spec of Object.values(vegaLiteSpecs(seriesReport(all)))) this.charts.prefetch(spec);
  }
}

/** A report of series alone: no rows, so only the charts drawn from series. */
function seriesReport(series: ReportSeries[]): ReportInput {
  return { summary: { app: 'research', codeVersion: '', inputs: {}, data: { source: '', startTs: 0, endTs: 0 }, formats: {}, seeds: {}, gates: { ...DEFAULT_GATES }, rows: [] }, series };
}
