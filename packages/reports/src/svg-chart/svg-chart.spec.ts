import type { PnlAttribution } from '@mml/core';
import { vegaLiteSpecs } from '../charts';
import { rowFixture, seriesFixture, summaryFixture } from '../fixtures.test-helpers';
import type { ReportInput } from '../report-model';
import { attributionSpecs } from '../attribution-charts';
import type { ResultRow, WalkForwardResult } from '../run-summary';
import { readChartModel } from './chart-model';
import { renderSvgChart } from './render-svg-chart';
import { ascending, gradientScale } from './view-scales';
import { expectedFromSpec, shownInSvg } from './svg-structure.test-helpers';

// A research-shaped report: 3 formats x 3 tiers x 2 fee tiers with attribution, one charted run per
// format, a label that needs escaping. It has every chart kind research's report draws.
const ODD = 'glft <b> & "q"';

function attribution(spread: number, markout0: number): PnlAttribution {
  return {
    spreadCapture: spread,
    inventoryPnl: -20,
    fees: 7,
    liquidationCost: 1,
    hedgedPnl: spread - 27,
    markoutsBps: { '0bar': { mean: markout0, stderr: 0.2, n: 40 }, '1bar': { mean: markout0 - 0.5, stderr: 0.3, n: 40 }, '5bar': { mean: markout0 - 1, stderr: 0.4, n: 39 } },
  };
}

function researchReport(): ReportInput {
  const summary = summaryFixture();
  const formats = ['fixed-spread', 'as-stable', ODD];
  const rows: ResultRow[] = [];
  for (const [budget, tier] of [[1_000, '1k'], [10_000, '10k'], [100_000, '100k']] as const) {
    for (const maker of [-0.5, 10]) {
      formats.forEach((format, i) => rows.push(rowFixture(format, budget, { pnl: 40 - 30 * i, totalReturn: (40 - 30 * i) / budget }, { tier, makerFeeBps: maker, attribution: attribution(50 + i, 0.3 - i), breakEvenMakerFeeBps: maker + 2 - i })));
    }
  }
  summary.rows = rows;
  const series = formats.map((format, i) => ({ ...seriesFixture(`${format} @ 10k`, 1500, i * 90), format }));
  return { summary, series };
}

