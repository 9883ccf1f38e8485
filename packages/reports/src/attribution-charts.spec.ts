import type { PnlAttribution } from '@mml/core';
import { attributionSpecs, poolMarkouts } from './attribution-charts';
import { renderChartSvg } from './charts';
import { rowFixture, seriesFixture, summaryFixture } from './fixtures.test-helpers';
import { renderReportHtml } from './report-html';
import type { ReportInput } from './report-model';
import type { ResultRow, WalkForwardResult } from './run-summary';

function attribution(spread: number, inventory: number, fees: number, markout0: number): PnlAttribution {
  return {
    spreadCapture: spread,
    inventoryPnl: inventory,
    fees,
    liquidationCost: 0,
    hedgedPnl: spread + inventory - fees,
    markoutsBps: { '0bar': { mean: markout0, stderr: 0.2, n: 40 }, '1bar': { mean: markout0 - 0.5, stderr: 0.3, n: 40 }, '5bar': { mean: markout0 - 1, stderr: 0.4, n: 39 }, '15bar': { mean: markout0 - 1.2, stderr: 0.6, n: 37 } },
  };
}

function researchReport(): ReportInput {
  const summary = summaryFixture();
  const rows: ResultRow[] = [];
  for (const maker of [-0.5, 10]) {
    for (const format of ['fixed-spread', 'as-baseline']) {
      const a = attribution(50, -20, maker * 2, format === 'fixed-spread' ? 0.3 : -1.2);
      rows.push(rowFixture(format, 10_000, { pnl: a.spreadCapture + a.inventoryPnl - a.fees }, { tier: '10k', makerFeeBps: maker, takerFeeBps: 10, attribution: a, breakEvenMakerFeeBps: maker + 3 }));
    }
  }
  summary.rows = rows;
  const series = ['fixed-spread', 'as-baseline'].map((format, i) => ({ ...seriesFixture(`${format} @ 10k`, 400, i * 50), format }));
  return { summary, series };
}

