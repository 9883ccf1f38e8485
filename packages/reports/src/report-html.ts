import { join } from 'node:path';
import { writeFileAtomic } from '@mml/core/io';
import { REJECT_REASONS } from '@mml/core';
import { renderChartSvg, vegaLiteSpecs, type VegaLiteSpec } from './charts';
import type { ReportInput } from './report-model';
import { MARKOUT_HORIZON_ORDER } from './results-csv';
import type { ResultRow, RunSummary, WalkForwardResult } from './run-summary';

export const REPORT_FILE = 'report.html';

/**
 * report.html as a string: one self-contained page (inline CSS and SVG, no script that runs, no
 * network). Sections: run facts, gate verdicts with every reason, per-format x tier comparison,
 * per-tier and per-format summaries, walk-forward verdicts and folds, charts (static SVG drawn from
 * their Vega-Lite specs), all runs, inputs, and the Vega-Lite specs as JSON (`<script type="application/json"
 * id="vega-lite-specs">`). Async only because Vega (for a spec outside the report subset) renders asynchronously; the output is a pure
 * function of `report` (so identical input gives an identical page, as long as `execution` is equal).
 */
export async function renderReportHtml(report: ReportInput, renderChart?: ChartRenderer): Promise<string> {
  const { summary } = report;
  const specs = vegaLiteSpecs(report);
  const svgs: string[] = [];
  // Every chart is independent: a given renderer is asked for all at once (it may spread them
  // over threads); this thread's renders one after the other. Either way in page order.
  if (renderChart !== undefined) svgs.push(...(await Promise.all(Object.values(specs).map((spec) => renderChart(spec)))));
  else for (const spec of Object.values(specs)) svgs.push(await renderChartSvg(spec));
  const charts = Object.keys(specs).map((id, i) => `<figure class="chart" id="chart-${esc(id)}" data-chart="${esc(id)}">${svgs[i]}</figure>`);
  const title = summary.title ?? `${summary.app} run`;
  const parts = [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    // No external resource may load: the CSP makes that a guarantee, not a habit.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    `<meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<title>${esc(title)}</title>`,
    `<style>${CSS}</style></head><body>`,
    `<h1>${esc(title)}</h1>`,
    runFacts(summary),
    verdictSection(summary),
    formatTierTable(summary.rows),
    tierSummaryTable(summary.rows),
    formatSummaryTable(summary.rows),
    feeTierTable(summary.rows),
    attributionTableHtml(summary.rows),
    walkForwardSection(summary.walkForward, summary.rows),
    charts.length > 0 ? `<section id="charts"><h2>Charts</h2>${charts.join('\n')}</section>` : '<section id="charts"><h2>Charts</h2><p>No time series were recorded for this run.</p></section>',
    allRunsTable(summary.rows),
    inputsSection(summary),
    `<script type="application/json" id="vega-lite-specs">${jsonForScript(specs)}</script>`,
    summary.execution ? `<footer>Execution: ${esc(JSON.stringify(summary.execution))}</footer>` : '',
    '</body></html>',
  ];
  return parts.filter((p) => p !== '').join('\n') + '\n';
}

/**
 * Renders one chart's Vega-Lite spec to SVG: renderChartSvg, or anything that gives the same
 * string for the same spec (e.g. renderChartSvg run on a worker thread).
 */
export type ChartRenderer = (spec: VegaLiteSpec) => Promise<string>;

