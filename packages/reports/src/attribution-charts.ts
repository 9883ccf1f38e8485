import type { MarkoutStat } from '@mml/core';
import { downsampleMinMax, downsampleStride } from './downsample';
import type { ReportInput, ReportSeries } from './report-model';
import type { ResultRow, WalkForwardResult } from './run-summary';
import { MARKOUT_HORIZON_ORDER } from './results-csv';

/**
 * The "where did the PnL come from" charts of report.html (Vega-Lite, data inline, rendered to
 * SVG server-side like the other charts). Each returns undefined when its data is absent.
 *   waterfall      spread capture, inventory, fees, liquidation -> PnL, one small panel per row
 *   markouts       mean markout (bps per fill, +-1 stderr) by horizon, one line per format
 *   breakEven      break-even maker fee per format and fee-tier run, beside the listed fee tiers
 *   fills-<fmt>    mid price with the fills drawn on it, one chart per format
 *   oosEquity      walk-forward: out-of-sample PnL stitched fold after fold, per format
 *   sharpeHeatmap  walk-forward: mean in-sample Sharpe over the candidate grid, per format
 */
type Spec = Record<string, unknown>;

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';
const WIDTH = 760;
const HEIGHT = 220;
const MAX_POINTS = 2000;
const TIME_X = { field: 'time', type: 'temporal', title: 'time (UTC)', scale: { type: 'utc' }, axis: { format: '%Y-%m-%d %H:%M', labelAngle: 0, labelOverlap: true } };
const SIDE_COLORS = { domain: ['buy', 'sell'], range: ['#1f77b4', '#d62728'] };
const STEP_COLORS = { domain: ['gain', 'loss', 'PnL'], range: ['#2a9d4b', '#d1495b', '#555555'] };
const LEGEND = { symbolLimit: 12, labelLimit: 260 };

export function attributionSpecs(report: ReportInput): Record<string, Spec> {
  const specs: Record<string, Spec> = {};
  const rows = report.summary.rows;
  const put = (id: string, spec: Spec | undefined) => {
    if (spec) specs[id] = spec;
  };
  put('waterfall', waterfallChart(rows));
  put('markouts', markoutChart(rows));
  put('breakEven', breakEvenChart(rows));
  for (const [format, spec] of fillsOnPriceCharts(report.series ?? [])) put(`fills-${format}`, spec);
  put('oosEquity', stitchedOosChart(report.series ?? [], report.summary.walkForward));
  put('sharpeHeatmap', sharpeHeatmap(report.summary.walkForward));
  return specs;
}

/** Rows a chart of one run per format uses: research rows at the middle budget, or walk-forward folds out of sample. */
function chartedRows(rows: readonly ResultRow[]): { rows: ResultRow[]; walkForward: boolean } {
  const oos = rows.filter((r) => r.phase === 'out-of-sample' && r.attribution);
  if (oos.length > 0) return { rows: oos, walkForward: true };
  const research = rows.filter((r) => r.fold === undefined && r.attribution);
  const budgets = [...new Set(research.map((r) => r.budget))].sort((a, b) => a - b);
  const budget = budgets[Math.floor((budgets.length - 1) / 2)];
  return { rows: research.filter((r) => r.budget === budget), walkForward: false };
}

function runLabel(r: ResultRow, fees: boolean): string {
  const parts = [r.format, r.tier ?? String(r.budget)];
  if (fees && r.makerFeeBps !== undefined) parts.push(`maker ${r.makerFeeBps}bps`);
  if (r.seed !== undefined && r.fold === undefined && r.makerFeeBps === undefined) parts.push(`seed ${r.seed}`);
  return parts.join(' · ');
}

