#!/usr/bin/env node
'use strict';
// Rewrites the measured-status table of agent_ops/WORKBOARD.md (between <!-- status:begin --> and
// <!-- status:end -->) from the latest run of each app: artifacts/<app>/latest/summary.json, as
// written by @mml/reports. It only reads files (no workspace package is imported), so it runs
// before or without a build. The table says which gates pass on which data, per format, and when
// that was measured; owners come from agent_ops/team.yaml.
// Usage: node tools/workboard/update-workboard.js [--root <repo>] [--artifacts <dir>] [--workboard <file>] [--team <file>]
const { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync, renameSync, statSync, writeFileSync } = require('node:fs');
const { basename, dirname, join, resolve } = require('node:path');
const { parseTeam } = require('./check-team');

const BEGIN = '<!-- status:begin -->';
const END = '<!-- status:end -->';

/** Latest summary of every app under `artifactsRoot`, sorted by app name. Unreadable summaries become problems, not crashes. */
function readLatestSummaries(artifactsRoot) {
  const found = [];
  const problems = [];
  if (!existsSync(artifactsRoot)) return { found, problems };
  for (const app of readdirSync(artifactsRoot).sort()) {
    const appDir = join(artifactsRoot, app);
    if (app.startsWith('.') || !statSync(appDir).isDirectory()) continue;
    const runDir = resolveLatest(appDir);
    if (!runDir) continue;
    const path = join(runDir, 'summary.json');
    if (!existsSync(path)) continue; // e.g. the realtime app's JSONL logs, or a run still in progress
    try {
      const summary = JSON.parse(readFileSync(path, 'utf8'));
      validateSummary(summary);
      found.push({ app, runId: basename(runDir), path, summary, measuredAt: measuredAt(summary, basename(runDir), path) });
    } catch (error) {
      problems.push(`${path}: ${error.message}`);
    }
  }
  return { found, problems };
}

function resolveLatest(appDir) {
  const latest = join(appDir, 'latest');
  let stat;
  try {
    stat = lstatSync(latest);
  } catch {
    return undefined;
  }
  const runId = stat.isSymbolicLink() ? readlinkSync(latest) : stat.isFile() ? readFileSync(latest, 'utf8').trim() : '.';
  return resolve(appDir, runId === '.' ? 'latest' : runId);
}

function validateSummary(summary) {
  if (!summary || typeof summary !== 'object') throw new Error('not a JSON object');
  if (!Array.isArray(summary.rows)) throw new Error('missing "rows"');
  summary.rows.forEach((row, i) => {
    if (typeof row.format !== 'string') throw new Error(`rows[${i}].format is not a string`);
    if (!row.gates || ['pnl', 'sharpe', 'drawdown', 'pass'].some((g) => typeof row.gates[g] !== 'boolean')) throw new Error(`rows[${i}].gates must hold booleans pnl, sharpe, drawdown, pass`);
  });
}

