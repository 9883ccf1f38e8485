module.exports = { ...require('../../jest.preset.js'), displayName: 'backtest-engine', rootDir: __dirname };
