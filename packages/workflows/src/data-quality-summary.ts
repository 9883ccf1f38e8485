import type { DataQualityReport, QualityFindingKind } from '@mml/market-data';

/** What summary.json records about the data-quality checks of the candles a run used. */
export interface DataQualitySummary {
  policy: string;
  /** Data rows examined inside the run's window. */
  rows: number;
  kept: number;
  dropped: number;
  /** Bars kept but flagged (under 'mark': halts, price spikes). */
  marked: number;
  gaps: number;
  halts: number;
  /** Findings per kind, only the kinds that occurred, in a fixed order. */
  findings: Partial<Record<QualityFindingKind, number>>;
  /** Bar length from the data, ms. */
  barMs: number | null;
  /** Unit the file's timestamps were written in. */
  timeUnit: string | null;
}

/** The summary.json record of a quality report (both research and walk-forward write it). */
export function summarizeQuality(report: DataQualityReport): DataQualitySummary {
  const findings: Partial<Record<QualityFindingKind, number>> = {};
  for (const [kind, count] of Object.entries(report.counts) as Array<[QualityFindingKind, number]>) if (count > 0) findings[kind] = count;
  return {
    policy: report.policy,
    rows: report.rows,
    kept: report.kept,
    dropped: report.dropped,
    marked: report.marked,
    gaps: report.gaps.length,
    halts: report.halts.length,
    findings,
    barMs: report.barMs ?? null,
    timeUnit: report.timeUnit ?? null,
  };
}

/**
 * One console line, so a user sees at once when bars were dropped or marked, e.g.
 * "data quality (drop): 2880 rows, 2808 kept, 72 dropped, 0 marked; halt 72, gap 1".
 */
export function qualityLine(summary: DataQualitySummary): string {
  const kinds = Object.entries(summary.findings).map(([kind, n]) => `${kind} ${n}`);
  return `data quality (${summary.policy}): ${summary.rows} rows, ${summary.kept} kept, ${summary.dropped} dropped, ${summary.marked} marked${kinds.length > 0 ? `; ${kinds.join(', ')}` : ''}`;
}
