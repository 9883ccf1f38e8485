module.exports = { ...require('../../jest.preset.js'), displayName: 'realtime-paper', rootDir: __dirname };
