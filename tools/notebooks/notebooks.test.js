'use strict';
// Executes the example notebooks headless (execute-notebooks.sh) and checks what a reader sees:
// no cell failed, the PnL attribution table and the charts were displayed inline, and the report
// the notebook wrote exists. Without Jupyter the test is skipped with a notice, unless CI is set.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const { existsSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..', '..');
const notebook = join(root, 'examples', 'notebooks', 'custom-strategy.ipynb');

/** Every output of every code cell of an executed notebook. */
function outputsOf(path) {
  const nb = JSON.parse(readFileSync(path, 'utf8'));
  return nb.cells.filter((c) => c.cell_type === 'code').flatMap((c) => c.outputs);
}

const text = (value) => (Array.isArray(value) ? value.join('') : String(value ?? ''));

test('examples/notebooks/custom-strategy.ipynb runs headless and shows the attribution table and the charts', { timeout: 240_000 }, (t) => {
  const run = spawnSync(join(__dirname, 'execute-notebooks.sh'), [notebook], { encoding: 'utf8' });
  if (run.status === 3 && !process.env.CI) {
    t.skip(`no Jupyter here: ${run.stderr.trim()}`);
    return;
  }
  assert.equal(run.status, 0, `execute-notebooks.sh failed:\n${run.stdout}\n${run.stderr}`);
  const outputs = outputsOf(join(root, 'tmp', 'notebooks', 'custom-strategy.ipynb'));
  assert.deepEqual(outputs.filter((o) => o.output_type === 'error').map((o) => `${o.ename}: ${o.evalue}`), []);
  const html = outputs.filter((o) => o.output_type === 'display_data').map((o) => text(o.data && o.data['text/html']));
  const table = html.find((h) => h.includes('Where the PnL came from'));
  assert.ok(table, 'the attribution table is displayed');
  assert.match(table, /<th>spread capture<\/th><th>inventory<\/th><th>fees<\/th>/);
  assert.match(table, /<th class="text">skewed-quoter<\/th>/);
  // Drawn by @mml/reports' own SVG renderer (svg-chart/): root class "marks mml-chart", one
  // <g class="mark-…"> per mark, axis titles in aria-labels, a <title> (hover text) per bar.
  const charts = html.filter((h) => /^<svg [^>]*class="marks[ "]/.test(h));
  assert.equal(charts.length, 2, 'the equity chart and the PnL waterfall are displayed as SVG');
  assert.match(charts[0], /class="mark-line[^"]*"[^>]*>\s*<path/, 'the equity chart draws a line');
  assert.match(charts[0], /aria-label="Y-axis titled &#39;equity&#39;"/);
  assert.match(charts[1], /<title>step: spread capture; amount: /, 'the waterfall has its spread-capture bar');
  const printed = outputs.filter((o) => o.output_type === 'stream').map((o) => text(o.text)).join('');
  assert.match(printed, /^4320 candles from /m);
  assert.match(printed, /^skewed-quoter @ 10k: (PASS|FAIL) \(/m);
  const report = /^report: (.+)$/m.exec(printed);
  assert.ok(report && existsSync(report[1]), `the report the notebook wrote exists: ${report && report[1]}`);
});
