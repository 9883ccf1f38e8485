import { join, resolve } from 'node:path';
import { loadWorkflowCandles } from '../src/market-candles';

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

  it('refuses symbols without a spec, a file source without a path, and non-positive days', async () => {
    await expect(loadWorkflowCandles({ source: 'synthetic', days: 1, symbol: 'DOGE/USDT' })).rejects.toThrow('--symbol DOGE/USDT');
    await expect(loadWorkflowCandles({ source: 'file', days: 1 })).rejects.toThrow('--data');
    await expect(loadWorkflowCandles({ source: 'synthetic', days: 0 })).rejects.toThrow('--days');
  });
});
