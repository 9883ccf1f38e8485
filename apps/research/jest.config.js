module.exports = { ...require('../../jest.preset.js'), displayName: 'research', rootDir: __dirname };
