import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { stableStringify, type CandleEvent } from '@mml/core';
import { runBacktest } from './run-backtest';
import { BTC, fixedSpread } from './testing.test-helpers';

// The shared real data lives outside the repo: MML_SHARED_DATA or <repo>/../shared/data.
const dataDir = process.env['MML_SHARED_DATA'] ?? resolve(__dirname, '../../../../shared/data');
const file = resolve(dataDir, 'binance_btcusdt_1m_2023-03-16_2023-05-01.csv.gz');
const maybe = existsSync(file) ? describe : describe.skip;

function readBars(count: number): CandleEvent[] {
  const lines = gunzipSync(readFileSync(file)).toString('utf8').split('\n');
  return lines.slice(1, 1 + count).map((line) => {
    const [openTime, open, high, low, close, volume] = line.split(',').map(Number);
    return { kind: 'candle', ts: openTime + 60_000, openTime, durationMs: 60_000, open, high, low, close, volume };
  });
}

maybe('shared BTC/USDT 1m data', () => {
  it('runs a fixed-spread quoter over 10 days: every metric finite, the run byte-for-byte reproducible', () => {
    const bars = readBars(14_400);
    const run = () => runBacktest({ events: bars, instrument: BTC, strategy: fixedSpread(15, 0.002), config: { initialInventory: 0.1 } });
    const first = run();
    const json = stableStringify(first.metrics);
    expect(stableStringify(run().metrics)).toBe(json);
    expect(first.metrics.events).toBe(14_400);
    expect(first.metrics.fills).toBeGreaterThan(0);
    expect(first.metrics.fees).toBeGreaterThan(0);
    // One sample per minute of wall time: the 80-minute halt gap of 2023-03-24 is sampled flat.
    const { startTs, endTs } = first.metrics;
    expect(first.equityCurve.length).toBe((endTs - startTs) / 60_000 + 1);
    expect(first.equityCurve.length).toBe(14_480);
    // Rows span several storage chunks: strictly increasing on the minute grid, ending at the final equity.
    const curve = first.equityCurve;
    expect(curve.every((row, i) => i === 0 || row.ts - curve[i - 1].ts === 60_000)).toBe(true);
    expect(curve[0].equity).toBeCloseTo(first.metrics.initialEquity, 6);
    expect(curve[curve.length - 1].equity).toBeCloseTo(first.metrics.finalEquity, 9);
    // The curve is plain JSON (no NaN): reports can write it as is.
    expect(() => stableStringify(first.equityCurve)).not.toThrow();
  });
});
