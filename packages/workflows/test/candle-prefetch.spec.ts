import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadCandles } from '@mml/market-data';
import { researchOptions } from '../src/app-options';
import { describe as describeCandles } from '../src/market-candles';
import { packCandles, packedFrom, unpackCandles, type PackedCandles } from '../src/packed-candles';
import { evaluationStart, evaluationStartPacked } from '../src/learning-warmup';
import { RESEARCH_PREFETCH_DEFAULTS, researchPrefetchRequest, startCandlePrefetch, takePrefetchedCandles } from '../src/candle-prefetch';

const shared = process.env['MML_SHARED_DATA'] ?? resolve(__dirname, '..', '..', '..', '..', 'shared', 'data');
const ETH = join(shared, 'binance_ethusdt_1m_2023-03-16_2023-05-01.csv.gz');

describe('researchPrefetchRequest (the guess from raw arguments)', () => {
  it('reads --data, --days, --rl-warmup-days and --quality in both spellings, with research\u2019s defaults', () => {
    expect(researchPrefetchRequest(['--source', 'file', '--data', 'a.csv.gz', '--days', '30', '--seed', '42'])).toEqual({ path: 'a.csv.gz', lastDays: 37, policy: 'fail' });
    expect(researchPrefetchRequest(['--data=a.csv', '--days=2', '--rl-warmup-days=0', '--quality=drop'])).toEqual({ path: 'a.csv', lastDays: 2, policy: 'drop' });
    expect(researchPrefetchRequest(['--data', 'a.csv', '--quality', 'mark'])).toEqual({ path: 'a.csv', lastDays: 37, policy: 'mark' });
  });

  it('guesses nothing where a guess could be wrong: no data, a config file, hours/minutes, another source, lists, repeats, bad values', () => {
    for (const args of [
      ['--days', '3'],
      ['--data', 'a.csv', '--config', 'run.yaml'],
      ['--data', 'a.csv', '--hours', '3'],
      ['--data', 'a.csv', '--minutes=30'],
      ['--data', 'a.csv', '--source', 'synthetic'],
      ['--data', 'a.csv,b.csv'],
      ['--data', 'a.csv', '--days', '3', '--days', '4'],
      ['--data', 'a.csv', '--days', 'x'],
      ['--data', 'a.csv', '--quality', 'maybe'],
      ['--data'],
    ]) {
      expect(researchPrefetchRequest(args)).toBeUndefined();
    }
  });

  it('its defaults are the research options\u2019 defaults', () => {
    expect(RESEARCH_PREFETCH_DEFAULTS).toEqual({ days: researchOptions.days.default, rlWarmupDays: researchOptions['rl-warmup-days'].default, quality: researchOptions.quality.default });
  });
});

describe('candle prefetch (the built thread)', () => {

  const dir = mkdtempSync(join(tmpdir(), 'mml-prefetch-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives the very bars and quality report of loadCandles, once, and only for the request it was started with', async () => {
    const request = { path: ETH, lastDays: 2, policy: 'fail' as const };
    startCandlePrefetch(request);
    const taken = await takePrefetchedCandles(request);
    const own = await loadCandles(ETH, { lastDays: 2, policy: 'fail' });
    // The bars come packed in shared memory, byte for byte packCandles' (so the checksum too), and unpack to the very objects.
    const packed = taken?.packed as PackedCandles;
    expect(packed.count).toBe(2880);
    expect(Object.prototype.toString.call(packed.data.buffer)).toBe('[object SharedArrayBuffer]');
    expect(Buffer.from(packed.data.buffer as SharedArrayBuffer).equals(Buffer.from(packCandles(own.candles).data.buffer))).toBe(true);
    expect(JSON.stringify(unpackCandles(packed))).toBe(JSON.stringify(own.candles));
    expect(taken?.quality).toEqual(own.quality);
    expect(describeCandles(ETH, packedFrom(packed, 1440), {})).toEqual(describeCandles(ETH, own.candles.slice(1440), {}));
    expect(evaluationStartPacked(packed, 1)).toBe(evaluationStart(own.candles, 1));
    expect(await takePrefetchedCandles(request)).toBeUndefined();
    startCandlePrefetch(request);
    expect(await takePrefetchedCandles({ ...request, lastDays: 3 })).toBeUndefined();
    startCandlePrefetch(request);
    expect(await takePrefetchedCandles({ ...request, policy: 'drop' })).toBeUndefined();
  });

  it('gives nothing for a file that fails its checks or is not klines, so the caller\u2019s own load reports it', async () => {
    const damaged = join(dir, 'damaged.csv');
    const rows = [0, 1, 2, 3, 4].map((i) => `${1_680_000_000_000 + i * 60_000},100,${i === 3 ? 'x' : 101},99,100,10`);
    writeFileSync(damaged, ['open_time_ms,open,high,low,close,volume', ...rows, ''].join('\n'));
    startCandlePrefetch({ path: damaged, lastDays: 1, policy: 'fail' });
    expect(await takePrefetchedCandles({ path: damaged, lastDays: 1, policy: 'fail' })).toBeUndefined();
    await expect(loadCandles(damaged, { lastDays: 1, policy: 'fail' })).rejects.toThrow(/row 5.*high/);
    const trades = join(dir, 'x_trades.csv');
    writeFileSync(trades, 'ts,price,qty,aggressor,id\n1,2,3,buy,4\n');
    startCandlePrefetch({ path: trades, lastDays: 1, policy: 'fail' });
    expect(await takePrefetchedCandles({ path: trades, lastDays: 1, policy: 'fail' })).toBeUndefined();
    startCandlePrefetch({ path: join(dir, 'missing.csv'), lastDays: 1, policy: 'fail' });
    expect(await takePrefetchedCandles({ path: join(dir, 'missing.csv'), lastDays: 1, policy: 'fail' })).toBeUndefined();
  });
});
