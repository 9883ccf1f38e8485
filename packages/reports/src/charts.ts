import type * as Vega from 'vega';
import type * as VegaLite from 'vega-lite';
import { downsampleMinMax, downsampleStride } from './downsample';
import { attributionSpecs } from './attribution-charts';
import { renderSvgChart } from './svg-chart/render-svg-chart';
import type { ReportInput, ReportSeries } from './report-model';

/** A Vega-Lite v5 top-level spec with its data inline (opens as-is in notebooks and the Vega editor). */
export type VegaLiteSpec = Record<string, unknown>;

/** Keeps each chart's page weight bounded however long the run was. */
export const MAX_POINTS_PER_CHART = 2000;
/** Samples shown in the quotes-against-mid chart when no window is given (e.g. 6 hours of 1m candles). */
export const DEFAULT_QUOTE_WINDOW_SAMPLES = 360;

const WIDTH = 760;
const HEIGHT = 220;
const SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';
// UTC on every time axis: a report must read the same wherever it is opened or rendered.
const TIME_X = { field: 'time', type: 'temporal', title: 'time (UTC)', scale: { type: 'utc' }, axis: { format: '%Y-%m-%d %H:%M', labelAngle: 0, labelOverlap: true } };
const SIDE_COLORS = { domain: ['buy', 'sell'], range: ['#1f77b4', '#d62728'] };
// Walk-forward reports carry one series per fold and format: cap the legend so it cannot outgrow the chart.
const LEGEND = { symbolLimit: 12, labelLimit: 260 };
const VERDICT_COLORS = { domain: ['pass', 'fail'], range: ['#2a9d4b', '#d1495b'] };

/**
 * The Vega-Lite specs of report.html, by chart id, in page order. Charts without data are left out
 * (no series → only the comparison chart). Data is downsampled to MAX_POINTS_PER_CHART per chart.
 *   equity      equity of each series
 *   drawdown    (running peak - equity) / initial budget, the quantity the drawdown gate judges
 *   inventory   inventory in base units
 *   quotes      mid, bid and ask quotes (and fills) of the first series with a mid, in a sample window
 *   fills       every fill's price over time, by side
 *   comparison  return per format and tier (mean over seeds), coloured by gate verdict
 * then the PnL-attribution charts of `attributionSpecs` (waterfall, markouts, breakEven,
 * fills-<format>, oosEquity, sharpeHeatmap) when their data is present.
 */
export function vegaLiteSpecs(report: ReportInput): Record<string, VegaLiteSpec> {
  const specs: Record<string, VegaLiteSpec> = {};
  const series = (report.series ?? []).filter((s) => s.samples.length > 0);
  if (series.length > 0) {
    const perSeries = Math.max(4, Math.floor(MAX_POINTS_PER_CHART / series.length));
    specs['equity'] = lineChart('Equity (quote currency)', 'equity', 'equity', false, linePoints(series, perSeries, (s) => s.samples.map((p) => ({ ts: p.ts, v: p.equity }))));
    specs['drawdown'] = lineChart(
      'Drawdown (fraction of initial budget)',
      'drawdown',
      'drawdown',
      true,
      linePoints(series, perSeries, drawdownPoints),
      '%',
    );
    specs['inventory'] = lineChart('Inventory (base units)', 'inventory', 'inventory', true, linePoints(series, perSeries, (s) => s.samples.map((p) => ({ ts: p.ts, v: p.inventory }))));
    const quotes = quotesChart(series, report.quoteWindow);
    if (quotes) specs['quotes'] = quotes;
    const fills = fillsChart(series);
    if (fills) specs['fills'] = fills;
  }
  const comparison = comparisonChart(report);
  if (comparison) specs['comparison'] = comparison;
  return { ...specs, ...attributionSpecs(report) };
}

/**
 * Renders a Vega-Lite spec to a static SVG string, headlessly (no browser, no canvas). Specs in the
 * report subset (every chart `vegaLiteSpecs` makes, see svg-chart/chart-model.ts) are drawn
 * directly by `renderSvgChart` in about a millisecond each; any other spec is compiled with
 * Vega-Lite and rendered by Vega (~50 ms of fixed cost per chart, plus ~0.2 s to load Vega once).
 */
export async function renderChartSvg(spec: VegaLiteSpec): Promise<string> {
  return renderSvgChart(spec) ?? renderWithVega(spec);
}

