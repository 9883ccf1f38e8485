import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { DataError } from '@mml/core';

/** One capture: its files in order (a capture split at midnight is several files, read as one). */
export interface CaptureGroup {
  /** The capture's name: the file name without its date and extension, e.g. `binance_usdm_btcusdt`. */
  name: string;
  files: string[];
  /** 'raw': `<local time> <JSON>` websocket captures; 'csv': the flattened tick CSVs (trades, bookticker, depth). */
  format: 'raw' | 'csv';
}

const TICK_CSV = /_(trades|bookticker|depth)\.csv(\.gz)?$/;

const DATE = /_(\d{4}-\d{2}-\d{2})(?=\.|$)/;

/**
 * Groups capture files (and the capture files of given directories) into captures: files in one
 * directory whose names differ only by their `_YYYY-MM-DD` date, on consecutive days, form one
 * capture, ordered by date (a capture split at midnight). Directories contribute their `*.gz` files
 * that are not CSVs. Flattened tick CSVs given as files (`<prefix>_trades.csv.gz`, `_bookticker`,
 * `_depth`) form one group per prefix. Raw captures come first, in order of appearance.
 */
export function groupCaptureFiles(paths: string[]): CaptureGroup[] {
  const files: string[] = [];
  for (const p of paths) {
    let isDir: boolean;
    try {
      isDir = statSync(p).isDirectory();
    } catch {
      throw new DataError({ source: p }, 'no such file or directory');
    }
    if (!isDir) files.push(p);
    else
      for (const f of readdirSync(p).sort())
        if (f.endsWith('.gz') && !f.endsWith('.csv.gz')) files.push(join(p, f));
  }
  const groups = new Map<string, { name: string; files: Array<{ file: string; date: string }> }>();
  const csv = new Map<string, CaptureGroup>();
  for (const file of files) {
    if (TICK_CSV.test(file)) {
      // The flattened CSVs of one recording share a prefix: <prefix>_trades.csv.gz etc.
      const prefix = file.replace(TICK_CSV, '');
      const group = csv.get(prefix) ?? { name: basename(prefix), files: [], format: 'csv' as const };
      if (!group.files.includes(file)) group.files.push(file);
      csv.set(prefix, group);
      continue;
    }
    const name = basename(file);
    const date = DATE.exec(name)?.[1] ?? '';
    const stem = name.replace(DATE, '').replace(/(\.dat)?\.gz$/, '');
    const key = join(dirname(file), name.replace(DATE, ''));
    const group = groups.get(key) ?? { name: stem, files: [] };
    if (!group.files.some((f) => f.file === file)) group.files.push({ file, date });
    groups.set(key, group);
  }
  const out: CaptureGroup[] = [];
  for (const g of groups.values()) {
    const sorted = g.files.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    let run: CaptureGroup | undefined;
    let prevDay = NaN;
    for (const { file, date } of sorted) {
      const day = date === '' ? NaN : Date.parse(`${date}T00:00:00Z`) / 86_400_000;
      if (!run || !(day === prevDay + 1)) {
        run = { name: date === '' ? g.name : `${g.name}_${date}`, files: [], format: 'raw' };
        out.push(run);
      }
      run.files.push(file);
      prevDay = day;
    }
  }
  return [...out, ...csv.values()];
}
