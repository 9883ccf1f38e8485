import { DataError, type CandleEvent } from '@mml/core';
import { parseNumberField } from './text-lines';

/**
 * The kline file layouts we read:
 * - 'shared':  header `open_time_ms,open,high,low,close,volume` (the ../shared/data files).
 * - 'binance': Binance's public kline dumps (data.binance.vision): 12 columns, no header; since
 *              2025 spot dumps carry microsecond timestamps, which are converted to ms.
 * - 'cache':   our own cache (written by fetchData), header `CACHE_CANDLE_HEADER`.
 */
export type CandleFileFormat = 'shared' | 'binance' | 'cache';

export const SHARED_CANDLE_HEADER = 'open_time_ms,open,high,low,close,volume';
export const CACHE_CANDLE_HEADER = 'open_time_ms,duration_ms,open,high,low,close,volume,quote_volume,trades,taker_buy_volume';

/** Timestamps above this are microseconds (ms timestamps stay below it until the year 5138). */
const MICROSECOND_THRESHOLD = 1e14;

/** Detects the layout from the first line, or throws a DataError naming the file. */
export function detectCandleFormat(firstLine: string, source: string): CandleFileFormat {
  const trimmed = firstLine.trim();
  if (trimmed === SHARED_CANDLE_HEADER) return 'shared';
  if (trimmed === CACHE_CANDLE_HEADER) return 'cache';
  const cells = trimmed.split(',');
  if (cells.length === 12 && /^\d+$/.test(cells[0])) return 'binance';
  throw new DataError({ source, row: 1 }, `unrecognised kline format (first line "${trimmed.slice(0, 80)}")`);
}

/** Interval in ms from a Binance-style token in a file name, e.g. "_1m_" or "-5m.", if any. */
export function intervalFromFileName(path: string): number | undefined {
  const match = /[_-](\d+)([smhd])[_.-]/.exec(path.split('/').pop() ?? '');
  if (!match) return undefined;
  const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as 's' | 'm' | 'h' | 'd'];
  return Number(match[1]) * unit;
}

/** Parses one data row into a CandleEvent (ts = openTime + durationMs: a bar is known at its close). */
export function parseCandleRow(format: CandleFileFormat, text: string, source: string, row: number, defaultDurationMs: number): CandleEvent {
  const cells = text.split(',');
  const num = (index: number, field: string) => parseNumberField(cells[index], source, row, field);
  if (format === 'shared') {
    if (cells.length !== 6) throw new DataError({ source, row }, `expected 6 columns, found ${cells.length}`);
    const openTime = num(0, 'open_time_ms');
    return candle(openTime, defaultDurationMs, num(1, 'open'), num(2, 'high'), num(3, 'low'), num(4, 'close'), num(5, 'volume'));
  }
  if (format === 'cache') {
    if (cells.length !== 10) throw new DataError({ source, row }, `expected 10 columns, found ${cells.length}`);
    const event = candle(num(0, 'open_time_ms'), num(1, 'duration_ms'), num(2, 'open'), num(3, 'high'), num(4, 'low'), num(5, 'close'), num(6, 'volume'));
    if (cells[7] !== '') event.quoteVolume = num(7, 'quote_volume');
    if (cells[8] !== '') event.trades = num(8, 'trades');
    if (cells[9] !== '') event.takerBuyVolume = num(9, 'taker_buy_volume');
    return event;
  }
  if (cells.length !== 12) throw new DataError({ source, row }, `expected 12 columns, found ${cells.length}`);
  let openTime = num(0, 'open_time');
  let closeTime = num(6, 'close_time');
  // Binance close time is inclusive (open + interval - 1 unit), in the same unit as open time.
  let unitMs = 1;
  if (openTime > MICROSECOND_THRESHOLD) unitMs = 0.001;
  openTime = Math.floor(openTime * unitMs);
  closeTime = closeTime * unitMs;
  const durationMs = Math.round(closeTime - openTime + unitMs);
  const event = candle(openTime, durationMs, num(1, 'open'), num(2, 'high'), num(3, 'low'), num(4, 'close'), num(5, 'volume'));
  event.quoteVolume = num(7, 'quote_volume');
  event.trades = num(8, 'trades');
  event.takerBuyVolume = num(9, 'taker_buy_base_volume');
  return event;
}

function candle(openTime: number, durationMs: number, open: number, high: number, low: number, close: number, volume: number): CandleEvent {
  return { kind: 'candle', ts: openTime + durationMs, openTime, durationMs, open, high, low, close, volume };
}

/**
 * One cache-format row. `text` is the source's own [open, high, low, close, volume] strings, kept
 * verbatim when given (digit for digit); otherwise numbers print as JS shortest round-trip text.
 */
export function formatCacheRow(c: CandleEvent, text?: readonly string[]): string {
  const opt = (v: number | undefined) => (v === undefined ? '' : String(v));
  const ohlcv = text ?? [c.open, c.high, c.low, c.close, c.volume].map(String);
  return [c.openTime, c.durationMs, ...ohlcv, opt(c.quoteVolume), opt(c.trades), opt(c.takerBuyVolume)].join(',');
}
