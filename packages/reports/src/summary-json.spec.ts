import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { summaryJson, writeSummaryJson } from './summary-json';
import { summaryFixture } from './fixtures.test-helpers';

describe('summary.json', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mml-reports-summary-'));

  it('is byte-identical for identical summaries, whatever the key order they were built in', () => {
    const a = summaryFixture();
    const b = JSON.parse(JSON.stringify(summaryFixture()));
    // Rebuild with reversed key order to prove the output does not depend on insertion order.
    const reversed = Object.fromEntries(Object.entries(b).reverse());
    writeSummaryJson(join(dir, 'a'), a);
    writeSummaryJson(join(dir, "b"), reversed as unknown as typeof a);
    const bytesA = readFileSync(join(dir, 'a', 'summary.json'));
    const bytesB = readFileSync(join(dir, 'b', 'summary.json'));
    expect(bytesA.equals(bytesB)).toBe(true);
  });

  it('carries format, budget, maxDrawdown and boolean gates on every row', () => {
    const parsed = JSON.parse(summaryJson(summaryFixture()));
    expect(parsed.rows).toHaveLength(4);
    for (const row of parsed.rows) {
      expect(typeof row.format).toBe('string');
      expect(typeof row.budget).toBe('number');
      expect(typeof row.metrics.maxDrawdown).toBe('number');
      for (const gate of ['pnl', 'sharpe', 'drawdown', 'pass']) expect(typeof row.gates[gate]).toBe('boolean');
    }
    expect(parsed.rows[2].gates).toEqual({ pnl: true, sharpe: true, drawdown: false, pass: false });
  });

  it('keeps wall-clock facts in `execution` only, so omitting it restores byte identity', () => {
    const timed = { ...summaryFixture(), execution: { runId: '20261124T101500Z-x', wallTimeMs: 1234, workers: 2 } };
    const text = summaryJson(timed);
    expect(text).toContain('"wallTimeMs": 1234');
    const { execution: _execution, ...rest } = timed;
    expect(summaryJson(rest)).toBe(summaryJson(summaryFixture()));
  });

  it('refuses a NaN metric and names where it is', () => {
    const summary = summaryFixture();
    summary.rows[1].metrics.sharpe = NaN;
    expect(() => summaryJson(summary)).toThrow(/rows\[1\]\.metrics\.sharpe/);
  });
});
