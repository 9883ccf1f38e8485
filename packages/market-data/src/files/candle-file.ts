import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DataError, type CandleEvent } from '@mml/core';
import { CandleQualityChecker, emptyQualityReport, type DataQualityReport, type QualityPolicy } from '../quality/candle-quality';
import { detectCandleFormat, intervalFromFileName, parseCandleRow, type CandleFileFormat } from './candle-format';
import { readTextLines } from './text-lines';

export interface CandleFileOptions {
  /** What to do with bad bars (default 'fail'). See QualityPolicy. */
  policy?: QualityPolicy;
  /** Bar length for files that do not carry it (the shared format). Default: from the file name (`_1m_`), else 60 000. */
  durationMs?: number;
  /** Only bars with openTime >= fromOpenTime (ms) are read and checked. */
  fromOpenTime?: number;
  /** Only bars with openTime < toOpenTime (ms) are read and checked. */
  toOpenTime?: number;
  /** A gap longer than this is fatal under 'fail'. Default: gaps are reported, never fatal. */
  maxGapMinutes?: number;
}

/** An async iterable of candles whose `quality` report fills in as the file streams. */
export interface CandleStream extends AsyncIterable<CandleEvent> {
  readonly quality: DataQualityReport;
}

/**
 * Streams the klines of a CSV or CSV.gz file (format auto-detected: shared header format, Binance
 * dumps in ms or µs, our cache format), checking data quality bar by bar under `policy`.
 * `path` may also be a fetchData cache directory: its day chunks are read in order as one series
 * (checks run across chunk boundaries), limited to its manifest's range unless from/to are given.
 */
export function readCandleFile(path: string, options: CandleFileOptions = {}): CandleStream {
  const policy = options.policy ?? 'fail';
  const holder = { quality: emptyQualityReport(path, 'unknown', policy) };
  const stream = {
    get quality() {
      return holder.quality;
    },
    async *[Symbol.asyncIterator](): AsyncGenerator<CandleEvent> {
      let format: CandleFileFormat | undefined;
      let checker: CandleQualityChecker | undefined;
      const durationMs = options.durationMs ?? intervalFromFileName(path) ?? 60_000;
      const from = options.fromOpenTime ?? -Infinity;
      const to = options.toOpenTime ?? Infinity;
      const { files, range } = candleFilesOf(path);
      const fromBound = Math.max(from, range.from);
      const toBound = Math.min(to, range.to);
      for (const file of files) {
        let fileFormat: CandleFileFormat | undefined;
        for await (const { line, text } of readTextLines(file)) {
          if (fileFormat === undefined) {
            fileFormat = detectCandleFormat(text, file);
            format ??= fileFormat;
            checker ??= new CandleQualityChecker(path, fileFormat, { policy, maxGapMinutes: options.maxGapMinutes });
            checker.currentSource = file;
            holder.quality = checker.report;
            if (fileFormat !== 'binance') continue; // header line
          }
          if (checker === undefined) continue;
          if (text.trim() === '') continue;
          let bar: CandleEvent;
          try {
            bar = parseCandleRow(fileFormat, text, file, line, durationMs);
          } catch (error) {
            if (!(error instanceof DataError)) throw error;
            checker.rejectUnparseable(error, line);
            continue;
          }
          if (bar.openTime < fromBound || bar.openTime >= toBound) continue;
          if (checker.accept(bar, line)) yield bar;
        }
      }
      if (format === undefined) throw new DataError({ source: path }, 'empty file');
    },
  };
  return stream;
}

export interface LoadCandlesOptions extends CandleFileOptions {
  /** Keep only the last N days of the file, ending at its last bar's close (checks apply to that window only). */
  lastDays?: number;
}

/** Loads a kline file into memory with its quality report (30 days of 1m bars is ~43k objects). */
export async function loadCandles(path: string, options: LoadCandlesOptions = {}): Promise<{ candles: CandleEvent[]; quality: DataQualityReport }> {
  let fromOpenTime = options.fromOpenTime;
  if (options.lastDays !== undefined) {
    if (!(options.lastDays > 0)) throw new RangeError(`lastDays must be > 0, got ${options.lastDays}`);
    const end = await lastCloseTime(path, options.durationMs);
    const windowStart = end - options.lastDays * 86_400_000;
    fromOpenTime = Math.max(windowStart, fromOpenTime ?? -Infinity);
  }
  const stream = readCandleFile(path, { ...options, fromOpenTime });
  const candles: CandleEvent[] = [];
  for await (const bar of stream) candles.push(bar);
  return { candles, quality: stream.quality };
}

/** The kline files behind `path` (itself, or a cache directory's day chunks) and the range to read. */
function candleFilesOf(path: string): { files: string[]; range: { from: number; to: number } } {
  if (!statSync(path).isDirectory()) return { files: [path], range: { from: -Infinity, to: Infinity } };
  const files = readdirSync(path)
    .filter((f) => /^\d{4}-\d{2}-\d{2}\.csv(\.gz)?$/.test(f))
    .sort()
    .map((f) => join(path, f));
  if (files.length === 0) throw new DataError({ source: path }, 'directory holds no YYYY-MM-DD.csv kline chunks');
  const manifestPath = join(path, 'manifest.json');
  if (existsSync(manifestPath)) {
    try {
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { range?: { from?: number; to?: number } };
      return { files, range: { from: manifest.range?.from ?? -Infinity, to: manifest.range?.to ?? Infinity } };
    } catch (error) {
      throw new DataError({ source: manifestPath }, `unreadable manifest: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { files, range: { from: -Infinity, to: Infinity } };
}

/** Close time of the last bar in the file (or in a cache directory's range): a cheap first pass. */
async function lastCloseTime(path: string, durationMs?: number): Promise<number> {
  const { files, range } = candleFilesOf(path);
  if (files.length > 1 || Number.isFinite(range.to)) {
    let end = -Infinity;
    for await (const bar of readCandleFile(path, { policy: 'mark', durationMs })) end = bar.ts;
    if (!Number.isFinite(end)) throw new DataError({ source: path }, 'no bars');
    return end;
  }
  let last = -Infinity;
  let format: CandleFileFormat | undefined;
  let lastLine = '';
  let lastRow = 0;
  for await (const { line, text } of readTextLines(path)) {
    if (format === undefined) {
      format = detectCandleFormat(text, path);
      if (format !== 'binance') continue;
    }
    if (text.trim() === '') continue;
    lastLine = text;
    lastRow = line;
  }
  if (format !== undefined && lastLine !== '') {
    const bar = parseCandleRow(format, lastLine, path, lastRow, durationMs ?? intervalFromFileName(path) ?? 60_000);
    last = bar.ts;
  }
  if (!Number.isFinite(last)) throw new DataError({ source: path }, 'no bars in file');
  return last;
}
