'use strict';
// Run with: node --test tools/workboard/
const test = require('node:test');
const assert = require('node:assert/strict');
const { parseYaml, YamlError } = require('./read-yaml');
const { parseTeam } = require('./check-team');

test('parses the team.yaml shape: a sequence of mappings with flow lists, comments anywhere', () => {
  const text = [
    '# ownership',
    'roles:',
    '  - id: A1   # platform',
    '    title: Platform engineer',
    '    owns: [packages/core, tools, "docker"]',
    '',
    '  - id: A2',
    "    title: 'Quant: researcher'",
    '    owns:',
    '      - packages/models',
    '      - apps/walk-forward',
  ].join('\n');
  assert.deepEqual(parseYaml(text, 'team.yaml'), {
    roles: [
      { id: 'A1', title: 'Platform engineer', owns: ['packages/core', 'tools', 'docker'] },
      { id: 'A2', title: 'Quant: researcher', owns: ['packages/models', 'apps/walk-forward'] },
    ],
  });
});

test('keeps every scalar a string (failsafe schema): ids and titles are never numbers or booleans', () => {
  assert.deepEqual(parseYaml('roles:\n- id: 007\n  title: no\n  owns: []\n'), { roles: [{ id: '007', title: 'no', owns: [] }] });
});

test('names the file and line of what it refuses', () => {
  const cases = [
    ['roles:\n\t- id: A1\n', /line 2: Tabs/],
    ['roles:\n  - id: A1\n    id: A2\n', /line 3: Map keys must be unique/],
    ['roles:\n  - title: "unterminated\n', /line 3: Missing closing "quote/],
    ['a: b: c\n', /line 1: Nested mappings/],
  ];
  for (const [text, pattern] of cases) {
    assert.throws(() => parseYaml(text, 'team.yaml'), (error) => error instanceof YamlError && pattern.test(error.message) && error.message.startsWith('team.yaml, line'), `expected ${pattern} for ${JSON.stringify(text)}`);
  }
});

test('a document that is not a mapping of roles is refused by check-team naming the file', () => {
  assert.throws(() => parseTeam('just text\n', 'team.yaml'), /team.yaml: expected a mapping with the top-level key "roles"/);
  assert.throws(() => parseTeam('roles:\n', 'team.yaml'), /team.yaml: "roles" must be a non-empty list/);
});