function waterfallChart(all: readonly ResultRow[]): Spec | undefined {
  const { rows, walkForward } = chartedRows(all);
  if (rows.length === 0) return undefined;
  // Walk-forward: one panel per format, the folds' attributions summed (the stitched test windows).
  const groups: Array<{ run: string; spread: number; inventory: number; fees: number; liquidation: number }> = [];
  if (walkForward) {
    for (const format of [...new Set(rows.map((r) => r.format))]) {
      const own = rows.filter((r) => r.format === format);
      const sum = (pick: (r: ResultRow) => number) => own.reduce((s, r) => s + pick(r), 0);
      groups.push({
        run: `${format} (${own.length} test folds)`,
        spread: sum((r) => r.attribution?.spreadCapture ?? 0),
        inventory: sum((r) => r.attribution?.inventoryPnl ?? 0),
        fees: sum((r) => r.attribution?.fees ?? 0),
        liquidation: sum((r) => r.attribution?.liquidationCost ?? 0),
      });
    }
  } else {
    const fees = new Set(rows.map((r) => r.makerFeeBps)).size > 1;
    for (const r of rows) {
      const a = r.attribution;
      if (!a) continue;
      groups.push({ run: runLabel(r, fees), spread: a.spreadCapture, inventory: a.inventoryPnl, fees: a.fees, liquidation: a.liquidationCost });
    }
  }
  const values: Array<Record<string, unknown>> = [];
  for (const g of groups) {
    let level = 0;
    const step = (name: string, delta: number) => {
      values.push({ run: g.run, step: name, start: round(level), end: round(level + delta), amount: round(delta), kind: delta >= 0 ? 'gain' : 'loss' });
      level += delta;
    };
    step('spread capture', g.spread);
    step('inventory', g.inventory);
    step('fees', -g.fees);
    step('liquidation', -g.liquidation);
    values.push({ run: g.run, step: 'PnL', start: 0, end: round(level), amount: round(level), kind: 'PnL' });
  }
  const columns = groups.length <= 6 ? 3 : 4;
  return {
    $schema: SCHEMA,
    title: { text: walkForward ? 'PnL waterfall, out of sample (folds summed)' : 'PnL waterfall per run', subtitle: 'spread capture + inventory − fees − liquidation = PnL (quote currency)' },
    description: 'mml-chart:waterfall',
    background: 'white',
    data: { values },
    columns,
    facet: { field: 'run', type: 'nominal', title: null, sort: groups.map((g) => g.run), header: { labelLimit: 240, labelFontSize: 10 } },
    spec: {
      width: Math.floor(WIDTH / columns) - 30,
      height: 110,
      mark: { type: 'bar' },
      encoding: {
        x: { field: 'step', type: 'nominal', title: null, sort: ['spread capture', 'inventory', 'fees', 'liquidation', 'PnL'], axis: { labelAngle: -30, labelFontSize: 9 } },
        y: { field: 'start', type: 'quantitative', title: 'quote', axis: { labelFontSize: 9 } },
        y2: { field: 'end' },
        color: { field: 'kind', type: 'nominal', title: null, scale: STEP_COLORS },
        tooltip: [{ field: 'step' }, { field: 'amount', type: 'quantitative' }],
      },
    },
    resolve: { scale: { y: 'independent' } },
  };
}

/** Pools markout statistics (means weighted by count; variance from the within- and between-run sums of squares). */
export function poolMarkouts(stats: readonly MarkoutStat[]): MarkoutStat {
  const n = stats.reduce((s, m) => s + m.n, 0);
  if (n === 0) return { mean: 0, stderr: 0, n: 0 };
  const mean = stats.reduce((s, m) => s + m.mean * m.n, 0) / n;
  let ss = 0;
  for (const m of stats) {
    if (m.n === 0) continue;
    const variance = m.stderr * m.stderr * m.n; // sample variance of that run
    ss += (m.n - 1) * variance + m.n * (m.mean - mean) ** 2;
  }
  return { mean, stderr: n > 1 ? Math.sqrt(ss / (n - 1) / n) : 0, n };
}

