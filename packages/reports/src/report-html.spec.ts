import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderReportHtml, writeReportHtml } from './report-html';
import { vegaLiteSpecs, MAX_POINTS_PER_CHART } from './charts';
import { evaluateWalkForwardGate } from './gates';
import { rowFixture, seriesFixture, summaryFixture } from './fixtures.test-helpers';
import type { ReportInput } from './report-model';

function reportFixture(samples = 3000): ReportInput {
  return { summary: summaryFixture(), series: [seriesFixture('as-basic @ 10k', samples), seriesFixture('glft @ 10k', samples, 500)] };
}

describe('vegaLiteSpecs', () => {
  it('builds the six charts, each a Vega-Lite v5 spec with inline data', () => {
    const specs = vegaLiteSpecs(reportFixture());
    expect(Object.keys(specs)).toEqual(['equity', 'drawdown', 'inventory', 'quotes', 'fills', 'comparison']);
    for (const spec of Object.values(specs)) {
      expect(spec.$schema).toMatch(/vega-lite\/v5/);
      expect(JSON.stringify(spec)).toContain('"values"');
    }
  });

  it('downsamples long series to the per-chart point budget', () => {
    const specs = vegaLiteSpecs({ summary: summaryFixture(), series: [seriesFixture('long', 50000)] });
    const values = (specs.equity.data as { values: unknown[] }).values;
    expect(values.length).toBeLessThanOrEqual(MAX_POINTS_PER_CHART);
    expect(values.length).toBeGreaterThan(MAX_POINTS_PER_CHART / 2);
  });

  it('draws drawdown as (running peak - equity) / initial budget, the quantity the gate judges', () => {
    const series = { label: 'x', initialEquity: 1000, samples: [100, 110, 90, 120, 60].map((equity, i) => ({ ts: i * 60000, equity, inventory: 0 })) };
    const specs = vegaLiteSpecs({ summary: summaryFixture(), series: [series] });
    const values = (specs.drawdown.data as { values: Array<{ value: number }> }).values.map((v) => v.value);
    expect(values).toEqual([0, 0, 0.02, 0, 0.06]);
  });

  it('compares return per format and tier, averaging seeds, green only when every run passes', () => {
    const summary = summaryFixture();
    summary.rows = [
      rowFixture('a', 1000, { totalReturn: 0.02 }, { tier: '1k' }),
      rowFixture('a', 100000, { totalReturn: 0.01, pnl: 5 }, { tier: '100k', seed: 1 }),
      rowFixture('a', 100000, { totalReturn: -0.03, pnl: -5 }, { tier: '100k', seed: 2 }),
    ];
    const values = (vegaLiteSpecs({ summary }).comparison.data as { values: unknown[] }).values;
    expect(values).toEqual([
      { run: 'a · 1k', format: 'a', tier: '1k', return: 0.02, verdict: 'pass' },
      { run: 'a · 100k', format: 'a', tier: '100k', return: -0.01, verdict: 'fail' },
    ]);
  });

  it('leaves out time-series charts when there are no series', () => {
    expect(Object.keys(vegaLiteSpecs({ summary: summaryFixture() }))).toEqual(['comparison']);
  });
});

