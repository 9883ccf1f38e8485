import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REJECT_REASONS } from '@mml/core';
import { runResearch } from '../src/research';
import { DEFAULT_START_BASE_FRACTION, workflowEngineConfig } from '../src/starting-position';

describe('starting position of workflow runs (--start-base-fraction)', () => {
  it('defaults to half the budget in base; an explicit option wins over the engine config; out of range is refused naming the option', () => {
    expect(DEFAULT_START_BASE_FRACTION).toBe(0.5);
    expect(workflowEngineConfig(undefined, undefined, 1000)).toEqual({ startBaseFraction: 0.5, quoteBudget: 1000 });
    expect(workflowEngineConfig({ startBaseFraction: 0.2, allowShort: true }, undefined, 1000)).toEqual({ startBaseFraction: 0.2, allowShort: true, quoteBudget: 1000 });
    expect(workflowEngineConfig({ startBaseFraction: 0.2 }, 0, 1000)['startBaseFraction']).toBe(0);
    expect(() => workflowEngineConfig(undefined, 1.5, 1000)).toThrow(/--start-base-fraction must be a number in \[0, 1\].*got 1\.5/);
    expect(() => workflowEngineConfig(undefined, Number.NaN, 1000)).toThrow(RangeError);
  });

  it('research rows start with base held, sell from the start, and report fills per side, uptime per side and rejected levels by reason', async () => {
    const out = mkdtempSync(join(tmpdir(), 'start-base-'));
    const run = (startBaseFraction: number) =>
      runResearch({ source: 'synthetic', days: 0.25, tiers: [10_000], formats: 'fixed-spread,as-baseline', seed: 3, rlWarmupDays: 0, workers: 1, artifactsRoot: out, startBaseFraction });
    const half = await run(0.5);
    const cashOnly = await run(0);
    expect(half.summary.inputs['startBaseFraction']).toBe(0.5);
    for (const row of half.summary.rows) {
      const m = row.metrics;
      expect(m.initialEquity).toBeCloseTo(10_000, 0);
      expect(m.buyFills + m.sellFills).toBe(m.fills);
      expect(m.askUptime).toBeGreaterThan(0);
      expect(m.bidUptime).toBeGreaterThan(0);
      expect(Object.keys(m.rejectedLevels).sort()).toEqual([...REJECT_REASONS].sort());
    }
    // With cash only, no ask can rest before the first bid fills; with half in base it rests from the first bar.
    const ask = (r: typeof half) => r.summary.rows.find((row) => row.format === 'fixed-spread')!.metrics.askUptime;
    expect(ask(half)).toBeGreaterThan(ask(cashOnly));
    const csv = readFileSync(join(half.dir, 'results.csv'), 'utf8').split('\n')[0].split(',');
    for (const column of ['buyFills', 'sellFills', 'bidUptime', 'askUptime', 'rejected_edge', 'rejected_inventory', 'rejected_balance', 'rejected_postOnly', 'rejected_minNotional', 'rejected_lot']) expect(csv).toContain(column);
    const html = readFileSync(half.reportPath, 'utf8');
    expect(html).toContain('uptime bid / ask');
    expect(html).toContain('rejected levels');
  });
});

describe('perpetual runs (--symbol BTC/USDT:USDT)', () => {
  it('start flat with allowShort by default (explicit settings win)', () => {
    const perp = { symbol: 'BTC/USDT:USDT' };
    expect(workflowEngineConfig(undefined, undefined, 1000, perp)).toEqual({ allowShort: true, startBaseFraction: 0, quoteBudget: 1000 });
    expect(workflowEngineConfig({ allowShort: false }, 0.3, 1000, perp)).toEqual({ allowShort: false, startBaseFraction: 0.3, quoteBudget: 1000 });
    expect(workflowEngineConfig(undefined, undefined, 1000, { symbol: 'BTC/USDT' })).toEqual({ startBaseFraction: 0.5, quoteBudget: 1000 });
  });

  it('research on the USD-M perp spec quotes asks from a flat start (short), which spot cannot', async () => {
    const out = mkdtempSync(join(tmpdir(), 'perp-'));
    const run = (symbol: string) => runResearch({ source: 'synthetic', days: 0.25, tiers: [10_000], formats: 'fixed-spread', seed: 3, rlWarmupDays: 0, workers: 1, artifactsRoot: out, symbol, startBaseFraction: symbol.includes(':') ? undefined : 0 });
    const perp = await run('BTC/USDT:USDT');
    const spot = await run('BTC/USDT');
    expect(perp.summary.inputs['instrument']).toMatchObject({ symbol: 'BTC/USDT:USDT', tickSize: '0.1', lotSize: '0.001', minNotional: '100', makerFee: '0.0002', takerFee: '0.0005' });
    expect(perp.summary.inputs['startBaseFraction']).toBe(0);
    const askUptime = (r: typeof perp) => r.summary.rows[0].metrics.askUptime;
    expect(askUptime(perp)).toBeGreaterThan(0.9);
    expect(askUptime(perp)).toBeGreaterThan(askUptime(spot));
  });
});