function markoutChart(all: readonly ResultRow[]): Spec | undefined {
  const { rows, walkForward } = chartedRows(all);
  if (rows.length === 0) return undefined;
  // One curve per format: research at the lowest fee tier run (fills differ by tier), walk-forward pooled over folds.
  const lowestFee = Math.min(...rows.map((r) => r.makerFeeBps ?? 0));
  const values: Array<Record<string, unknown>> = [];
  const horizons = MARKOUT_HORIZON_ORDER.filter((h) => rows.some((r) => r.attribution?.markoutsBps[h] !== undefined));
  for (const format of [...new Set(rows.map((r) => r.format))]) {
    const own = rows.filter((r) => r.format === format && (walkForward || (r.makerFeeBps ?? 0) === lowestFee));
    for (const h of horizons) {
      const pooled = poolMarkouts(own.map((r) => r.attribution?.markoutsBps[h]).filter((m): m is MarkoutStat => m !== undefined));
      if (pooled.n === 0) continue;
      values.push({ format, horizon: h, mean: round(pooled.mean), lo: round(pooled.mean - pooled.stderr), hi: round(pooled.mean + pooled.stderr), n: pooled.n });
    }
  }
  if (values.length === 0) return undefined;
  const x = { field: 'horizon', type: 'ordinal', title: 'horizon after the fill (bars: 0 = the fill bar close)', sort: horizons, axis: { labelAngle: 0 } };
  return {
    $schema: SCHEMA,
    title: {
      text: `Markouts, bps per fill (±1 stderr)${walkForward ? ', out-of-sample folds pooled' : rows.some((r) => r.makerFeeBps !== undefined) ? `, runs at maker ${lowestFee}bps` : ''}`,
      subtitle: 'side × (mid after the horizon − fill price) / fill price',
    },
    description: 'mml-chart:markouts',
    width: WIDTH,
    height: HEIGHT,
    background: 'white',
    data: { values },
    layer: [
      { mark: { type: 'rule', strokeDash: [3, 3], color: '#888888' }, encoding: { y: { datum: 0 } } },
      { mark: { type: 'errorbar', ticks: true }, encoding: { x, y: { field: 'lo', type: 'quantitative', title: 'markout (bps)' }, y2: { field: 'hi' }, color: { field: 'format', type: 'nominal', legend: LEGEND } } },
      { mark: { type: 'line', point: true }, encoding: { x, y: { field: 'mean', type: 'quantitative' }, color: { field: 'format', type: 'nominal', title: 'format', legend: LEGEND } } },
    ],
  };
}

function breakEvenChart(all: readonly ResultRow[]): Spec | undefined {
  const { rows, walkForward } = chartedRows(all);
  if (walkForward) return undefined;
  const withValue = rows.filter((r) => typeof r.breakEvenMakerFeeBps === 'number');
  if (withValue.length === 0) return undefined;
  const tiers = [...new Set(rows.map((r) => r.makerFeeBps).filter((f): f is number => f !== undefined))].sort((a, b) => a - b);
  const bars = withValue.map((r) => ({ format: r.format, run: `run at maker ${r.makerFeeBps ?? '?'}bps`, breakEven: round(r.breakEvenMakerFeeBps as number), pays: (r.breakEvenMakerFeeBps as number) > (r.makerFeeBps ?? 0) ? 'pays' : 'loses' }));
  const formats = [...new Set(rows.map((r) => r.format))];
  const layers: Spec[] = [
    {
      data: { values: bars },
      mark: { type: 'bar' },
      encoding: {
        x: { field: 'format', type: 'nominal', title: 'format', sort: formats, axis: { labelAngle: 0 } },
        xOffset: { field: 'run', type: 'nominal', sort: tiers.map((t) => `run at maker ${t}bps`) },
        y: { field: 'breakEven', type: 'quantitative', title: 'break-even maker fee (bps)' },
        color: { field: 'run', type: 'nominal', title: 'fee-tier run', sort: tiers.map((t) => `run at maker ${t}bps`), legend: LEGEND },
        stroke: { value: '#333333' },
        strokeWidth: { value: 0.5 },
      },
    },
  ];
  if (tiers.length > 0) {
    layers.push({
      data: { values: tiers.map((t) => ({ tier: t, label: `tier ${t}bps` })) },
      mark: { type: 'rule', strokeDash: [4, 3], color: '#333333' },
      encoding: { y: { field: 'tier', type: 'quantitative' } },
    });
    layers.push({
      data: { values: tiers.map((t) => ({ tier: t, label: `tier ${t}bps` })) },
      mark: { type: 'text', align: 'right', dx: -4, dy: -6, fontSize: 10, color: '#333333' },
      encoding: { y: { field: 'tier', type: 'quantitative' }, x: { value: WIDTH }, text: { field: 'label' } },
    });
  }
  return {
    $schema: SCHEMA,
    title: { text: `Break-even maker fee per format (${rows[0].tier ?? rows[0].budget})`, subtitle: 'dashed: the fee tiers run; a run pays where its bar is above its own tier' },
    description: 'mml-chart:breakEven',
    width: WIDTH,
    height: HEIGHT,
    background: 'white',
    layer: layers,
  };
}

