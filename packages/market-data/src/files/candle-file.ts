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
      for await (const { line, text } of readTextLines(path)) {
        if (format === undefined || checker === undefined) {
          format = detectCandleFormat(text, path);
          checker = new CandleQualityChecker(path, format, { policy, maxGapMinutes: options.maxGapMinutes });
          holder.quality = checker.report;
          if (format !== 'binance') continue; // header line
        }
        if (text.trim() === '') continue;
        let bar: CandleEvent;
        try {
          bar = parseCandleRow(format, text, path, line, durationMs);
        } catch (error) {
          if (!(error instanceof DataError)) throw error;
          checker.rejectUnparseable(error, line);
          continue;
        }
        if (bar.openTime < from || bar.openTime >= to) continue;
        if (checker.accept(bar, line)) yield bar;
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

/** Close time of the last bar in the file: a cheap first pass that reads only the time column. */
async function lastCloseTime(path: string, durationMs?: number): Promise<number> {
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
