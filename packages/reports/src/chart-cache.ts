import { renderChartSvg, vegaLiteSpecs, type VegaLiteSpec } from './charts';
import type { ChartRenderer } from './report-html';
import type { ReportSeries } from './report-model';
import type { RunSummary } from './run-summary';

/** A ChartRenderer that draws each distinct spec once, plus a way to draw some ahead of the page. */
export interface ChartCache {
  /** Pass to renderReportHtml / writeRunArtifacts: a spec drawn before (or being drawn) is not drawn again. */
  render: ChartRenderer;
  /** Starts drawing these specs now (e.g. while other work runs); their SVGs wait in the cache. */
  prerender(specs: Iterable<VegaLiteSpec>): void;
}

/**
 * Memoizes a chart renderer by the spec's JSON text: the SVG is a pure function of the spec, so an
 * equal spec gets the SVG already drawn, and a spec that differs in anything, however small, is
 * drawn anew (a stale chart cannot appear). Lets a caller draw the charts whose data is final early
 * (the series charts, once the charted runs are done) with `render` on another executor, overlapping
 * the rest of its work, and then write the page as usual.
 */
export function createChartCache(render: ChartRenderer = renderChartSvg): ChartCache {
  const drawn = new Map<string, Promise<string>>();
  const memo: ChartRenderer = (spec) => {
    const key = JSON.stringify(spec);
    let svg = drawn.get(key);
    if (svg === undefined) {
      svg = render(spec);
      drawn.set(key, svg);
      // A failed draw is not kept: asking again retries, and the caller that asked sees the error.
      svg.catch(() => drawn.delete(key));
    }
    return svg;
  };
  return {
    render: memo,
    prerender(specs) {
      // Errors surface when the page asks for that chart; here they must not go unhandled.
      for (const spec of specs) memo(spec).catch(() => undefined);
    },
  };
}

/**
 * The specs of the charts drawn from series alone (equity, drawdown, inventory, quotes, fills,
 * fills-<format>), exactly as vegaLiteSpecs builds them for a report with these series: known as
 * soon as the charted runs are done, before the other rows are.
 */
export function seriesChartSpecs(series: readonly ReportSeries[], quoteWindow?: { startTs: number; endTs: number }): VegaLiteSpec[] {
  const noRows = { rows: [] } as unknown as RunSummary;
  return Object.values(vegaLiteSpecs({ summary: noRows, series: [...series], ...(quoteWindow ? { quoteWindow } : {}) }));
}
