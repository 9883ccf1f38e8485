import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { csvField, resultsCsv, writeResultsCsv, METRIC_COLUMNS, REJECTED_COLUMNS } from './results-csv';
import { summaryFixture } from './fixtures.test-helpers';

/** A small RFC 4180 reader, independent of the writer, to check the round trip. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  return rows;
}

describe('results.csv', () => {
  it('writes a header and one line per row, with quoting that round-trips', () => {
    const summary = summaryFixture();
    const dir = mkdtempSync(join(tmpdir(), 'mml-reports-csv-'));
    writeResultsCsv(dir, summary.rows);
    const table = parseCsv(readFileSync(join(dir, 'results.csv'), 'utf8'));
    expect(table).toHaveLength(1 + summary.rows.length);
    const header = table[0];
    expect(header.slice(0, 7)).toEqual(['format', 'tier', 'budget', 'fold', 'phase', 'seed', 'params']);
    expect(header).toHaveLength(7 + METRIC_COLUMNS.length + REJECTED_COLUMNS.length + 5);
    const col = (name: string) => header.indexOf(name);
    const glft = table[3];
    expect(glft[col('format')]).toBe('glft, "quoted"');
    expect(glft[col('params')]).toBe('{"gamma":0.1,"kappa":1.5}');
    expect(glft[col('budget')]).toBe('1000');
    expect(glft[col('maxDrawdown')]).toBe('0.45');
    expect(glft[col('gate_drawdown')]).toBe('false');
    expect(glft[col('gate_pass')]).toBe('false');
    expect(glft[col('reasons')]).toContain('FAIL maxDrawdown 45.00% > 40.00%');
    expect(table.every((r) => r.length === header.length)).toBe(true);
  });

  it('quotes only when needed', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(' padded')).toBe('" padded"');
    expect(csvField(undefined)).toBe('');
    expect(csvField(-0.5)).toBe('-0.5');
  });

  it('is empty but valid with no rows', () => {
    expect(resultsCsv([]).split('\n').filter(Boolean)).toHaveLength(1);
  });
});
