'use strict';
// Run with: node --test tools/workboard/
const test = require('node:test');
const assert = require('node:assert/strict');
const { parseYamlSubset, YamlSubsetError } = require('./yaml-subset');

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
  assert.deepEqual(parseYamlSubset(text, 'team.yaml'), {
    roles: [
      { id: 'A1', title: 'Platform engineer', owns: ['packages/core', 'tools', 'docker'] },
      { id: 'A2', title: 'Quant: researcher', owns: ['packages/models', 'apps/walk-forward'] },
    ],
  });
});

test('accepts a sequence at the same indent as its key, and keeps scalars as strings', () => {
  assert.deepEqual(parseYamlSubset('roles:\n- id: 007\n  title: no\n  owns: []\n'), { roles: [{ id: '007', title: 'no', owns: [] }] });
});

test('names the line of what it refuses', () => {
  const cases = [
    ['roles:\n\t- id: A1\n', /line 2: tabs/],
    ['roles:\n  - id: A1\n    id: A2\n', /line 3: duplicate key "id"/],
    ['roles:\n  - id: &a A1\n', /line 2: unsupported YAML feature/],
    ['roles:\n  - owns: [a, [b]]\n', /line 2: nested flow/],
    ['roles:\n  - owns: [a,\n     b]\n', /line 2: a flow sequence must open and close/],
    ['roles:\n  - id: A1\n      title: x\n', /line 3: unexpected indentation/],
    ['roles:\n', /line 1: key "roles" has no value/],
    ['roles:\n  - title: "unterminated\n', /line 2: unterminated/],
    ['just text\n', /line 1: expected "key: value"/],
    ['a: b: c\n', /line 1: unexpected ":"/],
  ];
  for (const [text, pattern] of cases) {
    assert.throws(() => parseYamlSubset(text, 'team.yaml'), (error) => error instanceof YamlSubsetError && pattern.test(error.message) && error.message.startsWith('team.yaml, line'), `expected ${pattern} for ${JSON.stringify(text)}`);
  }
});

test('quoted scalars keep # and unescape quotes', () => {
  assert.deepEqual(parseYamlSubset(`a: "x # y"\nb: 'it''s'\nc: "say \\"hi\\""\n`), { a: 'x # y', b: "it's", c: 'say "hi"' });
});