describe('static SVG charts of the report', () => {
  const specs = vegaLiteSpecs(researchReport());

  it('draws every chart kind of a research report itself (Vega is never needed for it)', () => {
    expect(Object.keys(specs)).toEqual(['equity', 'drawdown', 'inventory', 'quotes', 'fills', 'comparison', 'waterfall', 'markouts', 'breakEven', 'fills-fixed-spread', 'fills-as-stable', `fills-${ODD}`]);
    for (const [id, spec] of Object.entries(specs)) expect({ id, drawn: renderSvgChart(spec) !== undefined }).toEqual({ id, drawn: true });
  });

  it.each(Object.keys(specs))('%s: every series, point, legend entry and title of the spec is in the SVG', (id) => {
    const spec = specs[id];
    const svg = renderSvgChart(spec) as string;
    const shown = shownInSvg(svg);
    const expected = expectedFromSpec(spec);
    expect(expected.series.size + expected.points).toBeGreaterThan(0);
    expect([...expected.series].filter((s) => !shown.series.has(s))).toEqual([]);
    expect(shown.points).toBe(expected.points);
    for (const legend of expected.legends) {
      expect([...legend.entries].filter((e) => !shown.legendLabels.has(e))).toEqual([]);
      if (legend.title) expect(shown.texts).toContain(legend.title);
    }
    for (const title of expected.axisTitles) expect(shown.texts).toContain(title);
    expect(shown.texts).toContain(expected.title);
    expect(svg).toContain(`data-chart="mml-chart:${id.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')}"`);
  });

  it('the structural check fails when a series is dropped from the picture', () => {
    const svg = renderSvgChart(specs.equity) as string;
    const dropped = svg.replace(/<path data-series="as-stable @ 10k"[^>]*\/>/, '');
    expect(dropped).not.toBe(svg);
    const shown = shownInSvg(dropped);
    expect(shown.series.has('as-stable @ 10k')).toBe(false);
    expect(shown.points).toBeLessThan(expectedFromSpec(specs.equity).points);
  });

  it('escapes labels: markup in a format name is text, never an element', () => {
    for (const id of ['equity', 'comparison', 'waterfall', `fills-${ODD}`]) {
      const svg = renderSvgChart(specs[id]) as string;
      expect(svg).not.toContain('<b>');
      expect(svg).toContain('glft &lt;b&gt; &amp; &quot;q&quot;');
      // Every < opens a known SVG element or closes one.
      expect(svg.match(/<\/?([a-zA-Z]+)/g)?.every((tag) => /^<\/?(svg|title|rect|g|path|text|line)$/.test(tag))).toBe(true);
    }
  });

  it('is deterministic: the same spec gives the same bytes, also after other charts were drawn', () => {
    const first = Object.values(specs).map((spec) => renderSvgChart(spec));
    const again = Object.values(specs).reverse().map((spec) => renderSvgChart(structuredClone(spec))).reverse();
    expect(again).toEqual(first);
  });

  it('shows tooltips as SVG titles and limits long legends with a count of what is not shown', () => {
    const waterfall = renderSvgChart(specs.waterfall) as string;
    expect(waterfall).toMatch(/<title>step: spread capture; amount: 50<\/title>/);
    const many = { ...specs.equity, data: { values: Array.from({ length: 15 }, (_, i) => ({ time: Date.UTC(2023, 0, 1) + i * 60_000, value: i, series: `run ${String(i).padStart(2, '0')}` })) } };
    const svg = renderSvgChart(many) as string;
    expect(shownInSvg(svg).legendLabels.size).toBe(11);
    expect(svg).toContain('… 4 more');
    expect(shownInSvg(svg).series.size).toBe(15);
  });

  it('draws degenerate data without throwing: one point, a NaN, no rows, a flat line', () => {
    const t0 = Date.UTC(2023, 3, 1);
    const cases: Array<Array<Record<string, unknown>>> = [
      [{ time: t0, value: 5, series: 'a' }],
      [{ time: t0, value: Number.NaN, series: 'a' }, { time: t0 + 60_000, value: 1, series: 'a' }],
      [],
      [{ time: t0, value: 2, series: 'a' }, { time: t0 + 60_000, value: 2, series: 'a' }],
    ];
    for (const values of cases) {
      const svg = renderSvgChart({ ...specs.equity, data: { values } }) as string;
      expect(svg.startsWith('<svg')).toBe(true);
      expect(svg).not.toMatch(/NaN|Infinity|undefined/);
      expect(shownInSvg(svg).points).toBe(values.filter((v) => Number.isFinite(v.value)).length);
    }
  });

  it('leaves specs outside the subset to Vega instead of drawing part of them', () => {
    const equity = specs.equity;
    expect(readChartModel(equity)).toBeDefined();
    expect(readChartModel({ ...equity, transform: [{ filter: 'datum.value > 0' }] })).toBeUndefined();
    expect(readChartModel({ ...equity, mark: 'rect' })).toBeUndefined();
    expect(readChartModel({ ...equity, encoding: { ...(equity.encoding as object), size: { field: 'value', type: 'quantitative' } } })).toBeUndefined();
    const x = (equity.encoding as { x: object }).x;
    expect(readChartModel({ ...equity, encoding: { ...(equity.encoding as object), x: { ...x, scale: {} } } })).toBeUndefined(); // local time
    expect(readChartModel({ ...equity, encoding: { ...(equity.encoding as object), y: { field: 'value', type: 'quantitative', axis: { format: '.3f' } } } })).toBeUndefined();
  });

  describe('walk-forward charts', () => {
    // Two formats, a 3 x 2 candidate grid each, every in-sample Sharpe negative; two test folds.
    const summary = summaryFixture();
    summary.rows = ['fixed-spread', 'glft'].flatMap((format) => [0, 1].map((fold) => rowFixture(format, 10_000, { pnl: -5 - fold }, { fold, phase: 'out-of-sample', attribution: attribution(10, -0.5) })));
    const walkForward: WalkForwardResult[] = ['fixed-spread', 'glft'].map((format, f) => ({
      format, folds: 2, passRate: 0, threshold: 0.5, hardBreaches: 0, oosPnlSum: -11, oosSharpeMean: -1, insufficientFillFolds: 0, pass: false, reasons: [], pbo: 0.5, deflatedSharpe: 0.1,
      candidates: [250, 1000, 4000].flatMap((gamma, g) => [0.02, 0.05].map((fraction, o) => ({ fold: 0, params: { 'model.gamma': gamma, 'model.orderFraction': fraction }, selected: g === 1 && o === 0, metrics: rowFixture(format, 10_000, { sharpe: -1 - g - 3 * o - f }).metrics }))),
    }));
    summary.walkForward = walkForward;
    const series = ['fixed-spread', 'glft'].flatMap((format) => [0, 1].map((fold) => ({ ...seriesFixture(`${format} fold ${fold}`, 300, fold * 300), format })));
    const wf = attributionSpecs({ summary, series });

    it.each(['oosEquity', 'sharpeHeatmap', 'waterfall'])('%s is drawn without Vega with all its series, cells and titles', (id) => {
      const svg = renderSvgChart(wf[id]);
      expect(svg).toBeDefined();
      const shown = shownInSvg(svg as string);
      const expected = expectedFromSpec(wf[id]);
      expect([...expected.series].filter((s) => !shown.series.has(s))).toEqual([]);
      expect(shown.points).toBe(expected.points);
      expect(shown.texts).toContain(expected.title);
      for (const legend of expected.legends) if (legend.title) expect(shown.texts).toContain(legend.title);
    });

    it('heatmap: numeric parameters in numeric order, every cell labelled, no negative Sharpe coloured as good', () => {
      const svg = renderSvgChart(wf.sharpeHeatmap) as string;
      const panel = svg.slice(svg.indexOf('data-facet="glft'));
      const xLabels = [...panel.matchAll(/<text x="[^"]*" y="[^"]*" text-anchor="middle">([^<]*)<\/text>/g)].map((m) => m[1]).slice(0, 3);
      expect(xLabels).toEqual(['250', '1000', '4000']);
      expect((svg.match(/<g class="mark-text" data-points="6"/g) ?? []).length).toBe(2);
      // Domain mid 0 with every value below: the best cell is at most the middle (yellow) colour.
      const scale = gradientScale([{ mark: { type: 'rect' }, encoding: { color: { field: 's', type: 'quantitative', scale: { domainMid: 0 } } }, tooltip: [], rows: [{ s: -9 }, { s: -2 }] }]);
      expect(scale?.domain).toEqual([-9, 0]);
      expect(scale?.map(0)).toBe('#ffffbf');
      expect(scale?.map(-9)).toBe('#a50026');
      const [r, g] = [parseInt((scale?.map(-2) as string).slice(1, 3), 16), parseInt((scale?.map(-2) as string).slice(3, 5), 16)];
      expect(r).toBeGreaterThan(g);
    });

    it('sorts numeric categories by number and others as text', () => {
      expect(ascending(['1000', '250', '4000', '0.5'])).toEqual(['0.5', '250', '1000', '4000']);
      expect(ascending(['b', '10', 'a'])).toEqual(['10', 'a', 'b']);
    });
  });
});
