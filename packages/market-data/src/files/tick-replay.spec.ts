import { join } from 'node:path';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { DataError, type MarketEvent } from '@mml/core';
import { sharedDataDir } from '../paths';
import { measureClockOffset, readTickReplay } from './tick-replay';
import { readTradeFile } from './tick-files';

const spot = join(sharedDataDir(), 'binance_btcusdt_spot_2024-08-08');

describe('readTickReplay', () => {
  it('merges spot trades and bookTicker in non-decreasing exchange time', async () => {
    expect(await measureClockOffset(`${spot}_trades.csv.gz`)).toBeGreaterThan(1250);
    const counts: Record<string, number> = {};
    let last = -Infinity;
    let backwards = 0;
    let volume = 0;
    let sells = 0;
    for await (const e of readTickReplay(spot)) {
      counts[e.kind] = (counts[e.kind] ?? 0) + 1;
      if (e.ts < last) backwards++;
      last = e.ts;
      if (e.kind === 'trade') {
        volume += e.qty;
        if (e.aggressor === 'sell') sells++;
      }
    }
    expect(counts).toEqual({ trade: 19_904, bbo: 73_174 });
    expect(backwards).toBe(0);
    expect(sells).toBe(10_811); // shared README: 10,811 of 19,904 trades seller-initiated
    expect(volume).toBeCloseTo(437.91552, 6);
  });

  it('includes the depth snapshot and diffs when asked', async () => {
    const kinds = new Set<MarketEvent['kind']>();
    let n = 0;
    for await (const e of readTickReplay(spot, { include: ['depth'] })) {
      kinds.add(e.kind);
      n++;
    }
    expect([...kinds].sort()).toEqual(['book', 'depth']);
    expect(n).toBe(1 + 6495);
  });

  it('names file, row and field for a bad trade row', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mml-ticks-'));
    const path = join(dir, 'x_trades.csv');
    writeFileSync(path, 'local_ts_ns,event_ts_ms,trade_ts_ms,trade_id,price,qty,is_buyer_maker\n1723161254087896568,1723161255343,1723161255342,3,100,1,true\n1723161254087896569,1723161255343,1723161255342,4,abc,1,false\n');
    const read = async () => {
      for await (const _ of readTradeFile(path)) void _;
    };
    await expect(read()).rejects.toThrow(DataError);
    await expect(read()).rejects.toThrow(`${path}, row 3, field "price"`);
  });
});
