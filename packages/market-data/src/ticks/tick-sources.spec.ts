import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataError } from '@mml/core';
import { detectTickFormat, loadTickGroup, tickSourceGroups } from './tick-sources';
import { columnEvents } from './tick-columns';
import { scratchDir, spotDiff, trade, writeCapture, writeZip } from './capture-fixtures.test-helpers';

describe('tick sources: one entry point for every tick format', () => {
  const dir = scratchDir('mml-tick-sources-');
  const a = writeCapture(dir, 'binance_spot_btcusdt_2024-01-01.gz', [['1700000000000000000', spotDiff(1, 2, 1, [['1', '1']])]]);
  const b = writeCapture(dir, 'binance_spot_btcusdt_2024-01-02.gz', [['1700000000001000000', trade(5, 2, '1', '1', true)]]);
  const unnamed = writeCapture(dir, 'recording.txt', [['1700000000001000', trade(6, 3, '1', '1', false)]]);
  const csv = join(dir, 'rec_trades.csv');
  writeFileSync(csv, 'local_ts_ns,event_ts_ms,trade_ts_ms,trade_id,price,qty,is_buyer_maker\n1700000000000000000,1,1,1,1,1,true\n');
  const dump1 = writeZip(dir, 'BTCUSDT-aggTrades-2024-01-01.zip', 'a.csv', '1,10,1,1,1,1700000000000,true\n');
  const dump2 = writeZip(dir, 'BTCUSDT-aggTrades-2024-01-02.zip', 'b.csv', '2,10,1,2,2,1700086400000,false\n');
  const unnamedDump = join(dir, 'export.csv');
  writeFileSync(unnamedDump, 'id,price,qty,quote_qty,time,is_buyer_maker\n1,10,1,10,1700000000000,true\n');

  it('detects each format by name, else by the first line, and refuses anything else', async () => {
    expect(await Promise.all([a, unnamed, csv, dump1, unnamedDump].map(detectTickFormat))).toEqual(['capture', 'capture', 'tick-csv', 'binance-dump', 'binance-dump']);
    const junk = join(dir, 'junk.txt');
    writeFileSync(junk, 'hello world\n');
    await expect(detectTickFormat(junk)).rejects.toThrow(DataError);
  });

  it('groups a split capture, a recording\'s CSVs and a dump series, and reads each as one stream', async () => {
    const groups = await tickSourceGroups([b, dump2, csv, a, unnamed, dump1]);
    expect(groups.map((g) => [g.format, g.files.map((f) => f.slice(dir.length + 1))])).toEqual([
      ['capture', ['binance_spot_btcusdt_2024-01-01.gz', 'binance_spot_btcusdt_2024-01-02.gz']],
      ['capture', ['recording.txt']],
      ['tick-csv', ['rec_trades.csv']],
      ['binance-dump', ['BTCUSDT-aggTrades-2024-01-01.zip', 'BTCUSDT-aggTrades-2024-01-02.zip']], // by date
    ]);
    const split = await loadTickGroup(groups[0]);
    expect([...columnEvents(split.columns)].map((e) => e.kind)).toEqual(['depth', 'trade']);
  });
});