/** When the run was measured: execution.startedAt, else the UTC time in the run id, else the file time. */
function measuredAt(summary, runId, path) {
  const started = summary.execution && summary.execution.startedAt;
  if (typeof started === 'string' && !Number.isNaN(Date.parse(started))) return new Date(started).toISOString();
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z/.exec(runId);
  if (m) return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.000Z`;
  return statSync(path).mtime.toISOString();
}

/** The markdown that goes between the markers. Deterministic for the same summaries. */
function renderStatus(entries, roles, problems = []) {
  const lines = [];
  if (entries.length === 0) {
    lines.push('No measured results yet: run `make validate` (or an app) to produce `artifacts/<app>/latest/summary.json`.');
  } else {
    lines.push('| app | data | format | runs passing all gates | PnL > 0 | Sharpe > 0 | DD ≤ limit | walk-forward | measured (UTC) | run | owner |');
    lines.push('|---|---|---|---|---|---|---|---|---|---|---|');
    for (const entry of entries) {
      const { summary } = entry;
      const owner = ownerOf(roles, `apps/${entry.app}`);
      const formats = [...new Set(summary.rows.map((r) => r.format))].sort();
      const wf = new Map((summary.walkForward || []).map((w) => [w.format, w]));
      for (const format of [...new Set([...formats, ...wf.keys()])].sort()) {
        // Walk-forward judges out-of-sample folds; in-sample rows would flatter the counts.
        const rows = summary.rows.filter((r) => r.format === format && r.phase !== 'in-sample');
        const count = (gate) => `${rows.filter((r) => r.gates[gate]).length}/${rows.length}`;
        const w = wf.get(format);
        const wfCell = w ? `${w.pass ? '**PASS**' : 'FAIL'}: pass rate ${pct(w.passRate)} (needs ≥ ${pct(w.threshold)}), ${w.hardBreaches} hard breach${w.hardBreaches === 1 ? '' : 'es'}` : '–';
        const all = rows.length === 0 ? '–' : `${rows.every((r) => r.gates.pass) ? '**' : ''}${count('pass')}${rows.every((r) => r.gates.pass) ? '**' : ''}${tierList(rows)}`;
        lines.push(`| ${cell(entry.app)} | ${cell(dataLabel(summary.data))} | ${cell(format)} | ${all} | ${count('pnl')} | ${count('sharpe')} | ${count('drawdown')} | ${wfCell} | ${entry.measuredAt.slice(0, 16).replace('T', ' ')} | ${cell(entry.runId)} | ${cell(owner)} |`);
      }
    }
    lines.push('');
    lines.push(...readiness(entries));
  }
  for (const problem of problems) lines.push(`- unreadable artifact: ${cell(problem)}`);
  return lines.join('\n');
}

/** Per format: research-ready only if every research row and the walk-forward gate pass. */
function readiness(entries) {
  const byFormat = new Map();
  const note = (format, key, value) => {
    if (!byFormat.has(format)) byFormat.set(format, {});
    byFormat.get(format)[key] = value;
  };
  for (const { app, summary } of entries) {
    for (const format of new Set(summary.rows.map((r) => r.format))) {
      const rows = summary.rows.filter((r) => r.format === format && r.phase !== 'in-sample');
      if (app === 'research' || app === 'campaign') note(format, app, `${rows.filter((r) => r.gates.pass).length}/${rows.length}`);
      if (app === 'research') note(format, 'researchPass', rows.length > 0 && rows.every((r) => r.gates.pass));
    }
    for (const w of summary.walkForward || []) if (app === 'walk-forward') note(w.format, 'walkForwardPass', w.pass);
  }
  if (byFormat.size === 0) return [];
  const lines = ['| format | research (all tiers pass) | walk-forward | campaign runs passing | research-ready |', '|---|---|---|---|---|'];
  for (const [format, s] of [...byFormat.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const ready = s.researchPass === true && s.walkForwardPass === true;
    const wf = s.walkForwardPass === undefined ? 'not measured' : s.walkForwardPass ? 'PASS' : 'FAIL';
    lines.push(`| ${cell(format)} | ${s.research ?? 'not measured'} | ${wf} | ${s.campaign ?? 'not measured'} | ${ready ? '**yes**' : 'no'} |`);
  }
  return lines;
}

function tierList(rows) {
  const research = rows.filter((r) => r.fold === undefined);
  const tiers = [...new Set(research.map((r) => String(r.tier ?? r.budget)))];
  if (tiers.length === 0 || tiers.length > 6) return '';
  const parts = tiers.map((tier) => {
    const group = research.filter((r) => String(r.tier ?? r.budget) === tier);
    const passed = group.filter((r) => r.gates.pass).length;
    return group.length === 1 ? `${tier} ${passed === 1 ? '✔' : '✘'}` : `${tier} ${passed}/${group.length}`;
  });
  return ` (${parts.join(', ')})`;
}

function dataLabel(data) {
  if (!data || typeof data !== 'object') return 'unknown';
  const source = typeof data.source === 'string' ? basename(data.source) : 'unknown';
  const range = Number.isFinite(data.startTs) && Number.isFinite(data.endTs) ? ` ${day(data.startTs)}→${day(data.endTs)}` : '';
  return `${source}${range}`;
}

function ownerOf(roles, path) {
  const role = roles.find((r) => r.owns.includes(path));
  return role ? role.id : '–';
}

function day(ts) {
  return new Date(ts).toISOString().slice(0, 10);
}

function pct(x) {
  return typeof x === 'number' && Number.isFinite(x) ? `${(x * 100).toFixed(0)}%` : String(x);
}

/** Markdown table cell text: no pipes or line breaks. */
function cell(text) {
  return String(text).replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
}

/** Replaces the text between the markers; throws when they are missing or out of order. */
function replaceStatus(markdown, status, source = 'WORKBOARD.md') {
  const begin = markdown.indexOf(BEGIN);
  const end = markdown.indexOf(END);
  if (begin < 0 || end < 0 || end < begin) throw new Error(`${source}: needs the markers ${BEGIN} and ${END}, in that order`);
  if (markdown.indexOf(BEGIN, begin + 1) >= 0 || markdown.indexOf(END, end + 1) >= 0) throw new Error(`${source}: the status markers appear more than once`);
  return markdown.slice(0, begin + BEGIN.length) + '\n' + status + '\n' + markdown.slice(end);
}

function writeAtomic(path, text) {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

function main(argv) {
  const args = parseArgs(argv);
  const root = resolve(args.root ?? join(__dirname, '..', '..'));
  const artifacts = resolve(args.artifacts ?? join(root, 'artifacts'));
  const workboard = resolve(args.workboard ?? join(root, 'agent_ops', 'WORKBOARD.md'));
  const teamPath = resolve(args.team ?? join(root, 'agent_ops', 'team.yaml'));
  const roles = existsSync(teamPath) ? parseTeam(readFileSync(teamPath, 'utf8'), teamPath) : [];
  const { found, problems } = readLatestSummaries(artifacts);
  const before = readFileSync(workboard, 'utf8');
  const after = replaceStatus(before, renderStatus(found, roles, problems), workboard);
  if (after !== before) writeAtomic(workboard, after);
  console.log(`update-workboard: ${found.length} app run(s) summarised into ${workboard}${after === before ? ' (unchanged)' : ''}`);
  for (const problem of problems) console.error(`update-workboard: ${problem}`);
  return problems.length > 0 ? 1 : 0;
}

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const match = /^--(root|artifacts|workboard|team)(?:=(.*))?$/.exec(argv[i]);
    if (!match) throw new Error(`unknown argument "${argv[i]}" (known: --root, --artifacts, --workboard, --team)`);
    out[match[1]] = match[2] ?? argv[++i];
    if (out[match[1]] === undefined) throw new Error(`--${match[1]} needs a value`);
  }
  return out;
}

module.exports = { readLatestSummaries, renderStatus, replaceStatus, BEGIN, END };

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (error) {
    console.error(`update-workboard: ${error.message}`);
    process.exitCode = 1;
  }
}
