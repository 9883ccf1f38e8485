import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { BOOKTICKER_HEADER, DEPTH_HEADER, TRADES_HEADER } from '../files/tick-files';
import { readTickCsv } from './tick-csv';
import type { TickEvent } from './tick-event';
import { scratchDir } from './capture-fixtures.test-helpers';

async function collect(stream: AsyncIterable<TickEvent>): Promise<TickEvent[]> {
  const out: TickEvent[] = [];
  for await (const e of stream) out.push(e);
  return out;
}

describe('readTickCsv (the flattened tick CSVs)', () => {
  const dir = scratchDir('mml-tick-csv-');
  const write = (name: string, header: string, rows: string[]): string => {
    const path = join(dir, name);
    writeFileSync(path, gzipSync([header, ...rows].join('\n') + '\n'));
    return path;
  };

  it('merges a capture\'s files by local receive time, groups depth rows per message and keeps both clocks', async () => {
    const trades = write('x_trades.csv.gz', TRADES_HEADER, ['1700000000002000000,1700000000003,1700000000002,7,100.02,0.25,true']);
    const ticker = write('x_bookticker.csv.gz', BOOKTICKER_HEADER, ['1700000000003000000,,,12,100.01,1.5,100.02,2']);
    const depth = write('x_depth.csv.gz', DEPTH_HEADER, [
      '1700000000000000000,,,snapshot,,11,,bid,100.01,1',
      '1700000000000000000,,,snapshot,,11,,ask,100.03,1',
      '1700000000001000000,1700000000001,,diff,10,12,,bid,100.01,1.5',
      '1700000000001000000,1700000000001,,diff,10,12,,ask,100.02,2',
    ]);
    const events = await collect(readTickCsv([trades, ticker, depth]));
    expect(events).toEqual([
      { kind: 'book', ts: 1700000000000, localTs: 1700000000000, updateId: 11, bids: [[100.01, 1]], asks: [[100.03, 1]] },
      { kind: 'depth', ts: 1700000000001, localTs: 1700000000001, firstUpdateId: 10, lastUpdateId: 12, bids: [[100.01, 1.5]], asks: [[100.02, 2]] },
      { kind: 'trade', ts: 1700000000003, localTs: 1700000000002, transactTs: 1700000000002, price: 100.02, qty: 0.25, aggressor: 'sell', id: 7 },
      // Spot bookTicker without exchange time: last exchange time (3) + local time since it arrived (1 ms).
      { kind: 'bbo', ts: 1700000000004, localTs: 1700000000003, bidPrice: 100.01, bidQty: 1.5, askPrice: 100.02, askQty: 2, updateId: 12 },
    ]);
  });

  it('applies the policy to bad rows and broken chains, naming file and line', async () => {
    const depth = write('y_depth.csv.gz', DEPTH_HEADER, [
      '1700000000001000000,1,,diff,10,12,,bid,1,1',
      '1700000000002000000,2,,diff,14,15,,bid,1,2',
      '1700000000003000000,3,,diff,16,17,,middle,1,2',
    ]);
    await expect(collect(readTickCsv(depth))).rejects.toThrow(`${depth}, row 3: sequence-break: depth diff [14, 15]: U 14 != previous u 12 + 1`);
    const marked = readTickCsv(depth, { policy: 'mark' });
    expect((await collect(marked)).length).toBe(2);
    expect(marked.quality.findings.map((f) => [f.kind, f.line, f.action])).toEqual([
      ['sequence-break', 3, 'kept'],
      ['unparseable', 4, 'dropped'],
    ]);
    const other = write('z.csv.gz', 'a,b,c', ['1,2,3']);
    await expect(collect(readTickCsv(other))).rejects.toThrow(`${other}, row 1: not a tick CSV`);
  });
});
