// The flattened tick readers check every row (issue 10): errors name file, row and field.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readBookTickerFile, readTradeFile } from './tick-files';

describe('tick row checks', () => {
  it.each([
    ['a crossed bookTicker', 'bookticker', 'local_ts_ns,event_ts_ms,transact_ts_ms,update_id,bid_price,bid_qty,ask_price,ask_qty', '1723161254087891268,,,5,61837.65000000,3.7,61837.64000000,1.5', 'row 3, field "ask_price": crossed or locked book'],
    ['a repeated trade id', 'trades', 'local_ts_ns,event_ts_ms,trade_ts_ms,trade_id,price,qty,is_buyer_maker', '1723161254087896569,1723161255343,1723161255342,3,100,1,true', 'row 3, field "trade_id": trade id 3 does not increase'],
    ['a trade time in µs', 'trades', 'local_ts_ns,event_ts_ms,trade_ts_ms,trade_id,price,qty,is_buyer_maker', '1723161254087896569,1723161255343000,1723161255342,4,100,1,true', 'row 3, field "event_ts_ms": implausible time 1723161255343000'],
    ['local time going back', 'trades', 'local_ts_ns,event_ts_ms,trade_ts_ms,trade_id,price,qty,is_buyer_maker', '1723161254000000000,1723161255343,1723161255342,4,100,1,true', 'row 3, field "local_ts_ns": local time goes back'],
    ['a hex price', 'trades', 'local_ts_ns,event_ts_ms,trade_ts_ms,trade_id,price,qty,is_buyer_maker', '1723161254087896569,1723161255343,1723161255342,4,0x72ce,1,true', 'row 3, field "price": not a plain decimal number: "0x72ce"'],
  ])('refuses %s, naming file, row and field', async (_name, kind, header, bad, message) => {
    const first: Record<string, string> = {
      trades: '1723161254087896568,1723161255343,1723161255342,3,100,1,true',
      bookticker: '1723161254087891268,,,4,61837.63000000,3.7,61837.64000000,1.5',
    };
    const dir = mkdtempSync(join(tmpdir(), 'mml-ticks-'));
    const path = join(dir, `x_${kind}.csv`);
    writeFileSync(path, `${header}\n${first[kind]}\n${bad}\n`);
    const read = async () => {
      for await (const _ of kind === 'trades' ? readTradeFile(path) : readBookTickerFile(path)) void _;
    };
    await expect(read()).rejects.toThrow(`${path}, ${message}`);
  });
});
