// Shared jest preset for every package and app.
// - Tests import workspace packages through the "@mml/source" export condition, so they run
//   against TypeScript sources without a prior build.
// - ccxt's CommonJS bundle requires the ESM-only @noble/* and @scure/* packages: those (and only
//   those) are transformed by ts-jest so that ccxt loads under jest.
module.exports = {
  testEnvironment: 'node',
  testEnvironmentOptions: {
    customExportConditions: ['@mml/source', 'node', 'require', 'default'],
  },
  transform: {
    '^.+\\.[cm]?[tj]s$': [
      'ts-jest',
      {
        // Transpile only (isolatedModules in tsconfig.jest.json): ts-jest's per-file type check cost
        // ~4x the CPU of the tests themselves; each project's typecheck target checks src/ and test/.
        tsconfig: require('node:path').join(__dirname, 'tsconfig.jest.json'),
        // TS151002: ts-jest's hint about module nodenext; harmless for CommonJS output.
        diagnostics: { ignoreCodes: ['TS151002'] },
      },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!(@noble|@scure)/)'],
  moduleFileExtensions: ['ts', 'js', 'cjs', 'mjs', 'json'],
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
  testTimeout: 30000,
  // A long-lived test worker that has read the large shared captures grows its heap, and later files
  // slow down several-fold in GC (order-book.spec: 3 s alone, 31 s after 20 other files; 61 s and
  // timeouts in CI). Jest replaces a worker whose heap is above this after a file, so every file
  // starts from a small heap (order-book.spec back to 9 s in the full suite).
  workerIdleMemoryLimit: '512MB',
};
