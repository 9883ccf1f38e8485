import { join } from 'node:path';
import { stableStringify } from '@mml/core';
import { writeFileAtomic } from '@mml/core/io';
import type { RunSummary } from './run-summary';

export const SUMMARY_FILE = 'summary.json';

/**
 * The exact bytes of summary.json: sorted keys, 2-space indent, trailing newline. Identical
 * summaries give identical bytes. Non-finite numbers (NaN Sharpe...) are refused with the JSON
 * path of the offending value, because JSON cannot carry them and silently writing null would
 * hide a metric bug.
 */
export function summaryJson(summary: RunSummary): string {
  return stableStringify(summary, 2) + '\n';
}

/** Writes `<dir>/summary.json` atomically. Returns the file path. */
export function writeSummaryJson(dir: string, summary: RunSummary): string {
  const path = join(dir, SUMMARY_FILE);
  writeFileAtomic(path, summaryJson(summary));
  return path;
}
