'use strict';
// A strict parser for the small YAML subset used by agent_ops/team.yaml: block mappings, block
// sequences (of scalars or mappings), flow sequences of scalars ([a, b]), plain and quoted scalars,
// and comments. Anything else (tabs, anchors, aliases, tags, block scalars, flow mappings, multi-line
// values, duplicate keys) is rejected with the line number, rather than guessed at. All scalars are
// strings: this file holds names and paths, and YAML's implicit typing ("no" -> false) would hurt.

class YamlSubsetError extends Error {
  constructor(source, line, problem) {
    super(`${source}, line ${line}: ${problem}`);
    this.name = 'YamlSubsetError';
    this.line = line;
  }
}

/** Parses `text`; `source` names the file in error messages. Returns plain objects, arrays and strings. */
function parseYamlSubset(text, source = 'yaml') {
  const lines = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const number = index + 1;
    if (/^\s*#/.test(raw) || /^\s*$/.test(raw)) return;
    if (index === 0 && raw.trim() === '---') return;
    if (/^ *\t/.test(raw)) throw new YamlSubsetError(source, number, 'tabs are not allowed for indentation');
    const content = stripComment(raw, source, number).replace(/\s+$/, '');
    const indent = content.length - content.trimStart().length;
    lines.push({ number, indent, text: content.trimStart() });
  });
  if (lines.length === 0) return {};
  const cursor = { i: 0 };
  const value = parseBlock(lines, cursor, lines[0].indent, source);
  if (cursor.i < lines.length) {
    const line = lines[cursor.i];
    throw new YamlSubsetError(source, line.number, `unexpected indentation or content "${line.text}"`);
  }
  return value;
}

function parseBlock(lines, cursor, indent, source) {
  return lines[cursor.i].text.startsWith('- ') || lines[cursor.i].text === '-'
    ? parseSequence(lines, cursor, indent, source)
    : parseMapping(lines, cursor, indent, source);
}

function parseSequence(lines, cursor, indent, source) {
  const items = [];
  while (cursor.i < lines.length && lines[cursor.i].indent === indent && (lines[cursor.i].text.startsWith('- ') || lines[cursor.i].text === '-')) {
    const line = lines[cursor.i];
    const rest = line.text.slice(1).trimStart();
    const restIndent = indent + (line.text.length - rest.length);
    if (rest === '') {
      cursor.i++;
      if (cursor.i >= lines.length || lines[cursor.i].indent <= indent) throw new YamlSubsetError(source, line.number, 'empty sequence item');
      items.push(parseBlock(lines, cursor, lines[cursor.i].indent, source));
    } else if (isMappingEntry(rest)) {
      // "- key: value" opens a mapping whose keys line up with "key".
      lines[cursor.i] = { number: line.number, indent: restIndent, text: rest };
      items.push(parseMapping(lines, cursor, restIndent, source));
    } else {
      items.push(parseScalarOrFlow(rest, source, line.number));
      cursor.i++;
    }
  }
  return items;
}

function parseMapping(lines, cursor, indent, source) {
  const map = {};
  while (cursor.i < lines.length && lines[cursor.i].indent === indent) {
    const line = lines[cursor.i];
    if (line.text.startsWith('- ') || line.text === '-') throw new YamlSubsetError(source, line.number, 'a sequence item where a "key: value" was expected');
    const match = /^([A-Za-z0-9_][A-Za-z0-9_./-]*):(?: +(.*))?$/.exec(line.text);
    if (!match) throw new YamlSubsetError(source, line.number, `expected "key: value", got "${line.text}"`);
    const [, key, value] = match;
    if (Object.prototype.hasOwnProperty.call(map, key)) throw new YamlSubsetError(source, line.number, `duplicate key "${key}"`);
    cursor.i++;
    if (value !== undefined && value !== '') {
      map[key] = parseScalarOrFlow(value, source, line.number);
      continue;
    }
    const next = lines[cursor.i];
    const nestedSequenceAtSameIndent = next && next.indent === indent && (next.text.startsWith('- ') || next.text === '-');
    if (next && (next.indent > indent || nestedSequenceAtSameIndent)) {
      map[key] = parseBlock(lines, cursor, next.indent, source);
    } else {
      throw new YamlSubsetError(source, line.number, `key "${key}" has no value (empty values are not allowed)`);
    }
  }
  if (cursor.i < lines.length && lines[cursor.i].indent > indent) {
    const line = lines[cursor.i];
    throw new YamlSubsetError(source, line.number, `unexpected indentation before "${line.text}"`);
  }
  return map;
}

function isMappingEntry(text) {
  return /^[A-Za-z0-9_][A-Za-z0-9_./-]*:( |$)/.test(text);
}

function parseScalarOrFlow(text, source, number) {
  if (text.startsWith('[')) {
    if (!text.endsWith(']')) throw new YamlSubsetError(source, number, 'a flow sequence must open and close on the same line');
    const inner = text.slice(1, -1).trim();
    if (inner === '') return [];
    return splitFlow(inner, source, number).map((item) => parseScalar(item.trim(), source, number));
  }
  return parseScalar(text, source, number);
}

function splitFlow(inner, source, number) {
  const parts = [];
  let current = '';
  let quote = null;
  for (const c of inner) {
    if (quote) {
      current += c;
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") {
      quote = c;
      current += c;
    } else if (c === ',') {
      parts.push(current);
      current = '';
    } else if ('[]{}'.includes(c)) {
      throw new YamlSubsetError(source, number, 'nested flow collections are not supported');
    } else current += c;
  }
  if (quote) throw new YamlSubsetError(source, number, 'unterminated quoted string');
  parts.push(current);
  if (parts.some((p) => p.trim() === '')) throw new YamlSubsetError(source, number, 'empty item in flow sequence');
  return parts;
}

function parseScalar(text, source, number) {
  if (text.startsWith('"')) {
    const body = text.slice(1, -1);
    if (text.length < 2 || !text.endsWith('"') || /(^|[^\\])(\\\\)*"/.test(body)) throw new YamlSubsetError(source, number, `bad double-quoted string ${text}`);
    return body.replace(/\\(.)/g, (_, c) => {
      const map = { n: '\n', t: '\t', '"': '"', '\\': '\\' };
      if (!(c in map)) throw new YamlSubsetError(source, number, `unsupported escape \\${c}`);
      return map[c];
    });
  }
  if (text.startsWith("'")) {
    const body = text.slice(1, -1);
    if (text.length < 2 || !text.endsWith("'") || /'/.test(body.replace(/''/g, ''))) throw new YamlSubsetError(source, number, `bad single-quoted string ${text}`);
    return body.replace(/''/g, "'");
  }
  if (/^[&*!|>{@`%]/.test(text)) throw new YamlSubsetError(source, number, `unsupported YAML feature at "${text}" (anchors, aliases, tags, block scalars and flow mappings are not allowed)`);
  if (/: |:$/.test(text)) throw new YamlSubsetError(source, number, `unexpected ":" in value "${text}" (quote it)`);
  return text;
}

/** Removes a trailing " # comment" that is outside quotes. */
function stripComment(raw, source, number) {
  let quote = null;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") {
      // Quotes only open a string at the start of a value.
      if (i === 0 || /[\s[,:-]/.test(raw[i - 1])) quote = c;
    } else if (c === '#' && (i === 0 || /\s/.test(raw[i - 1]))) {
      return raw.slice(0, i);
    }
  }
  if (quote) throw new YamlSubsetError(source, number, 'unterminated quoted string');
  return raw;
}

module.exports = { parseYamlSubset, YamlSubsetError };
