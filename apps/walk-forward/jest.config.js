module.exports = { ...require('../../jest.preset.js'), displayName: 'walk-forward', rootDir: __dirname };
