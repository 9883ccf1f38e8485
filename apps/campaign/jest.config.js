module.exports = { ...require('../../jest.preset.js'), displayName: 'campaign', rootDir: __dirname };
