// The shared layout's fast row parse (parseCandleRow) against the strict cell-by-cell parse
// (parseCandleRowStrict): same bar bit for bit, or the same error, on every row of the shared
// file, on damaged rows and on random decimal text.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { SHARED_BTCUSDT_1M, sharedDataDir } from '../paths';
import { parseCandleRow, parseCandleRowStrict, type CandleRowContext } from './candle-format';

const NOW = Date.UTC(2026, 10, 30);

/** What a parse gave: the bar's fields (with -0 and NaN told apart), or the error's class and message. */
function outcome(parse: typeof parseCandleRow, text: string, barMs = 60_000, ctx: CandleRowContext = { source: 'f.csv', nowMs: NOW }): string {
  try {
    const bar = parse('shared', text, ctx, 7, barMs);
    return JSON.stringify(Object.entries(bar).map(([k, v]) => [k, typeof v === 'number' ? (Object.is(v, -0) ? '-0' : String(v)) : v])) + ` unit=${ctx.unit}`;
  } catch (error) {
    return `${(error as Error).constructor.name}: ${(error as Error).message}`;
  }
}

const same = (text: string, barMs?: number) => expect(outcome(parseCandleRow, text, barMs)).toBe(outcome(parseCandleRowStrict, text, barMs));

describe('parseCandleRow fast path (shared layout)', () => {
  it('gives the strict parse bit for bit on every row of the shared 1m file', () => {
    const lines = gunzipSync(readFileSync(join(sharedDataDir(), SHARED_BTCUSDT_1M))).toString('utf8').split('\n').slice(1).filter((l) => l !== '');
    expect(lines.length).toBeGreaterThan(60_000);
    const fastCtx: CandleRowContext = { source: 'f.csv', nowMs: NOW };
    const strictCtx: CandleRowContext = { source: 'f.csv', nowMs: NOW };
    let mismatches = 0;
    for (let i = 0; i < lines.length; i++) {
      const a = parseCandleRow('shared', lines[i], fastCtx, i + 2, NaN);
      const b = parseCandleRowStrict('shared', lines[i], strictCtx, i + 2, NaN);
      if (!(a.openTime === b.openTime && a.open === b.open && a.high === b.high && a.low === b.low && a.close === b.close && a.volume === b.volume && Object.is(a.ts, b.ts))) mismatches++;
    }
    expect(mismatches).toBe(0);
  });

  it('gives the same value or the same error on damaged rows', () => {
    const rows = [
      '1680000000000,28012.34000000,28050.00000000,27990.10000000,28001.00000000,12.34500000',
      '1680000000000,-0,0.0,-0.0,007.50,0',
      '1680000000000,28012.34,28050,27990.1,28001,12.345,',
      '1680000000000,28012.34,28050,27990.1,28001',
      '1680000000000,28012.34,,27990.1,28001,1',
      '1680000000000,28012.,28050,27990.1,28001,1',
      '1680000000000,.5,28050,27990.1,28001,1',
      '1680000000000,1e5,28050,27990.1,28001,1',
      '1680000000000,0x1f,28050,27990.1,28001,1',
      '1680000000000, 12,28050,27990.1,28001,1',
      '1680000000000,+5,28050,27990.1,28001,1',
      '1680000000000,Infinity,28050,27990.1,28001,1',
      '1680000000000,1234567890123456789,28050,27990.1,28001,1',
      '1680000000000,0.1234567890123456789,28050,27990.1,28001,1',
      '1680000000000,1' + '0'.repeat(300) + ',1,1,1,1',
      '1680000000000,123456789012345,1.00000000000000,99999999999999.9,0.000000000000001,1',
      '-1680000000000,1,1,1,1,1',
      '16800000000001234567,1,1,1,1,1',
      '1680000000,1,1,1,1,1',
      '4102444800000,1,1,1,1,1',
      '1680000000000,1,1,1,1,1\r',
      ' 1680000000000,1,1,1,1,1',
      '',
      'open_time_ms,open,high,low,close,volume',
    ];
    for (const row of rows) same(row);
    same(rows[0], NaN);
  });

  it('gives the same value as Number() on random plain decimals (digits, fraction, sign)', () => {
    const decimal = fc
      .tuple(fc.boolean(), fc.stringMatching(/^\d{1,17}$/), fc.option(fc.stringMatching(/^\d{1,17}$/)))
      .map(([negative, whole, fraction]) => `${negative ? '-' : ''}${whole}${fraction === null ? '' : `.${fraction}`}`);
    fc.assert(
      fc.property(fc.array(decimal, { minLength: 5, maxLength: 5 }), (cells) => {
        same(`1680000000000,${cells.join(',')}`);
      }),
      { numRuns: 3000, seed: 20261130 },
    );
  });
});
