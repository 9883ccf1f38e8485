import { createChartCache, seriesChartSpecs } from './chart-cache';
import { vegaLiteSpecs, type VegaLiteSpec } from './charts';
import { renderReportHtml } from './report-html';
import { seriesFixture, summaryFixture } from './fixtures.test-helpers';
import type { ReportInput } from './report-model';

/** A stand-in for Vega that records what it was asked to draw. */
function countingRenderer() {
  const drawn: string[] = [];
  const render = async (spec: VegaLiteSpec) => {
    drawn.push(String(spec.description));
    return `<svg data-spec="${JSON.stringify(spec).length}"></svg>`;
  };
  return { drawn, render };
}

const report = (): ReportInput => ({ summary: summaryFixture(), series: [seriesFixture('as-basic @ 10k', 800), seriesFixture('glft @ 10k', 800, 500)] });

describe('createChartCache', () => {
  it('draws each distinct chart once, and the page is the one drawn without it', async () => {
    const plain = countingRenderer();
    const counted = countingRenderer();
    const cache = createChartCache(counted.render);
    const page = await renderReportHtml(report(), plain.render);
    expect(await renderReportHtml(report(), cache.render)).toBe(page);
    expect(await renderReportHtml(report(), cache.render)).toBe(page);
    expect(counted.drawn).toEqual(plain.drawn);
  });

  it('uses the series charts drawn ahead, before the rows were known, and draws only the rest', async () => {
    const counted = countingRenderer();
    const cache = createChartCache(counted.render);
    cache.prerender(seriesChartSpecs(report().series ?? []));
    expect(counted.drawn).toEqual(['mml-chart:equity', 'mml-chart:drawdown', 'mml-chart:inventory', 'mml-chart:quotes', 'mml-chart:fills']);
    const page = await renderReportHtml(report(), cache.render);
    expect(Object.keys(vegaLiteSpecs(report()))).toEqual(['equity', 'drawdown', 'inventory', 'quotes', 'fills', 'comparison']);
    expect(counted.drawn.slice(5)).toEqual(['mml-chart:comparison']);
    expect(page).toBe(await renderReportHtml(report(), countingRenderer().render));
  });

  it('draws a spec that differs in anything anew: no stale chart', async () => {
    const counted = countingRenderer();
    const cache = createChartCache(counted.render);
    const [equity] = seriesChartSpecs(report().series ?? []);
    await cache.render(equity);
    await cache.render({ ...equity, title: 'Equity, another run' });
    expect(counted.drawn).toEqual(['mml-chart:equity', 'mml-chart:equity']);
  });

  it('does not keep a failed draw: the caller sees the error, asking again draws again', async () => {
    let calls = 0;
    const cache = createChartCache(async () => (++calls === 1 ? Promise.reject(new Error('vega failed')) : '<svg></svg>'));
    const [equity] = seriesChartSpecs(report().series ?? []);
    cache.prerender([equity]);
    await expect(cache.render(equity)).rejects.toThrow('vega failed');
    await expect(cache.render(equity)).resolves.toBe('<svg></svg>');
    expect(calls).toBe(2);
  });
});
