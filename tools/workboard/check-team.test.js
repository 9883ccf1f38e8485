'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { mkdirSync, mkdtempSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { spawnSync } = require('node:child_process');
const { parseTeam, teamProblems } = require('./check-team');

function fakeRepo(projects, dirs = []) {
  const root = mkdtempSync(join(tmpdir(), 'mml-team-'));
  for (const p of projects) {
    mkdirSync(join(root, p), { recursive: true });
    writeFileSync(join(root, p, 'package.json'), '{}');
  }
  for (const d of dirs) mkdirSync(join(root, d), { recursive: true });
  mkdirSync(join(root, 'agent_ops'), { recursive: true });
  return root;
}

const TEAM = 'roles:\n  - id: A1\n    title: Platform\n    owns: [packages/core, tools]\n  - id: A2\n    title: Apps\n    owns: [apps/research]\n';

test('a team that owns exactly the repository passes', () => {
  const root = fakeRepo(['packages/core', 'apps/research'], ['tools']);
  assert.deepEqual(teamProblems(parseTeam(TEAM, 'team.yaml'), root), []);
});

test('reports missing paths, unknown packages, double owners and unowned projects together', () => {
  const root = fakeRepo(['packages/core', 'packages/models', 'apps/research'], ['tools']);
  const team = TEAM + '  - id: A3\n    title: Ghost\n    owns: [packages/ghost, docs, apps/research, ../outside]\n';
  const problems = teamProblems(parseTeam(team, 'team.yaml'), root);
  assert.ok(problems.some((p) => /A3 owns "packages\/ghost", but there is no such package/.test(p)), problems.join('\n'));
  assert.ok(problems.some((p) => /A3 owns "docs", which does not exist/.test(p)));
  assert.ok(problems.some((p) => /"apps\/research" has two owners: A2 and A3/.test(p)));
  assert.ok(problems.some((p) => /"\.\.\/outside", which is not a path inside/.test(p)));
  assert.ok(problems.some((p) => p === 'packages/models has no owner in team.yaml'));
});

test('rejects a malformed team file by name', () => {
  assert.throws(() => parseTeam('people:\n  - id: A1\n', 'agent_ops/team.yaml'), /agent_ops\/team.yaml: expected exactly one top-level key "roles"/);
  assert.throws(() => parseTeam('roles:\n  - id: A1\n    title: x\n', 't.yaml'), /roles\[0\] \(A1\): "owns" must be a list/);
  assert.throws(() => parseTeam('roles:\n  - id: A1\n    title: x\n    owns: [a]\n    team: b\n', 't.yaml'), /unknown key "team"/);
});

test('the CLI exits 1 with a clear message, and 0 when all is well', () => {
  const root = fakeRepo(['packages/core', 'packages/models', 'apps/research'], ['tools']);
  writeFileSync(join(root, 'agent_ops', 'team.yaml'), TEAM);
  const bad = spawnSync(process.execPath, [join(__dirname, 'check-team.js'), '--root', root], { encoding: 'utf8' });
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /packages\/models has no owner/);
  writeFileSync(join(root, 'agent_ops', 'team.yaml'), TEAM.replace('[packages/core, tools]', '[packages/core, packages/models, tools]'));
  const good = spawnSync(process.execPath, [join(__dirname, 'check-team.js'), '--root', root], { encoding: 'utf8' });
  assert.equal(good.status, 0, good.stderr);
  assert.match(good.stdout, /all 3 packages and apps have an owner/);
});
