'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { spawnSync } = require('node:child_process');
const { readLatestSummaries, renderStatus, replaceStatus } = require('./update-workboard');

const gates = (pnl, sharpe, drawdown) => ({ pnl, sharpe, drawdown, pass: pnl && sharpe && drawdown });

function writeRun(artifacts, app, runId, summary, link = 'symlink') {
  mkdirSync(join(artifacts, app, runId), { recursive: true });
  writeFileSync(join(artifacts, app, runId, 'summary.json'), JSON.stringify(summary));
  if (link === 'symlink') symlinkSync(runId, join(artifacts, app, 'latest'));
  else writeFileSync(join(artifacts, app, 'latest'), runId + '\n');
}

function fixtureArtifacts() {
  const artifacts = mkdtempSync(join(tmpdir(), 'mml-wb-'));
  const data = { source: '/x/binance_btcusdt_1m.csv.gz', startTs: Date.UTC(2023, 2, 16), endTs: Date.UTC(2023, 3, 15) };
  writeRun(artifacts, 'research', '20261124T101500Z-a', {
    app: 'research',
    data,
    rows: [
      { format: 'as-basic', budget: 1000, tier: '1k', gates: gates(true, true, true) },
      { format: 'as-basic', budget: 10000, tier: '10k', gates: gates(false, false, true) },
      { format: 'glft', budget: 1000, tier: '1k', gates: gates(true, true, true) },
      { format: 'glft', budget: 10000, tier: '10k', gates: gates(true, true, true) },
    ],
  });
  // An older run must be ignored: only latest counts.
  mkdirSync(join(artifacts, 'research', '20261101T000000Z-old'), { recursive: true });
  writeRun(artifacts, 'walk-forward', '20261124T103000Z-b', {
    app: 'walk-forward',
    data,
    execution: { startedAt: '2026-11-24T10:31:00.000Z', wallTimeMs: 5 },
    rows: [
      { format: 'glft', budget: 10000, fold: 0, phase: 'in-sample', gates: gates(true, true, true) },
      { format: 'glft', budget: 10000, fold: 0, phase: 'out-of-sample', gates: gates(false, true, true) },
      { format: 'glft', budget: 10000, fold: 1, phase: 'out-of-sample', gates: gates(true, true, true) },
    ],
    walkForward: [{ format: 'glft', folds: 2, passRate: 0.5, threshold: 0.5, hardBreaches: 0, pass: true, reasons: [] }],
  }, 'textfile');
  mkdirSync(join(artifacts, 'realtime'), { recursive: true });
  writeFileSync(join(artifacts, 'realtime', '20261124T101500Z-c.jsonl'), '{}\n');
  return artifacts;
}

const ROLES = [{ id: 'A6', title: 'x', owns: ['apps/research'] }, { id: 'A7', title: 'y', owns: ['apps/walk-forward'] }];

test('summarises the latest run of each app: gates per format, walk-forward verdict, owner, time', () => {
  const { found, problems } = readLatestSummaries(fixtureArtifacts());
  assert.deepEqual(problems, []);
  assert.deepEqual(found.map((f) => [f.app, f.runId, f.measuredAt]), [
    ['research', '20261124T101500Z-a', '2026-11-24T10:15:00.000Z'],
    ['walk-forward', '20261124T103000Z-b', '2026-11-24T10:31:00.000Z'],
  ]);
  const status = renderStatus(found, ROLES);
  assert.match(status, /\| research \| binance_btcusdt_1m\.csv\.gz 2023-03-16→2023-04-15 \| as-basic \| 1\/2 \(1k ✔, 10k ✘\) \| 1\/2 \| 1\/2 \| 2\/2 \| – \| 2026-11-24 10:15 \| 20261124T101500Z-a \| A6 \|/);
  assert.match(status, /\| research \| [^|]+ \| glft \| \*\*2\/2\*\* \(1k ✔, 10k ✔\) \|/);
  // Walk-forward counts out-of-sample folds only (1 of 2), not the flattering in-sample row.
  assert.match(status, /\| walk-forward \| [^|]+ \| glft \| 1\/2 \| 1\/2 \| 2\/2 \| 2\/2 \| \*\*PASS\*\*: pass rate 50% \(needs ≥ 50%\), 0 hard breaches \| 2026-11-24 10:31 \| [^|]+ \| A7 \|/);
  assert.match(status, /\| glft \| 2\/2 \| PASS \| not measured \| \*\*yes\*\* \|/);
  assert.match(status, /\| as-basic \| 1\/2 \| not measured \| not measured \| no \|/);
});

test('replaces only the text between the markers and refuses a board without them', () => {
  const board = '# Board\n\n<!-- status:begin -->\nold\n<!-- status:end -->\n\n## Policy\nkeep me\n';
  assert.equal(replaceStatus(board, 'new'), '# Board\n\n<!-- status:begin -->\nnew\n<!-- status:end -->\n\n## Policy\nkeep me\n');
  assert.throws(() => replaceStatus('# Board\n', 'x', 'agent_ops/WORKBOARD.md'), /agent_ops\/WORKBOARD.md: needs the markers/);
});

test('the CLI rewrites the board in place, is idempotent, and flags a corrupt summary', () => {
  const artifacts = fixtureArtifacts();
  const board = join(mkdtempSync(join(tmpdir(), 'mml-wb-board-')), 'WORKBOARD.md');
  writeFileSync(board, 'intro\n<!-- status:begin -->\n<!-- status:end -->\noutro\n');
  const run = () => spawnSync(process.execPath, [join(__dirname, 'update-workboard.js'), '--artifacts', artifacts, '--workboard', board, '--team', join(artifacts, 'no-team.yaml')], { encoding: 'utf8' });
  const first = run();
  assert.equal(first.status, 0, first.stderr);
  const text = readFileSync(board, 'utf8');
  assert.match(text, /^intro\n<!-- status:begin -->\n\| app \| data \|/);
  assert.match(text, /<!-- status:end -->\noutro\n$/);
  const second = run();
  assert.match(second.stdout, /\(unchanged\)/);
  assert.equal(readFileSync(board, 'utf8'), text);

  writeFileSync(join(artifacts, 'research', '20261124T101500Z-a', 'summary.json'), '{"rows": [{"format": "x", "gates": {"pnl": "yes"}}]}');
  const corrupt = run();
  assert.equal(corrupt.status, 1);
  assert.match(corrupt.stderr, /summary\.json: rows\[0\]\.gates must hold booleans/);
});

test('campaign rows (several seeds per tier) are counted per tier and feed the readiness table', () => {
  const entry = {
    app: 'campaign',
    runId: '20261124T110000Z-c',
    measuredAt: '2026-11-24T11:00:00.000Z',
    summary: {
      data: { source: 'synthetic', startTs: 0, endTs: 86400000 },
      rows: [1, 2, 3].map((seed) => ({ format: 'as-basic', budget: 10000, tier: '10k', seed, gates: gates(seed !== 2, true, true) })),
    },
  };
  const status = renderStatus([entry], []);
  assert.match(status, /\| campaign \| synthetic 1970-01-01→1970-01-02 \| as-basic \| 2\/3 \(10k 2\/3\) \| 2\/3 \| 3\/3 \| 3\/3 \| – \|/);
  assert.match(status, /\| as-basic \| not measured \| not measured \| 2\/3 \| no \|/);
});
