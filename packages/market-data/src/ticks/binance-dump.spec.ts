import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readBinanceDump } from './binance-dump';
import type { TickEvent } from './tick-event';
import { scratchDir, writeZip } from './capture-fixtures.test-helpers';

async function collect(stream: AsyncIterable<TickEvent>): Promise<TickEvent[]> {
  const out: TickEvent[] = [];
  for await (const e of stream) out.push(e);
  return out;
}

describe('readBinanceDump (data.binance.vision CSVs)', () => {
  const dir = scratchDir('mml-dumps-');

  it('reads a zipped header-less spot trades dump in µs (2025+) as ms trades', async () => {
    const zip = writeZip(dir, 'BTCUSDT-trades-2025-01-01.zip', 'BTCUSDT-trades-2025-01-01.csv', '1,93576.00,0.00010,9.3576,1735689600000123,True,True\n2,93576.01,0.2,18715.2,1735689600001456,False,True\n');
    expect(await collect(readBinanceDump(zip))).toEqual([
      { kind: 'trade', ts: 1735689600000.123, localTs: 1735689600000.123, price: 93576, qty: 0.0001, aggressor: 'sell', id: 1 },
      { kind: 'trade', ts: 1735689600001.456, localTs: 1735689600001.456, price: 93576.01, qty: 0.2, aggressor: 'buy', id: 2 },
    ]);
  });

  it('reads futures aggTrades with a header (gzipped), bookTicker (plain) and stored zips alike', async () => {
    const agg = join(dir, 'BTCUSDT-aggTrades-2024-08-08.csv.gz');
    writeFileSync(agg, gzipSync('agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker\n7,61800.3,0.006,10,12,1723161256322,false\n8,61800.2,1,13,13,1723161256400,true\n'));
    expect((await collect(readBinanceDump(agg))).map((e) => (e.kind === 'trade' ? [e.id, e.ts, e.aggressor] : e.kind))).toEqual([
      [7, 1723161256322, 'buy'],
      [8, 1723161256400, 'sell'],
    ]);
    const ticker = join(dir, 'BTCUSDT-bookTicker-2024-08-08.csv');
    writeFileSync(ticker, 'update_id,best_bid_price,best_bid_qty,best_ask_price,best_ask_qty,transaction_time,event_time\n5123107839020,61800.20,2.507,61800.30,2.510,1723161256313,1723161256314\n');
    expect(await collect(readBinanceDump(ticker))).toEqual([
      { kind: 'bbo', ts: 1723161256314, localTs: 1723161256314, transactTs: 1723161256313, bidPrice: 61800.2, bidQty: 2.507, askPrice: 61800.3, askQty: 2.51, updateId: 5123107839020 },
    ]);
    const stored = writeZip(dir, 'plain-trades.zip', 'x.csv', '1,10,1,10,1700000000000,true\n', true);
    expect((await collect(readBinanceDump(stored)))[0]).toMatchObject({ kind: 'trade', id: 1, aggressor: 'sell', ts: 1700000000000 });
  });

  it('reports id gaps, duplicates and mixed time units with file and line under the policy', async () => {
    const file = join(dir, 'BTCUSDT-trades-2024-01-01.csv');
    writeFileSync(file, ['1,10,1,10,1700000000000,true,true', '3,10,1,10,1700000000001,true,true', '3,10,1,10,1700000000002,true,true', '4,10,1,10,1700000000000003,true,true', '5,10,1,10,1699999999999,true,true'].join('\n'));
    await expect(collect(readBinanceDump(file))).rejects.toThrow(`${file}, row 2: sequence-break: trade id 3 follows id 1: 1 missing`);
    const marked = readBinanceDump(file, { policy: 'mark' });
    const kept = await collect(marked);
    expect(marked.quality.findings.map((f) => [f.kind, f.line, f.action])).toEqual([
      ['sequence-break', 2, 'kept'],
      ['duplicate-id', 3, 'dropped'],
      ['unparseable', 4, 'dropped'],
      ['sequence-break', 5, 'kept'], // id 5 after 3 (4 was dropped); only a row's first problem is reported
    ]);
    expect(marked.quality.findings[2].message).toContain('time 1700000000000003 is in µs but the file started in ms');
    expect(kept.map((e) => (e.kind === 'trade' ? e.id : 0))).toEqual([1, 3, 5]);
  });

  it('refuses a corrupt or truncated zip with a one-line error naming the file', async () => {
    const zip = writeZip(dir, 'BTCUSDT-trades-2024-01-02.zip', 'a.csv', Array.from({ length: 2000 }, (_, i) => `${i + 1},10.5,1,10.5,${1700000000000 + i},true,true`).join('\n'));
    const bytes = readFileSync(zip);
    const corrupt = join(dir, 'BTCUSDT-trades-2024-01-03.zip');
    const flipped = Buffer.from(bytes);
    flipped[200] ^= 0x55;
    writeFileSync(corrupt, flipped);
    await expect(collect(readBinanceDump(corrupt))).rejects.toThrow(new RegExp(`^${corrupt}, row \\d+: zip: (cannot inflate|entry a.csv fails its CRC-32|entry a.csv inflated to)`));
    const truncated = join(dir, 'BTCUSDT-trades-2024-01-04.zip');
    writeFileSync(truncated, bytes.subarray(0, bytes.length - 30));
    await expect(collect(readBinanceDump(truncated))).rejects.toThrow(`${truncated}: zip: no end-of-central-directory record (not a zip, or truncated)`);
  });
});