describe('report.html', () => {
  let html: string;
  beforeAll(async () => {
    html = await renderReportHtml(reportFixture());
  });

  it('is self-contained: inline SVG charts, no external resource, no executable script', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect((html.match(/<figure class="chart"/g) ?? []).length).toBe(6);
    expect((html.match(/<svg /g) ?? []).length).toBeGreaterThanOrEqual(6);
    expect(html).not.toMatch(/<script(?![^>]*type="application\/json")/);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(html).not.toMatch(/@import|url\(http/);
    expect(html.length).toBeLessThan(3_000_000);
  });

  it('shows every gate reason and highlights pass/fail', () => {
    const escaped = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
    const missing = summaryFixture().rows.flatMap((row) => row.reasons).filter((reason) => !html.includes(escaped(reason)));
    expect(missing).toEqual([]);
    expect(html).toContain('<strong>2 of 4</strong> runs pass all gates');
    expect(html).toMatch(/class="fail"[^>]*><strong>FAIL<\/strong>/);
    expect(html).toMatch(/class="pass"[^>]*><strong>PASS<\/strong>/);
  });

  it('escapes names, including inside the embedded specs', async () => {
    const summary = summaryFixture();
    summary.rows[0] = rowFixture('<img src=x onerror=alert(1)>', 1000, {}, { tier: '1k' });
    const page = await renderReportHtml({ summary, series: [seriesFixture('</script><b>', 50)] });
    expect(page).not.toContain('<img src=x');
    expect(page).not.toContain('</script><b>');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('embeds the Vega-Lite specs as JSON that parses back to vegaLiteSpecs(report)', () => {
    const match = html.match(/<script type="application\/json" id="vega-lite-specs">([\s\S]*?)<\/script>/);
    expect(match).not.toBeNull();
    expect(JSON.parse((match as RegExpMatchArray)[1])).toEqual(JSON.parse(JSON.stringify(vegaLiteSpecs(reportFixture()))));
  });

  it('renders walk-forward verdicts, fold rows and the in-sample vs out-of-sample gap', async () => {
    const summary = summaryFixture();
    summary.rows = [0, 1, 2].flatMap((fold) => [
      rowFixture('as-basic', 10000, { sharpe: 2 }, { fold, phase: 'in-sample', params: { gamma: 0.1 } }),
      rowFixture('as-basic', 10000, { sharpe: fold === 1 ? -1 : 0.5 }, { fold, phase: 'out-of-sample', params: { gamma: 0.1 } }),
    ]);
    const oos = summary.rows.filter((r) => r.phase === 'out-of-sample');
    const gate = evaluateWalkForwardGate({ foldVerdicts: oos.map((r) => r.gates), hardBreaches: 0, threshold: 0.6, oosPnlSum: oos.reduce((s, r) => s + r.metrics.pnl, 0), oosSharpeMean: 0, insufficientFillFolds: 0, minFillsForStatistics: 30 });
    summary.walkForward = [{ format: 'as-basic', folds: 3, inSampleSharpe: 2, outOfSampleSharpe: 0, ...gate }];
    summary.gates.walkForwardPassRate = 0.6;
    const page = await renderReportHtml({ summary });
    expect(page).toContain('<h2>Walk-forward</h2>');
    // The headline judges out-of-sample rows only; the three passing in-sample rows must not count.
    expect(page).toContain('<strong>2 of 3</strong> out-of-sample runs pass all gates');
    expect(page).toContain('PASS pass rate 2/3 = 66.67% &gt;= 60.00%');
    expect(page).toContain('<td>2.00</td><td>n/a</td>'); // IS - OOS Sharpe gap, then PBO (none given)
    expect((page.match(/<td class="text">out-of-sample<\/td>/g) ?? []).length).toBeGreaterThanOrEqual(3);
  });

  it('fills the formats x tiers table for seeded research rows and aggregates several seeds per cell', async () => {
    const summary = summaryFixture();
    summary.rows = [
      rowFixture('as-basic', 1000, { pnl: 5 }, { tier: '1k', seed: 11 }),
      rowFixture('as-basic', 10000, { pnl: 5 }, { tier: '10k', seed: 1 }),
      rowFixture('as-basic', 10000, { pnl: -5 }, { tier: '10k', seed: 2 }),
      rowFixture('as-basic', 10000, { pnl: 7 }, { tier: '10k', seed: 3 }),
    ];
    const page = await renderReportHtml({ summary });
    const table = page.slice(page.indexOf('<section id="format-tier">'), page.indexOf('<section id="per-tier">'));
    expect(table).toContain('<strong>PASS</strong><br>PnL 5.00');
    expect(table).toContain('<strong>2/3 PASS</strong><br>mean PnL 2.33');
    expect(table).toMatch(/<td class="fail"[^>]*><strong>2\/3 PASS/);
  });

  it('keeps many series readable: walk-forward style reports with 30 runs still render every chart', async () => {
    const series = Array.from({ length: 30 }, (_, i) => seriesFixture(`format-${i % 6} fold ${Math.floor(i / 6)} (test)`, 400, i * 50));
    const specs = vegaLiteSpecs({ summary: summaryFixture(), series });
    const equity = (specs.equity.data as { values: unknown[] }).values;
    expect(equity.length).toBeLessThanOrEqual(MAX_POINTS_PER_CHART);
    const page = await renderReportHtml({ summary: summaryFixture(), series });
    expect((page.match(/<figure class="chart"/g) ?? []).length).toBe(6);
  });

  it('is identical for identical input and written atomically to report.html', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mml-reports-html-'));
    const path = await writeReportHtml(dir, reportFixture());
    expect(readFileSync(path, 'utf8')).toBe(html);
  });
});