/** Writes `<dir>/report.html` atomically. Returns the file path. */
export async function writeReportHtml(dir: string, report: ReportInput, renderChart?: ChartRenderer): Promise<string> {
  const path = join(dir, REPORT_FILE);
  writeFileAtomic(path, await renderReportHtml(report, renderChart));
  return path;
}

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px auto;max-width:1280px;padding:0 16px;color:#222;background:#fff}
h1{font-size:22px;margin:0 0 8px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
table{border-collapse:collapse;margin:8px 0;font-variant-numeric:tabular-nums}
th,td{border:1px solid #ddd;padding:3px 8px;text-align:right;vertical-align:top}th{background:#f4f4f4}
td.text,th.text{text-align:left}th.text,td.gates,td.window{white-space:nowrap}td.params{white-space:nowrap;font-size:12px}
.scroll{overflow-x:auto;max-width:100%}
.pass{background:#e3f4e6;color:#135c25}.fail{background:#fbe4e6;color:#8a1524}
.badge{display:inline-block;padding:1px 6px;border-radius:3px;font-weight:600}
dl.facts{display:grid;grid-template-columns:max-content auto;gap:2px 16px;margin:0}dl.facts dt{color:#666}dl.facts dd{margin:0}
figure.chart{margin:12px 0;padding:0}figure.chart svg{max-width:100%;height:auto}
ul.reasons{margin:2px 0 2px 18px;padding:0}pre{background:#f7f7f7;padding:8px;overflow:auto;font-size:12px}
footer{margin-top:24px;color:#777;font-size:12px}
`;

function runFacts(summary: RunSummary): string {
  const d = summary.data;
  const facts: Array<[string, string]> = [
    ['app', summary.app],
    ['code version', summary.codeVersion],
    ['data', d.source + (d.symbol ? ` (${d.symbol}${d.timeframe ? ' ' + d.timeframe : ''})` : '')],
    ['data range', `${isoTime(d.startTs)} to ${isoTime(d.endTs)} UTC`],
  ];
  if (d.events !== undefined) facts.push(['events', String(d.events)]);
  if (d.checksum) facts.push(['checksum', d.checksum]);
  facts.push(['seeds', Object.keys(summary.seeds).length === 0 ? 'none' : Object.entries(summary.seeds).map(([k, v]) => `${k}=${v}`).join(', ')]);
  facts.push([
    'gates',
    `PnL > ${summary.gates.minPnl}, Sharpe > ${summary.gates.minSharpe} on at least ${summary.gates.minFillsForStatistics ?? 0} fills, max drawdown ≤ ${pct(summary.gates.maxDrawdown)} of initial budget` +
      (summary.gates.walkForwardPassRate !== undefined
        ? `; walk-forward: pass rate ≥ ${pct(summary.gates.walkForwardPassRate)}, summed out-of-sample PnL > 0, mean out-of-sample Sharpe > 0, every fold with enough fills, no hard breaches`
        : ''),
  ]);
  return `<section id="facts"><dl class="facts">${facts.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl></section>`;
}

function verdictSection(summary: RunSummary): string {
  // In-sample (training) rows would flatter the headline: judge what was tested out of sample.
  const hasInSample = summary.rows.some((r) => r.phase === 'in-sample');
  const rows = summary.rows.filter((r) => r.phase !== 'in-sample');
  const passed = rows.filter((r) => r.gates.pass).length;
  const items = rows
    .map((r) => `<li><span class="badge ${cls(r.gates.pass)}">${r.gates.pass ? 'PASS' : 'FAIL'}</span> ${esc(rowLabel(r))}<ul class="reasons">${r.reasons.map(reasonItem).join('')}</ul></li>`)
    .join('');
  const wf = summary.walkForward ?? [];
  const wfItems = wf
    .map((w) => `<li><span class="badge ${cls(w.pass)}">${w.pass ? 'PASS' : 'FAIL'}</span> walk-forward ${esc(w.format)}<ul class="reasons">${w.reasons.map(reasonItem).join('')}</ul></li>`)
    .join('');
  return (
    `<section id="verdicts"><h2>Gate verdicts</h2><p><strong>${passed} of ${rows.length}</strong> ${hasInSample ? 'out-of-sample ' : ''}runs pass all gates` +
    (wf.length > 0 ? `; <strong>${wf.filter((w) => w.pass).length} of ${wf.length}</strong> formats pass walk-forward` : '') +
    `.</p>${wfItems ? `<ul>${wfItems}</ul>` : ''}<details${rows.length <= 12 ? ' open' : ''}><summary>Every run's reasons</summary><ul>${items}</ul></details></section>`
  );
}

function formatTierTable(rows: readonly ResultRow[]): string {
  // Folds have their own table; several rows in one cell (campaign seeds) are aggregated.
  const research = rows.filter((r) => r.fold === undefined);
  if (research.length === 0) return '';
  const tiers = uniqueTiers(research);
  const formats = unique(research.map((r) => r.format));
  const cell = (format: string, tier: string) => {
    const group = research.filter((r) => r.format === format && tierOf(r) === tier);
    if (group.length === 0) return '<td>–</td>';
    const passed = group.filter((r) => r.gates.pass).length;
    const allPass = passed === group.length;
    const verdict = group.length === 1 ? (allPass ? 'PASS' : 'FAIL') : `${passed}/${group.length} PASS`;
    const prefix = group.length === 1 ? '' : 'mean ';
    const reasons = group.length === 1 ? group[0].reasons.join('\n') : `${passed} of ${group.length} runs pass all gates`;
    return (
      `<td class="${cls(allPass)}" title="${esc(reasons)}"><strong>${verdict}</strong><br>${prefix}PnL ${num(mean(group.map((r) => r.metrics.pnl)), 2)}` +
      `<br>${prefix}Sharpe ${num(mean(group.map((r) => r.metrics.sharpe)), 2)}<br>${group.length === 1 ? '' : 'worst '}DD ${pct(Math.max(...group.map((r) => r.metrics.maxDrawdown)))}</td>`
    );
  };
  return (
    `<section id="format-tier"><h2>Formats × budget tiers</h2><div class="scroll"><table><thead><tr><th class="text">format</th>${tiers.map((t) => `<th>${esc(t)}</th>`).join('')}</tr></thead><tbody>` +
    formats.map((f) => `<tr><th class="text">${esc(f)}</th>${tiers.map((t) => cell(f, t)).join('')}</tr>`).join('') +
    '</tbody></table></div></section>'
  );
}

function tierSummaryTable(rows: readonly ResultRow[]): string {
  const research = rows.filter((r) => r.fold === undefined);
  if (research.length === 0) return '';
  const body = uniqueTiers(research)
    .map((tier) => {
      const group = research.filter((r) => tierOf(r) === tier);
      const passed = group.filter((r) => r.gates.pass).length;
      const best = group.reduce((a, b) => (b.metrics.pnl > a.metrics.pnl ? b : a));
      return `<tr><th class="text">${esc(tier)}</th><td class="${cls(passed > 0)}">${passed} / ${group.length}</td><td>${num(mean(group.map((r) => r.metrics.pnl)), 2)}</td><td>${num(mean(group.map((r) => r.metrics.sharpe)), 2)}</td><td>${pct(Math.max(...group.map((r) => r.metrics.maxDrawdown)))}</td><td class="text">${esc(best.format)} (${num(best.metrics.pnl, 2)})</td></tr>`;
    })
    .join('');
  return `<section id="per-tier"><h2>Per tier</h2><div class="scroll"><table><thead><tr><th class="text">tier</th><th>runs passing</th><th>mean PnL</th><th>mean Sharpe</th><th>worst DD</th><th class="text">best format by PnL</th></tr></thead><tbody>${body}</tbody></table></div></section>`;
}

function formatSummaryTable(rows: readonly ResultRow[]): string {
  const runs = rows.filter((r) => r.phase !== 'in-sample');
  if (runs.length === 0) return '';
  const body = unique(runs.map((r) => r.format))
    .map((format) => {
      const group = runs.filter((r) => r.format === format);
      const passed = group.filter((r) => r.gates.pass).length;
      const pnls = group.map((r) => r.metrics.pnl);
      return `<tr><th class="text">${esc(format)}</th><td class="${cls(passed === group.length)}">${passed} / ${group.length}</td><td>${num(mean(pnls), 2)}</td><td>${num(std(pnls), 2)}</td><td>${num(Math.min(...pnls), 2)}</td><td>${num(mean(group.map((r) => r.metrics.sharpe)), 2)}</td><td>${num(Math.min(...group.map((r) => r.metrics.sharpe)), 2)}</td><td>${pct(Math.max(...group.map((r) => r.metrics.maxDrawdown)))}</td></tr>`;
    })
    .join('');
  return `<section id="per-format"><h2>Per format</h2><div class="scroll"><table><thead><tr><th class="text">format</th><th>runs passing</th><th>mean PnL</th><th>std PnL</th><th>worst PnL</th><th>mean Sharpe</th><th>worst Sharpe</th><th>worst DD</th></tr></thead><tbody>${body}</tbody></table></div></section>`;
}

/** Format x fee tier at the middle budget: PnL and the break-even maker fee of each run. */
function feeTierTable(rows: readonly ResultRow[]): string {
  const research = rows.filter((r) => r.fold === undefined && r.makerFeeBps !== undefined);
  const tiers = [...new Set(research.map((r) => r.makerFeeBps as number))].sort((a, b) => a - b);
  if (tiers.length < 2) return '';
  const budgets = [...new Set(research.map((r) => r.budget))].sort((a, b) => a - b);
  const budget = budgets[Math.floor((budgets.length - 1) / 2)];
  const at = research.filter((r) => r.budget === budget);
  const body = unique(at.map((r) => r.format))
    .map((format) => {
      const cells = tiers
        .map((t) => {
          const r = at.find((x) => x.format === format && x.makerFeeBps === t);
          if (!r) return '<td>–</td>';
          const be = r.breakEvenMakerFeeBps;
          return `<td class="${cls(r.metrics.pnl > 0)}">PnL ${num(r.metrics.pnl, 2)}<br>break-even ${be === null || be === undefined ? 'n/a' : `${num(be, 2)} bps`}</td>`;
        })
        .join('');
      return `<tr><th class="text">${esc(format)}</th>${cells}</tr>`;
    })
    .join('');
  return (
    `<section id="fee-tiers"><h2>Fee tiers (${esc(at[0]?.tier ?? String(budget))})</h2><p>Each tier is its own run (the engine's fee-aware edge filter changes the fills). Break-even: the maker fee at which that run's PnL would be zero with the same fills; the run pays where it lies above the tier.</p>` +
    `<div class="scroll"><table><thead><tr><th class="text">format</th>${tiers.map((t) => `<th>maker ${t} bps</th>`).join('')}</tr></thead><tbody>${body}</tbody></table></div></section>`
  );
}

/**
 * Where each run's PnL came from (spread capture + inventory − fees − liquidation = PnL), hedged
 * PnL and markouts: the report's "Where the PnL came from" section, also for a notebook to display.
 * Empty when no row carries an attribution.
 */
export function attributionTableHtml(rows: readonly ResultRow[]): string {
  const withAttribution = rows.filter((r) => r.attribution && r.phase !== 'in-sample');
  if (withAttribution.length === 0) return '';
  const horizons = MARKOUT_HORIZON_ORDER.filter((h) => withAttribution.some((r) => r.attribution?.markoutsBps[h] !== undefined));
  const body = withAttribution
    .map((r) => {
      const a = r.attribution as NonNullable<ResultRow['attribution']>;
      const markouts = horizons
        .map((h) => {
          const m = a.markoutsBps[h];
          return m && m.n > 0 ? `<td>${num(m.mean, 2)} ± ${num(m.stderr, 2)}<br><small>n ${m.n}</small></td>` : '<td>–</td>';
        })
        .join('');
      const be = r.breakEvenMakerFeeBps;
      return (
        `<tr><th class="text">${esc(r.format)}</th><td>${esc(tierOf(r))}</td><td>${r.fold ?? ''}</td><td>${r.makerFeeBps ?? ''}</td>` +
        `<td>${num(a.spreadCapture, 2)}</td><td>${num(a.inventoryPnl, 2)}</td><td>${num(a.fees, 2)}</td><td>${num(a.liquidationCost, 2)}</td><td class="${cls(r.metrics.pnl > 0)}">${num(r.metrics.pnl, 2)}</td>` +
        `<td class="${cls(a.hedgedPnl > 0)}">${num(a.hedgedPnl, 2)}</td><td>${be === null || be === undefined ? 'n/a' : num(be, 2)}</td>${markouts}</tr>`
      );
    })
    .join('');
  return (
    '<section id="attribution"><h2>Where the PnL came from</h2><p>Exact to the ledger: spread capture (each quote fill against the mid known at fill time) + inventory (held inventory × mid moves) − fees − liquidation cost = PnL. Hedged PnL = PnL − the PnL of holding the starting inventory untouched. Markouts: side × (mid after the horizon − fill price) / fill price, bps per fill, mean ± standard error.</p>' +
    `<details${withAttribution.length <= 24 ? ' open' : ''}><summary>${withAttribution.length} runs</summary><div class="scroll"><table><thead><tr><th class="text">format</th><th>tier</th><th>fold</th><th>maker bps</th><th>spread capture</th><th>inventory</th><th>fees</th><th>liquidation</th><th>PnL</th><th>hedged PnL</th><th>break-even maker bps</th>${horizons.map((h) => `<th>markout ${esc(h)}</th>`).join('')}</tr></thead><tbody>${body}</tbody></table></div></details></section>`
  );
}

function walkForwardSection(results: readonly WalkForwardResult[] | undefined, rows: readonly ResultRow[]): string {
  const folds = rows.filter((r) => r.fold !== undefined).slice().sort((a, b) => (a.format < b.format ? -1 : a.format > b.format ? 1 : (a.fold ?? 0) - (b.fold ?? 0) || (a.phase ?? '').localeCompare(b.phase ?? '')));
  if ((results ?? []).length === 0 && folds.length === 0) return '';
  const verdicts = (results ?? [])
    .map(
      (w) =>
        `<tr><th class="text">${esc(w.format)}</th><td class="${cls(w.pass)}"><strong>${w.pass ? 'PASS' : 'FAIL'}</strong></td><td>${w.folds}</td><td>${pct(w.passRate)}</td><td>${pct(w.threshold)}</td>` +
        `<td class="${cls(w.oosPnlSum > 0)}">${optNum(w.oosPnlSum)}</td><td class="${cls(w.oosSharpeMean > 0)}">${optNum(w.oosSharpeMean)}</td><td class="${cls(w.insufficientFillFolds === 0)}">${w.insufficientFillFolds ?? '–'}</td>` +
        `<td class="${cls(w.hardBreaches === 0)}">${w.hardBreaches}</td><td>${optNum(w.inSampleSharpe)}</td><td>${optNum(w.outOfSampleSharpe)}</td><td>${w.inSampleSharpe !== undefined && w.outOfSampleSharpe !== undefined ? num(w.inSampleSharpe - w.outOfSampleSharpe, 2) : '–'}</td>` +
        `<td>${w.pbo === null || w.pbo === undefined ? 'n/a' : pct(w.pbo)}</td><td>${w.deflatedSharpe === null || w.deflatedSharpe === undefined ? 'n/a' : num(w.deflatedSharpe, 3)}</td><td>${w.candidates ? new Set(w.candidates.map((c) => JSON.stringify(c.params))).size : '–'}</td></tr>`,
    )
    .join('');
  const foldRows = folds
    .map((r) => `<tr><th class="text">${esc(r.format)}</th><td>${r.fold}</td><td class="text">${esc(r.phase ?? '')}</td><td class="text window">${isoTime(r.metrics.startTs)} →<br>${isoTime(r.metrics.endTs)}</td><td class="text params">${paramLines(r.params)}</td>${metricCells(r)}</tr>`)
    .join('');
  return (
    '<section id="walk-forward"><h2>Walk-forward</h2>' +
    (verdicts
      ? `<div class="scroll"><table><thead><tr><th class="text">format</th><th>verdict</th><th>folds</th><th>pass rate</th><th>threshold</th><th>summed OOS PnL</th><th>mean OOS Sharpe</th><th>folds with too few fills</th><th>hard breaches</th><th>in-sample Sharpe</th><th>out-of-sample Sharpe</th><th>gap (IS − OOS)</th><th>PBO (CSCV)</th><th>deflated Sharpe</th><th>candidates</th></tr></thead><tbody>${verdicts}</tbody></table></div>` +
        '<p>PBO: probability of backtest overfitting by combinatorially symmetric cross-validation over the folds × candidates in-sample Sharpe matrix (Bailey, Borwein, López de Prado & Zhu 2015): the share of splits whose in-sample winner ranks below the median out of sample. Deflated Sharpe: the probability that the stitched out-of-sample Sharpe beats the best Sharpe expected from that many unskilled candidates (Bailey & López de Prado 2014).</p>'
      : '') +
    (foldRows
      ? `<h3>Folds</h3><div class="scroll"><table><thead><tr><th class="text">format</th><th>fold</th><th class="text">phase</th><th class="text">window (UTC)</th><th class="text">params</th>${METRIC_HEADERS}</tr></thead><tbody>${foldRows}</tbody></table></div>`
      : '') +
    '</section>'
  );
}

const METRIC_HEADERS =
  '<th>PnL</th><th>return</th><th>Sharpe</th><th>max DD</th><th>fills</th><th title="buy / sell fills">buy / sell</th>' +
  '<th title="share of time with a live quote on the bid / ask side">uptime bid / ask</th>' +
  '<th title="levels dropped by the order manager, by reason">rejected levels</th><th>fees</th><th>breaker trips</th><th>gates</th>';

/** "edge 12, balance 4" (non-zero reasons only; "none" when nothing was rejected; "" for rows without the metric). */
function rejectedText(m: ResultRow['metrics']): string {
  const r = m.rejectedLevels;
  if (r === undefined) return '';
  const parts = REJECT_REASONS.filter((reason) => r[reason] > 0).map((reason) => `${reason} ${r[reason]}`);
  return parts.length === 0 ? 'none' : parts.join(', ');
}

function metricCells(r: ResultRow): string {
  const m = r.metrics;
  const gates = (['pnl', 'sharpe', 'drawdown'] as const).map((g) => `<span class="badge ${cls(r.gates[g])}">${g}</span>`).join(' ');
  const sharpe = r.gates.enoughFills === false ? 'insufficient fills' : num(m.sharpe, 2);
  return `<td class="${cls(r.gates.pnl)}">${num(m.pnl, 2)}</td><td>${pct(m.totalReturn)}</td><td class="${cls(r.gates.sharpe)}">${sharpe}</td><td class="${cls(r.gates.drawdown)}">${pct(m.maxDrawdown)}</td><td>${m.fills}</td><td>${m.buyFills ?? ''} / ${m.sellFills ?? ''}</td><td>${m.bidUptime === undefined ? '' : `${pct(m.bidUptime)} / ${pct(m.askUptime)}`}</td><td class="text">${esc(rejectedText(m))}</td><td>${num(m.fees, 2)}</td><td>${m.breakerTrips}</td><td class="gates ${cls(r.gates.pass)}">${gates}</td>`;
}

function allRunsTable(rows: readonly ResultRow[]): string {
  if (rows.length === 0) return '<section id="runs"><h2>All runs</h2><p>No runs.</p></section>';
  const body = rows
    .map((r) => `<tr><th class="text">${esc(r.format)}</th><td>${esc(tierOf(r))}</td><td>${r.fold ?? ''}</td><td class="text">${esc(r.phase ?? '')}</td><td>${r.seed ?? ''}</td>${metricCells(r)}</tr>`)
    .join('');
  return `<section id="runs"><h2>All runs</h2><div class="scroll"><table><thead><tr><th class="text">format</th><th>tier</th><th>fold</th><th class="text">phase</th><th>seed</th>${METRIC_HEADERS}</tr></thead><tbody>${body}</tbody></table></div></section>`;
}

function inputsSection(summary: RunSummary): string {
  const block = (name: string, value: unknown) => `<details><summary>${esc(name)}</summary><pre>${esc(JSON.stringify(value, null, 2))}</pre></details>`;
  return `<section id="inputs"><h2>Inputs</h2>${block('inputs', summary.inputs)}${block('formats', summary.formats)}${block('gate thresholds', summary.gates)}</section>`;
}

/** One "key=value" line per parameter, sorted, so wide parameter sets stay readable in a table cell. */
function paramLines(params: ResultRow['params']): string {
  if (!params) return '';
  return Object.keys(params)
    .sort()
    .map((key) => esc(`${key}=${String(params[key])}`))
    .join('<br>');
}

function reasonItem(reason: string): string {
  const kind = reason.startsWith('PASS') ? ' class="pass"' : reason.startsWith('FAIL') ? ' class="fail"' : '';
  return `<li${kind}>${esc(reason)}</li>`;
}

function rowLabel(r: ResultRow): string {
  const parts = [r.format, `budget ${tierOf(r)}`];
  if (r.fold !== undefined) parts.push(`fold ${r.fold}`);
  if (r.phase) parts.push(r.phase);
  if (r.seed !== undefined) parts.push(`seed ${r.seed}`);
  return parts.join(', ');
}

function tierOf(r: ResultRow): string {
  return r.tier ?? String(r.budget);
}

function uniqueTiers(rows: readonly ResultRow[]): string[] {
  const byTier = new Map<string, number>();
  for (const r of rows) if (!byTier.has(tierOf(r))) byTier.set(tierOf(r), r.budget);
  return [...byTier.entries()].sort((a, b) => a[1] - b[1]).map(([t]) => t);
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

function std(values: number[]): number {
  if (values.length < 2) return 0;
  const m = mean(values);
  return Math.sqrt(values.reduce((a, b) => a + (b - m) ** 2, 0) / (values.length - 1));
}

function cls(pass: boolean): string {
  return pass ? 'pass' : 'fail';
}

function num(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : String(value);
}

function optNum(value: number | undefined): string {
  return value === undefined ? '–' : num(value, 2);
}

function pct(value: number): string {
  return Number.isFinite(value) ? `${(value * 100).toFixed(2)}%` : String(value);
}

function isoTime(ts: number): string {
  return Number.isFinite(ts) ? new Date(ts).toISOString().slice(0, 16).replace('T', ' ') : String(ts);
}

/** HTML-escapes text for element content and double-quoted attributes. */
function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** JSON that cannot close its <script> element early. */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}