/** Compiles with Vega-Lite and renders with Vega (`renderer: 'none'`): any Vega-Lite spec. */
export async function renderWithVega(spec: VegaLiteSpec): Promise<string> {
  const { vega, vegaLite } = chartLibraries();
  const compiled = vegaLite.compile(spec as unknown as VegaLite.TopLevelSpec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

let libraries: { vega: typeof Vega; vegaLite: typeof VegaLite } | undefined;

/**
 * Vega and Vega-Lite, loaded on the first chart: ~0.2 s of CPU that every app importing this
 * library (research, walk-forward, paper status...) paid at startup even when a thread never
 * draws a chart, or when its charts render on another thread.
 */
function chartLibraries(): { vega: typeof Vega; vegaLite: typeof VegaLite } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  libraries ??= { vega: require('vega') as typeof Vega, vegaLite: require('vega-lite') as typeof VegaLite };
  return libraries;
}

type Point = { ts: number; v: number };

function linePoints(series: ReportSeries[], perSeries: number, extract: (s: ReportSeries) => Point[]): Array<Record<string, unknown>> {
  const values: Array<Record<string, unknown>> = [];
  for (const s of series) {
    for (const p of downsampleMinMax(extract(s).filter((q) => Number.isFinite(q.v)), perSeries, (q) => q.v)) values.push({ time: p.ts, value: round(p.v), series: s.label });
  }
  return values;
}

function drawdownPoints(s: ReportSeries): Point[] {
  let peak = -Infinity;
  return s.samples.map((p) => {
    peak = Math.max(peak, p.equity);
    return { ts: p.ts, v: (peak - p.equity) / s.initialEquity };
  });
}

function lineChart(title: string, id: string, yTitle: string, zero: boolean, values: Array<Record<string, unknown>>, format?: string): VegaLiteSpec {
  return {
    $schema: SCHEMA,
    title,
    description: `mml-chart:${id}`,
    width: WIDTH,
    height: HEIGHT,
    background: 'white',
    data: { values },
    mark: { type: 'line', strokeWidth: 1.2 },
    encoding: {
      x: TIME_X,
      y: { field: 'value', type: 'quantitative', title: yTitle, scale: { zero }, ...(format ? { axis: { format } } : {}) },
      color: { field: 'series', type: 'nominal', title: 'run', legend: LEGEND },
    },
  };
}

function quotesChart(series: ReportSeries[], window: ReportInput['quoteWindow']): VegaLiteSpec | undefined {
  const source = series.find((s) => s.samples.some((p) => p.mid !== undefined && Number.isFinite(p.mid)));
  if (!source) return undefined;
  const inWindow = window
    ? source.samples.filter((p) => p.ts >= window.startTs && p.ts <= window.endTs)
    : source.samples.slice(0, DEFAULT_QUOTE_WINDOW_SAMPLES);
  if (inWindow.length === 0) return undefined;
  const startTs = inWindow[0].ts;
  const endTs = inWindow[inWindow.length - 1].ts;
  // Three lines share the budget; a quote absent at a sample leaves a gap rather than a fake price.
  const perLine = Math.max(4, Math.floor(MAX_POINTS_PER_CHART / 4));
  const lines: Array<Record<string, unknown>> = [];
  for (const key of ['mid', 'bid', 'ask'] as const) {
    const points = inWindow.filter((p) => p[key] !== undefined && Number.isFinite(p[key])).map((p) => ({ ts: p.ts, v: p[key] as number }));
    for (const p of downsampleMinMax(points, perLine, (q) => q.v)) lines.push({ time: p.ts, value: round(p.v), line: key });
  }
  const fills = downsampleStride(
    (source.fills ?? []).filter((f) => f.ts >= startTs && f.ts <= endTs),
    perLine,
  ).map((f) => ({ time: f.ts, price: round(f.price), side: f.side, size: f.size }));
  const layers: VegaLiteSpec[] = [
    {
      data: { values: lines },
      mark: { type: 'line', strokeWidth: 1.2, interpolate: 'step-after' },
      encoding: {
        x: TIME_X,
        y: { field: 'value', type: 'quantitative', title: 'price', scale: { zero: false } },
        color: { field: 'line', type: 'nominal', title: 'line', scale: { domain: ['mid', 'bid', 'ask'], range: ['#555555', '#1f77b4', '#d62728'] } },
        strokeDash: { field: 'line', type: 'nominal', legend: null, scale: { domain: ['mid', 'bid', 'ask'], range: [[1, 0], [4, 2], [4, 2]] } },
      },
    },
  ];
  if (fills.length > 0) {
    layers.push({
      data: { values: fills },
      mark: { type: 'point', filled: true, size: 50 },
      encoding: {
        x: TIME_X,
        y: { field: 'price', type: 'quantitative' },
        shape: { field: 'side', type: 'nominal', title: 'fill', scale: { domain: ['buy', 'sell'], range: ['triangle-up', 'triangle-down'] } },
        fill: { value: '#000000' },
      },
    });
  }
  return {
    $schema: SCHEMA,
    title: `Quotes against mid: ${source.label}, ${isoMinute(startTs)} to ${isoMinute(endTs)} UTC`,
    description: 'mml-chart:quotes',
    width: WIDTH,
    height: HEIGHT,
    background: 'white',
    layer: layers,
    resolve: { scale: { color: 'independent' } },
  };
}

function fillsChart(series: ReportSeries[]): VegaLiteSpec | undefined {
  const all = series.flatMap((s) => (s.fills ?? []).map((f) => ({ time: f.ts, price: round(f.price), side: f.side, size: f.size, series: s.label })));
  if (all.length === 0) return undefined;
  return {
    $schema: SCHEMA,
    title: `Fills (${all.length} in total${all.length > MAX_POINTS_PER_CHART ? `, ${MAX_POINTS_PER_CHART} shown` : ''})`,
    description: 'mml-chart:fills',
    width: WIDTH,
    height: HEIGHT,
    background: 'white',
    data: { values: downsampleStride(all, MAX_POINTS_PER_CHART) },
    mark: { type: 'point', filled: true, opacity: 0.7 },
    encoding: {
      x: TIME_X,
      y: { field: 'price', type: 'quantitative', title: 'fill price', scale: { zero: false } },
      color: { field: 'side', type: 'nominal', title: 'side', scale: SIDE_COLORS },
      shape: { field: 'series', type: 'nominal', title: 'run', legend: LEGEND },
    },
  };
}

function comparisonChart(report: ReportInput): VegaLiteSpec | undefined {
  // Only research-style rows (no fold) compare cleanly; folds have their own table. Return (PnL as
  // a fraction of the budget) keeps 1k and 100k tiers on one readable scale; several seeds per
  // format and tier (campaign) are averaged.
  const rows = report.summary.rows.filter((r) => r.fold === undefined);
  if (rows.length === 0) return undefined;
  const groups = new Map<string, { format: string; tier: string; budget: number; returns: number[]; passed: number }>();
  for (const r of rows) {
    const tier = r.tier ?? String(r.budget);
    const key = `${r.format} · ${tier}`;
    const group = groups.get(key) ?? { format: r.format, tier, budget: r.budget, returns: [], passed: 0 };
    group.returns.push(r.metrics.totalReturn);
    if (r.gates.pass) group.passed++;
    groups.set(key, group);
  }
  const formatOrder = [...new Set(rows.map((r) => r.format))];
  const ordered = [...groups.entries()].sort((a, b) => formatOrder.indexOf(a[1].format) - formatOrder.indexOf(b[1].format) || a[1].budget - b[1].budget);
  const values = ordered.map(([run, g]) => ({
    run,
    format: g.format,
    tier: g.tier,
    return: round(g.returns.reduce((x, y) => x + y, 0) / g.returns.length),
    verdict: g.passed === g.returns.length ? 'pass' : 'fail',
  }));
  return {
    $schema: SCHEMA,
    title: 'Return by format and tier (green = all gates pass)',
    description: 'mml-chart:comparison',
    width: WIDTH,
    height: HEIGHT,
    background: 'white',
    data: { values },
    mark: { type: 'bar' },
    encoding: {
      x: { field: 'run', type: 'nominal', title: 'format · tier', sort: ordered.map(([run]) => run), axis: { labelAngle: -35, labelLimit: 160 } },
      y: { field: 'return', type: 'quantitative', title: 'return (fraction of budget)', axis: { format: '%' } },
      color: { field: 'verdict', type: 'nominal', title: 'gates', scale: VERDICT_COLORS },
      stroke: { value: '#333333' },
      strokeWidth: { value: 0.5 },
    },
  };
}

// Six significant decimals is far below what a chart can show and keeps the page small.
function round(value: number): number {
  return Number.isFinite(value) ? Math.round(value * 1e6) / 1e6 : value;
}

function isoMinute(ts: number): string {
  return new Date(ts).toISOString().slice(0, 16).replace('T', ' ');
}
