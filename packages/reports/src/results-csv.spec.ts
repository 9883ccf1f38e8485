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
    expect(header.slice(0, 10)).toEqual(['format', 'tier', 'budget', 'fold', 'phase', 'selected', 'seed', 'params', 'makerFeeBps', 'takerFeeBps']);
    // No row carries an attribution here: no markout columns, the attribution columns stay empty.
    expect(header).toHaveLength(10 + METRIC_COLUMNS.length + REJECTED_COLUMNS.length + 1 + 5 + 6);
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

  it('writes fee tier, break-even fee, attribution and markout columns for the horizons present', () => {
    const summary = summaryFixture();
    const row = {
      ...summary.rows[0],
      makerFeeBps: -0.5,
      takerFeeBps: 7.5,
      breakEvenMakerFeeBps: -1.25,
      attribution: { spreadCapture: 10, inventoryPnl: -4, fees: 2, liquidationCost: 0, hedgedPnl: 3, markoutsBps: { '0bar': { mean: -1.5, stderr: 0.2, n: 40 }, '1bar': { mean: -2, stderr: 0.3, n: 39 } } },
    };
    const table = parseCsv(resultsCsv([row, summary.rows[1]]));
    const header = table[0];
    const col = (name: string) => header.indexOf(name);
    expect(header.filter((h) => h.startsWith('markout_'))).toEqual(['markout_0bar_bps', 'markout_0bar_stderr', 'markout_0bar_n', 'markout_1bar_bps', 'markout_1bar_stderr', 'markout_1bar_n']);
    expect([table[1][col('makerFeeBps')], table[1][col('breakEvenMakerFeeBps')], table[1][col('attr_spreadCapture')], table[1][col('attr_inventoryPnl')], table[1][col('markout_1bar_n')]]).toEqual(['-0.5', '-1.25', '10', '-4', '39']);
    expect(table[2][col('attr_spreadCapture')]).toBe('');
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