function fillsOnPriceCharts(series: readonly ReportSeries[]): Array<[string, Spec]> {
  const out: Array<[string, Spec]> = [];
  const formats = [...new Set(series.map((s) => s.format).filter((f): f is string => f !== undefined))];
  for (const format of formats) {
    const own = series.filter((s) => s.format === format && s.samples.some((p) => p.mid !== undefined));
    if (own.length === 0) continue;
    const mids = own.flatMap((s) => s.samples.filter((p) => p.mid !== undefined && Number.isFinite(p.mid)).map((p) => ({ ts: p.ts, v: p.mid as number })));
    mids.sort((a, b) => a.ts - b.ts);
    const fills = own.flatMap((s) => s.fills ?? []).sort((a, b) => a.ts - b.ts);
    const line = downsampleMinMax(mids, MAX_POINTS / 2, (p) => p.v).map((p) => ({ time: p.ts, price: round(p.v) }));
    const points = downsampleStride(fills, MAX_POINTS / 2).map((f) => ({ time: f.ts, price: round(f.price), side: f.side, size: f.size }));
    const layers: Spec[] = [{ data: { values: line }, mark: { type: 'line', strokeWidth: 1, color: '#777777' }, encoding: { x: TIME_X, y: { field: 'price', type: 'quantitative', title: 'price', scale: { zero: false } } } }];
    if (points.length > 0) {
      layers.push({
        data: { values: points },
        mark: { type: 'point', filled: true, size: 28, opacity: 0.8 },
        encoding: {
          x: TIME_X,
          y: { field: 'price', type: 'quantitative' },
          color: { field: 'side', type: 'nominal', title: 'fill', scale: SIDE_COLORS },
          shape: { field: 'side', type: 'nominal', scale: { domain: ['buy', 'sell'], range: ['triangle-up', 'triangle-down'] }, legend: null },
        },
      });
    }
    out.push([
      format,
      {
        $schema: SCHEMA,
        title: `Fills on the price: ${own.length === 1 ? own[0].label : `${format}, ${own.length} runs`} (${fills.length} fills${fills.length > points.length ? `, ${points.length} drawn` : ''})`,
        description: `mml-chart:fills-${format}`,
        width: WIDTH,
        height: 180,
        background: 'white',
        layer: layers,
      },
    ]);
  }
  return out;
}

