// tools/run-built-app.sh: runs an app's built CLI directly when every dist/ is newer than its
// sources, builds through nx first otherwise (then marks the dist/ fresh), and never runs a CLI whose
// build failed. Run: node --test tools/run-built-app.test.js
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { execFileSync, spawnSync } = require('node:child_process');
const { copyFileSync, mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync, existsSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const roots = [];
test.after(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

/** A fake workspace: one package and one app, sources at t=1000 s, builds at t=2000 s. */
function workspace() {
  const root = mkdtempSync(join(tmpdir(), 'mml-run-built-'));
  roots.push(root);
  mkdirSync(join(root, 'tools'));
  copyFileSync(join(__dirname, 'run-built-app.sh'), join(root, 'tools', 'run-built-app.sh'));
  execFileSync('chmod', ['+x', join(root, 'tools', 'run-built-app.sh')]);
  const files = {
    'tsconfig.base.json': '{}',
    'package-lock.json': '{}',
    'packages/lib/package.json': '{}',
    'packages/lib/tsconfig.lib.json': '{}',
    'packages/lib/src/index.ts': 'export {};',
    'apps/demo/package.json': '{}',
    'apps/demo/tsconfig.lib.json': '{}',
    'apps/demo/src/main.ts': '',
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
    utimesSync(join(root, path), 1000, 1000);
  }
  // Directories count too (a file added or removed changes its directory's mtime).
  for (const dir of ['packages/lib/src', 'apps/demo/src']) utimesSync(join(root, dir), 1000, 1000);
  build(root);
  // The fake nx logs its arguments and, like a build, writes any missing dist (FAIL=1: fails).
  writeFileSync(
    join(root, 'fake-nx'),
    `#!/usr/bin/env bash\necho "$*" >> "${join(root, 'nx.log')}"\n[ -z "$FAIL" ] || exit 1\n` +
      `[ -f apps/demo/dist/main.js ] || { mkdir -p apps/demo/dist packages/lib/dist; cp "${join(root, 'main.js.src')}" apps/demo/dist/main.js; }\n`,
  );
  execFileSync('chmod', ['+x', join(root, 'fake-nx')]);
  return root;
}

const MAIN_JS = 'console.log(JSON.stringify(process.argv.slice(2)));\n';

function build(root) {
  writeFileSync(join(root, 'main.js.src'), MAIN_JS);
  for (const dist of ['packages/lib/dist', 'apps/demo/dist']) {
    mkdirSync(join(root, dist), { recursive: true });
    utimesSync(join(root, dist), 2000, 2000);
  }
  writeFileSync(join(root, 'apps/demo/dist/main.js'), MAIN_JS);
}

function run(root, args, env = {}) {
  const result = spawnSync(join(root, 'tools', 'run-built-app.sh'), ['demo', ...args], { encoding: 'utf8', env: { ...process.env, NX: join(root, 'fake-nx'), ...env } });
  const nxCalls = existsSync(join(root, 'nx.log')) ? readFileSync(join(root, 'nx.log'), 'utf8').trim().split('\n') : [];
  rmSync(join(root, 'nx.log'), { force: true });
  return { status: result.status, argv: result.status === 0 ? JSON.parse(result.stdout.trim().split('\n').pop()) : undefined, nxCalls };
}

test('a fresh build runs the CLI directly, arguments passed verbatim, nx never called', () => {
  const root = workspace();
  const out = run(root, ['--days', '30', '--symbol', 'BTC/USDT', '--note', 'two words']);
  assert.deepStrictEqual(out, { status: 0, argv: ['--days', '30', '--symbol', 'BTC/USDT', '--note', 'two words'], nxCalls: [] });
});

test('a source newer than its build goes through nx once, then runs directly', () => {
  const root = workspace();
  utimesSync(join(root, 'packages/lib/src/index.ts'), 3000, 3000);
  assert.deepStrictEqual(run(root, ['--x']), { status: 0, argv: ['--x'], nxCalls: ['run demo:build'] });
  assert.deepStrictEqual(run(root, ['--y']), { status: 0, argv: ['--y'], nxCalls: [] });
  // The root build inputs count too.
  utimesSync(join(root, 'package-lock.json'), Date.now() / 1000 + 60, Date.now() / 1000 + 60);
  assert.deepStrictEqual(run(root, []).nxCalls, ['run demo:build']);
});

test('an app never built is built first; a failed build never runs the CLI', () => {
  const root = workspace();
  rmSync(join(root, 'apps/demo/dist'), { recursive: true });
  assert.deepStrictEqual(run(root, ['--z']), { status: 0, argv: ['--z'], nxCalls: ['run demo:build'] });
  utimesSync(join(root, 'apps/demo/src/main.ts'), Date.now() / 1000 + 60, Date.now() / 1000 + 60);
  const failed = run(root, ['--z'], { FAIL: '1' });
  assert.notStrictEqual(failed.status, 0);
  assert.strictEqual(failed.argv, undefined);
  assert.deepStrictEqual(failed.nxCalls, ['run demo:build']);
});
