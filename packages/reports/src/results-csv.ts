import { join } from 'node:path';
import { REJECT_REASONS, type RunMetrics } from '@mml/core';
import { writeFileAtomic } from '@mml/core/io';
import type { ResultRow } from './run-summary';

export const RESULTS_FILE = 'results.csv';

/** Metric columns, in a fixed order so files diff cleanly across runs. */
export const METRIC_COLUMNS: ReadonlyArray<keyof RunMetrics> = [
  'startTs', 'endTs', 'events', 'initialEquity', 'finalEquity', 'pnl', 'totalReturn', 'samplingIntervalMs',
  'sharpe', 'sortino', 'calmar', 'maxDrawdown', 'maxDrawdownOfPeak', 'quotes', 'fills', 'makerFills',
  'takerFills', 'buyFills', 'sellFills', 'bidUptime', 'askUptime', 'fillRatio', 'volume', 'notional', 'turnover', 'fees', 'avgAbsInventory', 'maxAbsInventory',
  'timeAtInventoryLimit', 'breakerTrips', 'liquidations',
];

/** The rejectedLevels metric, one column per reason: rejected_edge, rejected_inventory, ... */
export const REJECTED_COLUMNS: readonly string[] = REJECT_REASONS.map((reason) => `rejected_${reason}`);

/**
 * results.csv text: a header, then one line per row (run or fold). Columns: format, tier, budget,
 * fold, phase, seed, params (JSON), every scalar metric, rejected levels per reason, the four gate booleans and the reasons joined
 * with "; ". Fields are quoted per RFC 4180 when they contain a comma, quote or line break.
 */
export function resultsCsv(rows: readonly ResultRow[]): string {
  const header = ['format', 'tier', 'budget', 'fold', 'phase', 'seed', 'params', ...METRIC_COLUMNS, ...REJECTED_COLUMNS, 'gate_pnl', 'gate_sharpe', 'gate_drawdown', 'gate_pass', 'reasons'];
  const lines = [header.map(csvField).join(',')];
  for (const row of rows) {
    const params = row.params ? JSON.stringify(sortedRecord(row.params)) : '';
    const fields: Array<string | number | boolean | undefined> = [
      row.format,
      row.tier,
      row.budget,
      row.fold,
      row.phase,
      row.seed,
      params,
      ...METRIC_COLUMNS.map((column) => row.metrics[column] as number),
      // Rows written before the metric existed have no rejectedLevels: empty cells, not zeros.
      ...REJECT_REASONS.map((reason) => row.metrics.rejectedLevels?.[reason]),
      row.gates.pnl,
      row.gates.sharpe,
      row.gates.drawdown,
      row.gates.pass,
      row.reasons.join('; '),
    ];
    lines.push(fields.map(csvField).join(','));
  }
  return lines.join('\n') + '\n';
}

/** Writes `<dir>/results.csv` atomically. Returns the file path. */
export function writeResultsCsv(dir: string, rows: readonly ResultRow[]): string {
  const path = join(dir, RESULTS_FILE);
  writeFileAtomic(path, resultsCsv(rows));
  return path;
}

/** One CSV field: undefined is empty; text is quoted when it holds a separator, quote, line break or edge space. */
export function csvField(value: string | number | boolean | undefined): string {
  if (value === undefined) return '';
  const text = String(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function sortedRecord(record: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(record).sort()) out[key] = record[key];
  return out;
}