function stitchedOosChart(series: readonly ReportSeries[], walkForward: readonly WalkForwardResult[] | undefined): Spec | undefined {
  if (!walkForward || walkForward.length === 0) return undefined;
  const values: Array<Record<string, unknown>> = [];
  for (const w of walkForward) {
    const own = series.filter((s) => s.format === w.format && s.samples.length > 0).sort((a, b) => a.samples[0].ts - b.samples[0].ts);
    let offset = 0;
    const points: Array<{ ts: number; v: number }> = [];
    for (const s of own) {
      for (const p of s.samples) points.push({ ts: p.ts, v: offset + p.equity - s.initialEquity });
      offset += s.samples[s.samples.length - 1].equity - s.initialEquity;
    }
    const per = Math.max(4, Math.floor(MAX_POINTS / walkForward.length));
    for (const p of downsampleMinMax(points, per, (q) => q.v)) values.push({ time: p.ts, value: round(p.v), format: `${w.format} (Σ ${w.oosPnlSum.toFixed(2)})` });
  }
  if (values.length === 0) return undefined;
  return {
    $schema: SCHEMA,
    title: { text: 'Out-of-sample PnL stitched fold after fold', subtitle: 'quote currency; the legend gives the summed out-of-sample PnL' },
    description: 'mml-chart:oosEquity',
    width: WIDTH,
    height: HEIGHT,
    background: 'white',
    data: { values },
    layer: [
      { mark: { type: 'rule', strokeDash: [3, 3], color: '#888888' }, encoding: { y: { datum: 0 } } },
      { mark: { type: 'line', strokeWidth: 1.2 }, encoding: { x: TIME_X, y: { field: 'value', type: 'quantitative', title: 'cumulative out-of-sample PnL' }, color: { field: 'format', type: 'nominal', title: 'format', legend: LEGEND } } },
    ],
  };
}

function sharpeHeatmap(walkForward: readonly WalkForwardResult[] | undefined): Spec | undefined {
  const values: Array<Record<string, unknown>> = [];
  for (const w of walkForward ?? []) {
    const candidates = w.candidates ?? [];
    const keys = [...new Set(candidates.flatMap((c) => Object.keys(c.params)))].sort();
    if (keys.length === 0) continue;
    const [xKey, yKey] = keys;
    const cells = new Map<string, { x: string; y: string; sharpe: number[]; selected: number }>();
    for (const c of candidates) {
      const x = String(c.params[xKey]);
      const y = yKey === undefined ? '–' : keys.slice(1).map((k) => `${String(c.params[k])}`).join(' / ');
      const key = `${x}|${y}`;
      const cell = cells.get(key) ?? { x, y, sharpe: [], selected: 0 };
      cell.sharpe.push(c.metrics.sharpe);
      if (c.selected) cell.selected++;
      cells.set(key, cell);
    }
    for (const cell of cells.values()) {
      const mean = cell.sharpe.reduce((a, b) => a + b, 0) / cell.sharpe.length;
      values.push({ format: w.format, axes: `${w.format}: ${xKey} × ${yKey === undefined ? '–' : keys.slice(1).join(' / ')}`, x: cell.x, y: cell.y, sharpe: round(mean), label: `${mean.toFixed(2)}${cell.selected > 0 ? ` (${cell.selected}×)` : ''}` });
    }
  }
  if (values.length === 0) return undefined;
  const facets = [...new Set(values.map((v) => v.axes as string))];
  const columns = Math.min(3, facets.length);
  return {
    $schema: SCHEMA,
    title: { text: 'Mean in-sample Sharpe over the candidate grid', subtitle: 'per format; n× = selected in n folds' },
    description: 'mml-chart:sharpeHeatmap',
    background: 'white',
    data: { values },
    columns,
    facet: { field: 'axes', type: 'nominal', title: null, sort: facets, header: { labelLimit: 260, labelFontSize: 10 } },
    spec: {
      width: Math.floor(WIDTH / columns) - 40,
      height: 110,
      layer: [
        {
          mark: { type: 'rect' },
          encoding: {
            x: { field: 'x', type: 'ordinal', title: null, sort: 'ascending' },
            y: { field: 'y', type: 'ordinal', title: null },
            color: { field: 'sharpe', type: 'quantitative', title: 'in-sample Sharpe', scale: { scheme: 'redyellowgreen', domainMid: 0 } },
          },
        },
        { mark: { type: 'text', fontSize: 9 }, encoding: { x: { field: 'x', type: 'ordinal', sort: 'ascending' }, y: { field: 'y', type: 'ordinal' }, text: { field: 'label' } } },
      ],
    },
    resolve: { scale: { x: 'independent', y: 'independent' } },
  };
}

function round(value: number): number {
  return Number.isFinite(value) ? Math.round(value * 1e6) / 1e6 : value;
}
