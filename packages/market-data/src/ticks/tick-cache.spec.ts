import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedDataDir } from '../paths';
import { readBinanceCapture } from './binance-capture';
import { loadTickColumns, tickCacheKey } from './tick-cache';
import { columnEvents } from './tick-columns';
import type { TickEvent } from './tick-event';
import { futDiff, futTicker, scratchDir, snapshot, spotTicker, trade, writeCapture } from './capture-fixtures.test-helpers';

const NEXO = join(sharedDataDir(), 'ticks', 'binance_spot_nexousdt_2024-07-23.dat.gz');

async function parsed(files: string[]): Promise<TickEvent[]> {
  const out: TickEvent[] = [];
  for await (const e of readBinanceCapture(files, { policy: 'mark' })) out.push(e);
  return out;
}

const open = (files: string[]) => readBinanceCapture(files, { policy: 'mark' });

describe('columnar tick cache', () => {
  it('gives back exactly the parsed event stream, from the columns and from the cache file', async () => {
    const cacheDir = scratchDir('mml-tick-cache-');
    const fixture = writeCapture(scratchDir(), 'mixed_2024-01-01.gz', [
      ['1723161256000000000', snapshot(5, [['100.1', '1']], [['100.2', '3']], { E: 1, T: 0 })],
      ['1723161256000000001', futDiff(4, 6, 3, 2, 1, [['100.1', '0']], [['100.3', '0.5']])],
      ['1723161256000000002', futTicker(6, 3, 1, '100.0', '1', '100.2', '3')],
      ['1723161256000000003', spotTicker(7, '100.0', '1', '100.2', '3')], // no exchange time, no T
      ['1723161256000000004', trade(9, 4, '100.2', '0.001', false)],
    ]);
    for (const files of [[NEXO], [fixture]]) {
      const expected = await parsed(files);
      const first = await loadTickColumns(files, open, { cacheDir, readerId: 'binance-capture', options: { policy: 'mark' } });
      expect(first.cache).toBe('miss');
      expect([...columnEvents(first.columns)]).toStrictEqual(expected);
      const second = await loadTickColumns(files, open, { cacheDir, readerId: 'binance-capture', options: { policy: 'mark' } });
      expect(second.cache).toBe('hit');
      expect([...columnEvents(second.columns)]).toStrictEqual(expected);
      expect(second.quality).toEqual(first.quality);
    }
  });

  it('validates a cache file before use: a corrupt or truncated file is rejected, re-parsed and rewritten', async () => {
    const cacheDir = scratchDir('mml-tick-cache-');
    const options = { cacheDir, readerId: 'binance-capture', options: { policy: 'mark' } };
    const expected = await parsed([NEXO]);
    await loadTickColumns([NEXO], open, options);
    const path = join(cacheDir, readdirSync(cacheDir)[0]);
    const bytes = readFileSync(path);
    bytes[bytes.length >> 1] ^= 0xff;
    writeFileSync(path, bytes);
    const corrupt = await loadTickColumns([NEXO], open, options);
    expect(corrupt.cache).toBe('rejected (checksum mismatch (truncated or corrupt))');
    expect([...columnEvents(corrupt.columns)]).toStrictEqual(expected);
    expect((await loadTickColumns([NEXO], open, options)).cache).toBe('hit');
    writeFileSync(path, readFileSync(path).subarray(0, 1000));
    expect((await loadTickColumns([NEXO], open, options)).cache).toBe('rejected (checksum mismatch (truncated or corrupt))');
    const version = readFileSync(path);
    version.writeUInt32LE(99, 8);
    writeFileSync(path, version);
    expect((await loadTickColumns([NEXO], open, options)).cache).toBe('rejected (version 99, expected 1)');
  });

  it('keys entries by content, reader and options: an edited file or another policy misses', async () => {
    const dir = scratchDir();
    const file = writeCapture(dir, 'a_2024-01-01.gz', [['1723161256000000000', trade(1, 1, '1', '1', true)]]);
    const key = await tickCacheKey([file], 'binance-capture', { policy: 'mark' });
    expect(await tickCacheKey([file], 'binance-capture', { policy: 'mark' })).toBe(key);
    expect(await tickCacheKey([file], 'binance-capture', { policy: 'drop' })).not.toBe(key);
    writeCapture(dir, 'a_2024-01-01.gz', [['1723161256000000000', trade(1, 1, '2', '1', true)]]);
    expect(await tickCacheKey([file], 'binance-capture', { policy: 'mark' })).not.toBe(key);
  });
});
