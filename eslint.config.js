// Flat ESLint config for the whole workspace. The heart of it is @nx/enforce-module-boundaries:
// the layer rules below are the architecture, enforced on every `nx lint`.
const nx = require('@nx/eslint-plugin');

/**
 * Layers, bottom to top. A project may only import projects of the layers listed for it.
 *   core            vocabulary every package shares (instrument, events, quotes, random, config)
 *   domain          market-data, models, risk-overlays: independent of each other
 *   engine          backtest-engine: core only, so it can never import a concrete model
 *   reports         reports: core only (metrics and gates are plain data)
 *   composition     strategies: composes models + risk-overlays into named formats
 *   orchestration   workflows: research matrix, walk-forward, campaign, paper loop
 *   app             thin CLIs on top of everything
 */
const depConstraints = [
  { sourceTag: 'layer:core', onlyDependOnLibsWithTags: ['layer:core'] },
  { sourceTag: 'layer:domain', onlyDependOnLibsWithTags: ['layer:core'] },
  { sourceTag: 'layer:engine', onlyDependOnLibsWithTags: ['layer:core'] },
  { sourceTag: 'layer:reports', onlyDependOnLibsWithTags: ['layer:core'] },
  { sourceTag: 'layer:composition', onlyDependOnLibsWithTags: ['layer:core', 'layer:domain'] },
  {
    sourceTag: 'layer:orchestration',
    onlyDependOnLibsWithTags: ['layer:core', 'layer:domain', 'layer:engine', 'layer:reports', 'layer:composition'],
  },
  { sourceTag: 'type:lib', notDependOnLibsWithTags: ['type:app'] },
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
];

module.exports = [
  { ignores: ['**/dist/**', '**/node_modules/**', 'artifacts/**', 'data/**', '**/coverage/**', '.nx/**'] },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  {
    // Boundaries apply to source and tests; jest/eslint config files may reach the root presets.
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        { enforceBuildableLibDependency: true, allow: [], depConstraints },
      ],
    },
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
];
