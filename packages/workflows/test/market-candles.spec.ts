import { join, resolve } from 'node:path';
import { loadWorkflowCandles } from '../src/market-candles';
import { qualityLine, summarizeQuality } from '../src/data-quality-summary';

const shared = process.env['MML_SHARED_DATA'] ?? resolve(__dirname, '..', '..', '..', '..', 'shared', 'data');

describe('loadWorkflowCandles', () => {
  it('reads the last N days of a shared file with the built-in ETH/USDT spec and a checksum of the bars used', async () => {
    const eth = await loadWorkflowCandles({ source: 'file', dataPath: join(shared, 'binance_ethusdt_1m_2023-03-16_2023-05-01.csv.gz'), days: 1, symbol: 'ETH/USDT' });
    expect(eth.candles).toHaveLength(1440);
    expect(eth.instrument).toMatchObject({ symbol: 'ETH/USDT', base: 'ETH', lotSize: '0.0001' });
    expect(eth.data).toMatchObject({ events: 1440, startTs: eth.candles[0].openTime, endTs: eth.candles[1439].ts });
    expect(eth.data.checksum).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('generates the synthetic market deterministically per seed', async () => {
    const a = await loadWorkflowCandles({ source: 'synthetic', days: 0.25, seed: 1 });
    const b = await loadWorkflowCandles({ source: 'synthetic', days: 0.25, seed: 1 });
    const c = await loadWorkflowCandles({ source: 'synthetic', days: 0.25, seed: 2 });
    expect(a.candles).toHaveLength(360);
    expect(a.data.checksum).toBe(b.data.checksum);
    expect(a.data.checksum).not.toBe(c.data.checksum);
  });

  it('the known-edge market is the default synthetic market; the GBM/jump market stays available as gbm', async () => {
    const knownEdge = await loadWorkflowCandles({ source: 'synthetic', days: 0.1, seed: 1 });
    const gbm = await loadWorkflowCandles({ source: 'synthetic', days: 0.1, seed: 1, syntheticMarket: 'gbm' });
    expect(knownEdge.data.source).toBe('synthetic:known-edge seed 1');
    expect(gbm.data.source).toBe('synthetic:BTCUSDT_CALIBRATED seed 1');
    // Known-edge bars are built from trades (count and taker-buy volume); the GBM bars from the mid path.
    expect(knownEdge.candles[0].trades).toBeGreaterThan(100);
    expect(gbm.candles[0].trades).toBeUndefined();
    await expect(loadWorkflowCandles({ source: 'synthetic', days: 0.1, syntheticMarket: 'brownian' as never })).rejects.toThrow('--synthetic-market must be one of known-edge, gbm');
  });

  it('refuses symbols without a spec, a file source without a path, and non-positive days', async () => {
    await expect(loadWorkflowCandles({ source: 'synthetic', days: 1, symbol: 'DOGE/USDT' })).rejects.toThrow('--symbol DOGE/USDT');
    await expect(loadWorkflowCandles({ source: 'file', days: 1 })).rejects.toThrow('--data');
    await expect(loadWorkflowCandles({ source: 'synthetic', days: 0 })).rejects.toThrow('--days');
  });

  it('bounds the synthetic market (generated in memory) before generating anything', async () => {
    const started = process.cpuUsage();
    await expect(loadWorkflowCandles({ source: 'synthetic', days: 100_000 })).rejects.toThrow('--days 100000: the synthetic market is generated in memory; allowed range is (0, 366] days');
    await expect(loadWorkflowCandles({ source: 'synthetic', days: Infinity })).rejects.toThrow('allowed range is (0, 366] days');
    expect(process.cpuUsage(started).user).toBeLessThan(2_000_000); // refused, not generated
  });

  it('records what the quality checks dropped from a file (the summary.json and console form)', async () => {
    const { quality } = await loadWorkflowCandles({ source: 'file', dataPath: join(shared, 'binance_btcusdt_1m_2023-03-16_2023-05-01.csv.gz'), days: 40, quality: 'drop' });
    const summary = summarizeQuality(quality as NonNullable<typeof quality>);
    expect(summary).toMatchObject({ policy: 'drop', dropped: 72, marked: 0, gaps: 1, halts: 1, findings: { halt: 72, gap: 1 }, barMs: 60_000, timeUnit: 'milliseconds' });
    expect(qualityLine(summary)).toBe(`data quality (drop): ${summary.rows} rows, ${summary.kept} kept, 72 dropped, 0 marked; halt 72, gap 1`);
  });
});
