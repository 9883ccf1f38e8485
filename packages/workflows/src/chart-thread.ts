import { join } from 'node:path';
import type { ChartRenderer, VegaLiteSpec } from '@mml/reports';
import { renderChartTask, type ChartTask } from './chart-task';
import { TaskPool, threadsAvailable } from './task-pool';

/** The chart thread's handler module at run time (dist/chart-worker.js next to this file). */
export const CHART_WORKER_FILE = join(__dirname, 'chart-worker.js');

/**
 * The report's charts on a thread of their own, started with the run. Rendering a chart costs
 * little once Vega is loaded and compiled (JIT), but the first charts in an isolate cost several
 * times more (~1.5 s of CPU for research's 15 charts cold, ~0.6 s warm): the thread pays that
 * while the main thread loads data and runs backtests (chart-worker.ts draws a warm-up chart), and
 * renders a chart as soon as its spec is known (`prefetch`), e.g. a run's own charts before the
 * whole matrix is done. A chart is keyed by its spec's JSON, so the report asks for the final
 * specs (`render`) and gets a prefetched SVG only when the spec is exactly the same: the page is
 * the same whether a chart was prefetched, rendered on the thread at the end or in-process.
 * Without built JavaScript (jest on sources) or with `threads` false it renders in-process.
 */
export class ChartThread {
  private readonly pool: TaskPool<ChartTask, string> | undefined;
  private readonly renders = new Map<string, Promise<string>>();

  constructor(threads: boolean, workerFile: string = CHART_WORKER_FILE) {
    this.pool = threads && threadsAvailable(workerFile) ? new TaskPool<ChartTask, string>({ executors: 1, workerFile, runInProcess: renderChartTask, mainThreadExecutes: false }) : undefined;
  }

  /** True when charts render on the thread (else in-process, when asked). */
  get threaded(): boolean {
    return this.pool !== undefined;
  }

  /** Starts rendering `spec` on the thread now, if it is not rendered yet (in-process: nothing). */
  prefetch(spec: VegaLiteSpec): void {
    if (this.pool === undefined) return;
    const key = JSON.stringify(spec);
    if (this.renders.has(key)) return;
    const svg = this.pool.run({ chartSpec: spec });
    // A prefetched chart the report does not ask for must not surface as an unhandled rejection.
    svg.catch(() => undefined);
    this.renders.set(key, svg);
  }

  /** The report's renderer: a prefetched SVG of the same spec, else rendered now (thread or in-process). */
  readonly render: ChartRenderer = (spec) => {
    const key = JSON.stringify(spec);
    const known = this.renders.get(key);
    if (known !== undefined) return known;
    const svg = this.pool !== undefined ? this.pool.run({ chartSpec: spec }) : renderChartTask({ chartSpec: spec });
    this.renders.set(key, svg);
    return svg;
  };

  /** Stops the thread (after the report); surfaces a thread that failed to start. */
  async close(): Promise<void> {
    await this.pool?.close();
  }

  /** Stops the thread now (after a failure elsewhere). */
  async abort(): Promise<void> {
    await this.pool?.abort();
  }
}
