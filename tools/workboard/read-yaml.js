'use strict';
// team.yaml is read with the `yaml` package (YAML 1.2). Two choices keep it strict:
// - the failsafe schema: every scalar stays a string ("007" stays "007", "no" stays "no"), so an
//   id or a path is never silently turned into a number or a boolean;
// - uniqueKeys and every parser error/warning are fatal, reported as "<file>, line N: <problem>".
const YAML = require('yaml');

class YamlError extends Error {
  constructor(source, line, problem) {
    super(`${source}, line ${line}: ${problem}`);
    this.name = 'YamlError';
    this.source = source;
    this.line = line;
  }
}

/** Parses YAML text into plain data (strings, arrays, objects), naming the line of any problem. */
function parseYaml(text, source = 'yaml') {
  const lineCounter = new YAML.LineCounter();
  const doc = YAML.parseDocument(text, { schema: 'failsafe', uniqueKeys: true, prettyErrors: false, strict: true, lineCounter });
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem) {
    const line = lineCounter.linePos(problem.pos[0]).line;
    throw new YamlError(source, line, problem.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, ''));
  }
  return doc.toJS() ?? {};
}

module.exports = { parseYaml, YamlError };
