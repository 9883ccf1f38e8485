import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { writeReportHtml } from './report-html';
import { seriesFixture, summaryFixture } from './fixtures.test-helpers';
import { countInk, decodePng } from './png.test-helpers';

// Renders a crafted report in headless Chromium and checks, on the actual pixels, that every chart
// drew its data. Debian's chromium is required in CI; elsewhere the test is skipped with a notice.
const CHROMIUM = process.env.MML_CHROMIUM ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available && !process.env.CI) {
  console.warn(`report screenshot test SKIPPED: no Chromium at ${CHROMIUM} (install Debian's chromium or set MML_CHROMIUM)`);
}

describe('report.html in headless Chromium', () => {
  if (!available && process.env.CI) {
    it('needs Chromium in CI', () => {
      throw new Error(`CI is set but no Chromium at ${CHROMIUM}`);
    });
    return;
  }
  const maybe = available ? it : it.skip;
  let browser: Browser | undefined;

  afterAll(async () => {
    await browser?.close();
  });

  maybe(
    'shows six charts with data marks, non-trivial boxes and coloured pixels where the charts are',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'mml-reports-shot-'));
      const path = await writeReportHtml(dir, {
        summary: summaryFixture(),
        series: [seriesFixture('as-basic @ 10k', 3000), seriesFixture('glft @ 10k', 3000, 500)],
      });
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
      });
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 }, deviceScaleFactor: 1 });
      const requests: string[] = [];
      page.on('request', (request) => {
        if (!request.url().startsWith('file:')) requests.push(request.url());
      });
      await page.goto(pathToFileURL(path).href, { waitUntil: 'load' });

      const charts = await page.$$eval('figure.chart', (figures) =>
        figures.map((figure) => {
          const svg = figure.querySelector('svg');
          const box = svg ? svg.getBoundingClientRect() : { x: 0, y: 0, width: 0, height: 0 };
          return {
            id: figure.getAttribute('data-chart'),
            marks: svg ? svg.querySelectorAll('.mark-line path, .mark-symbol path, .mark-rect path').length : 0,
            // The page is not scrolled, so viewport coordinates are document (full-page screenshot) coordinates.
            box: { x: box.x, y: box.y, width: box.width, height: box.height },
          };
        }),
      );
      expect(charts.map((c) => c.id)).toEqual(['equity', 'drawdown', 'inventory', 'quotes', 'fills', 'comparison']);

      const png = await page.screenshot({ fullPage: true, type: 'png' });
      writeFileSync(join(dir, 'report.png'), png);
      console.log(`report screenshot: ${join(dir, 'report.png')}`);
      const image = decodePng(png);
      for (const chart of charts) {
        expect({ id: chart.id, hasMarks: chart.marks > 0 }).toEqual({ id: chart.id, hasMarks: true });
        expect(chart.box.width).toBeGreaterThan(400);
        expect(chart.box.height).toBeGreaterThan(150);
        const ink = countInk(image, chart.box);
        // Grey grid lines and black text alone would give no coloured pixels: colour means data was drawn.
        expect({ id: chart.id, coloured: ink.coloured > 300, someInk: ink.nonWhite / ink.total > 0.01 }).toEqual({ id: chart.id, coloured: true, someInk: true });
      }
      // The page is self-contained: nothing was fetched from anywhere but the file itself.
      expect(requests).toEqual([]);
    },
    90_000,
  );
});
