module.exports = { ...require('../../jest.preset.js'), displayName: 'risk-overlays', rootDir: __dirname };