describe('attribution charts', () => {
  it('pools markouts by count with the within- and between-run variance (hand-computed)', () => {
    // Run A: values {1, 3} (mean 2, var 2, stderr 1); run B: values {6} (mean 6, n 1).
    // Pooled values {1, 3, 6}: mean 10/3, sample variance ((7/3)^2 + (1/3)^2 + (8/3)^2) / 2 = 19/3.
    const pooled = poolMarkouts([{ mean: 2, stderr: 1, n: 2 }, { mean: 6, stderr: 0, n: 1 }, { mean: 0, stderr: 0, n: 0 }]);
    expect(pooled.n).toBe(3);
    expect(pooled.mean).toBeCloseTo(10 / 3, 12);
    expect(pooled.stderr).toBeCloseTo(Math.sqrt(19 / 3 / 3), 12);
  });

  it('builds a waterfall per row, markout curves, break-even beside the tiers and fills per format for research', () => {
    const specs = attributionSpecs(researchReport());
    expect(Object.keys(specs)).toEqual(['waterfall', 'markouts', 'breakEven', 'fills-fixed-spread', 'fills-as-baseline']);
    const steps = (specs.waterfall.data as { values: Array<{ run: string; step: string; start: number; end: number }> }).values;
    const first = steps.filter((v) => v.run === 'fixed-spread · 10k · maker -0.5bps');
    // 50 spread, -20 inventory, fees -1 (a rebate: +1), no liquidation -> PnL 31.
    expect(first.map((v) => [v.step, v.start, v.end])).toEqual([
      ['spread capture', 0, 50], ['inventory', 50, 30], ['fees', 30, 31], ['liquidation', 31, 31], ['PnL', 0, 31],
    ]);
    expect(new Set(steps.map((v) => v.run)).size).toBe(4);
    // Markouts: one curve per format at the lowest fee tier run, in horizon order.
    const curve = (specs.markouts.data as { values: Array<{ format: string; horizon: string; mean: number }> }).values;
    expect(curve.filter((v) => v.format === 'as-baseline').map((v) => [v.horizon, v.mean])).toEqual([['0bar', -1.2], ['1bar', -1.7], ['5bar', -2.2], ['15bar', -2.4]]);
  });

  it('stitches out-of-sample PnL fold after fold and maps in-sample Sharpe over the candidate grid (walk-forward)', () => {
    const summary = summaryFixture();
    const fold = (f: number, pnl: number): ResultRow => rowFixture('glft', 10_000, { pnl }, { fold: f, phase: 'out-of-sample', attribution: attribution(pnl + 5, -3, 2, -1) });
    summary.rows = [fold(0, 10), fold(1, -25)];
    const candidates = [250, 1000].flatMap((gamma, g) => [0.02, 0.05].map((orderFraction, o) => ({ fold: 0, params: { 'model.gamma': gamma, 'model.orderFraction': orderFraction }, selected: g === 1 && o === 0, metrics: rowFixture('glft', 10_000, { sharpe: g - o }).metrics })));
    const wf = { format: 'glft', folds: 2, passRate: 0.5, threshold: 0.5, hardBreaches: 0, oosPnlSum: -15, oosSharpeMean: -0.3, insufficientFillFolds: 0, pass: false, reasons: [], pbo: 0.5, deflatedSharpe: 0.1, candidates } satisfies WalkForwardResult;
    summary.walkForward = [wf];
    // Two test windows: equity 10000 -> 10010 and 10000 -> 9975.
    const window = (start: number, end: number, t0: number) => ({ label: `glft fold ${t0}`, format: 'glft', initialEquity: 10_000, samples: [{ ts: t0, equity: 10_000, inventory: 0, mid: 100 }, { ts: t0 + 60_000, equity: end, inventory: 0, mid: 101 }], fills: [] });
    const specs = attributionSpecs({ summary, series: [window(10_000, 9_975, 120_000), window(10_000, 10_010, 0)] });
    expect(Object.keys(specs)).toEqual(['waterfall', 'markouts', 'fills-glft', 'oosEquity', 'sharpeHeatmap']);
    const oos = (specs.oosEquity.data as { values: Array<{ time: number; value: number; format: string }> }).values;
    expect(oos.map((v) => [v.time, v.value])).toEqual([[0, 0], [60_000, 10], [120_000, 10], [180_000, -15]]);
    expect(oos[0].format).toBe('glft (Σ -15.00)');
    const cells = (specs.sharpeHeatmap.data as { values: Array<{ x: string; y: string; sharpe: number; label: string }> }).values;
    expect(cells.map((c) => [c.x, c.y, c.sharpe, c.label])).toEqual([['250', '0.02', 0, '0.00'], ['250', '0.05', -1, '-1.00'], ['1000', '0.02', 1, '1.00 (1×)'], ['1000', '0.05', 0, '0.00']]);
    // The waterfall of a walk-forward sums the test folds per format: spread 15 + 20 - 10 = ... (10+5) + (-25+5) = -5.
    const steps = (specs.waterfall.data as { values: Array<{ step: string; end: number }> }).values;
    expect(steps.find((v) => v.step === 'spread capture')?.end).toBe(-5);
  });

  it('renders every attribution chart to an SVG with marks, and the page embeds them', async () => {
    const report = researchReport();
    // The new mark types (facets, error bars, offsets); the fills chart reuses the line/point marks of charts.ts.
    for (const [id, spec] of Object.entries(attributionSpecs(report)).filter(([key]) => !key.startsWith('fills-'))) {
      const svg = await renderChartSvg(spec);
      expect({ id, svg: svg.startsWith('<svg') }).toEqual({ id, svg: true });
      expect(svg).toMatch(/<path|<rect|<line/);
    }
    const html = await renderReportHtml(report);
    for (const id of ['waterfall', 'markouts', 'breakEven', 'fills-fixed-spread']) expect(html).toContain(`data-chart="${id}"`);
  }, 30_000);
});
