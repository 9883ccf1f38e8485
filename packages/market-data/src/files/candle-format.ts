import { DataError, type CandleEvent } from '@mml/core';
import { epochToMs, epochUnitOf, implausibleTime, timestampToMs, type EpochUnit } from './epoch-time';
import { parseDecimalField, parseIntegerField, type DecimalFieldOptions } from './strict-number';

/**
 * The kline file layouts we read:
 * - 'shared':  header `open_time_ms,open,high,low,close,volume` (the ../shared/data files). The bar
 *              length is not in the file: readCandleFile infers it from timestamp spacing.
 * - 'binance': Binance's public kline dumps (data.binance.vision): 12 columns, no header; since
 *              2025 spot dumps carry microsecond timestamps. The bar length is close - open + 1 unit.
 * - 'cache':   our own cache (written by fetchData), header `CACHE_CANDLE_HEADER`, with a duration column.
 * Whatever a header says, the timestamp unit (s, ms, µs, ns) is read from the magnitude (see
 * epoch-time.ts) and converted to ms; all rows of a file must share it.
 */
export type CandleFileFormat = 'shared' | 'binance' | 'cache';

export const SHARED_CANDLE_HEADER = 'open_time_ms,open,high,low,close,volume';
export const CACHE_CANDLE_HEADER = 'open_time_ms,duration_ms,open,high,low,close,volume,quote_volume,trades,taker_buy_volume';

/** Detects the layout from the first line, or throws a DataError naming the file. */
export function detectCandleFormat(firstLine: string, source: string): CandleFileFormat {
  const trimmed = firstLine.trim();
  if (trimmed === SHARED_CANDLE_HEADER) return 'shared';
  if (trimmed === CACHE_CANDLE_HEADER) return 'cache';
  const cells = trimmed.split(',');
  if (cells.length === 12 && /^\d+$/.test(cells[0])) return 'binance';
  throw new DataError({ source, row: 1 }, `unrecognised kline format (first line "${trimmed.slice(0, 80)}")`);
}

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/**
 * Interval in ms from a Binance-style token in a file name, e.g. "_1m_" or "-5m.", if any. A name
 * only ever confirms the bar length the data shows; it never sets it (see readCandleFile).
 */
export function intervalFromFileName(path: string): number | undefined {
  const match = /[_-](\d+)([smhdw])[_.-]/.exec(path.split('/').pop() ?? '');
  if (!match) return undefined;
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}

/** "1m", "5m", "10s", "2d", or "90500 ms": how the README and error messages name a bar length. */
export function formatBarLength(ms: number): string {
  for (const unit of ['w', 'd', 'h', 'm', 's'] as const) {
    if (ms >= UNIT_MS[unit] && ms % UNIT_MS[unit] === 0) return `${ms / UNIT_MS[unit]}${unit}`;
  }
  return `${ms} ms`;
}

/** The shortest and longest bar lengths we accept (Binance's 1s and 1M klines). */
export const MIN_BAR_MS = 1_000;
export const MAX_BAR_MS = 31 * 86_400_000;

/** Per-file parsing state: the timestamp unit, fixed by the first plausible time in the file. */
export interface CandleRowContext {
  source: string;
  /** Reader's clock (ms) for the "not in the future" bound. */
  nowMs: number;
  unit?: EpochUnit;
}

/** parseDecimalField's options for the plain layouts and for our cache's. */
const PLAIN: DecimalFieldOptions = {};
const WITH_EXPONENT: DecimalFieldOptions = { allowExponent: true };

/**
 * Parses one data row into a CandleEvent (ts = openTime + durationMs: a bar is known at its close).
 * For the shared format `barMs` is the series' bar length (NaN while it is not yet known; the
 * caller fills it in). Every malformed cell is a DataError naming file, row and field; an
 * implausible time is an ImplausibleTimeError.
 */
export function parseCandleRow(format: CandleFileFormat, text: string, ctx: CandleRowContext, row: number, barMs: number): CandleEvent {
  if (format === 'shared') {
    const bar = parseSharedRowFast(text, ctx, row, barMs);
    if (bar !== undefined) return bar;
  }
  return parseCandleRowStrict(format, text, ctx, row, barMs);
}

/** parseCandleRow without the shared layout's fast path: every row cell by cell (tests compare the two). */
export function parseCandleRowStrict(format: CandleFileFormat, text: string, ctx: CandleRowContext, row: number, barMs: number): CandleEvent {
  const source = ctx.source;
  const cells = text.split(',');
  // Our cache's writer prints JS numbers, which may use an exponent. (Options shared, not built per cell: ~0.1 M rows per file.)
  const numberOptions = format === 'cache' ? WITH_EXPONENT : PLAIN;
  const num = (index: number, field: string) => parseDecimalField(cells[index], source, row, field, numberOptions);
  const time = (index: number, field: string) => readTime(parseIntegerField(cells[index], source, row, field, true), ctx, row, field);
  if (format === 'shared') {
    if (cells.length !== 6) throw new DataError({ source, row }, `expected 6 columns, found ${cells.length}`);
    const openTime = time(0, 'open_time_ms').ms;
    return candle(openTime, barMs, num(1, 'open'), num(2, 'high'), num(3, 'low'), num(4, 'close'), num(5, 'volume'));
  }
  if (format === 'cache') {
    if (cells.length !== 10) throw new DataError({ source, row }, `expected 10 columns, found ${cells.length}`);
    const durationMs = barLength(parseIntegerField(cells[1], source, row, 'duration_ms'), { source, row, field: 'duration_ms' });
    const event = candle(time(0, 'open_time_ms').ms, durationMs, num(2, 'open'), num(3, 'high'), num(4, 'low'), num(5, 'close'), num(6, 'volume'));
    if (cells[7] !== '') event.quoteVolume = num(7, 'quote_volume');
    if (cells[8] !== '') event.trades = parseIntegerField(cells[8], source, row, 'trades');
    if (cells[9] !== '') event.takerBuyVolume = num(9, 'taker_buy_volume');
    return event;
  }
  if (cells.length !== 12) throw new DataError({ source, row }, `expected 12 columns, found ${cells.length}`);
  const open = time(0, 'open_time');
  const closeRaw = parseIntegerField(cells[6], source, row, 'close_time', true);
  // Binance's close time is inclusive (open + interval - 1 unit), in the same unit as the open time.
  if (!(closeRaw > open.raw)) throw new DataError({ source, row, field: 'close_time' }, `close time ${cells[6]} is not after open time ${cells[0]}`);
  const durationMs = barLength(epochToMs(closeRaw + 1, open.unit) - epochToMs(open.raw, open.unit), { source, row, field: 'close_time' });
  const event = candle(open.ms, durationMs, num(1, 'open'), num(2, 'high'), num(3, 'low'), num(4, 'close'), num(5, 'volume'));
  event.quoteVolume = num(7, 'quote_volume');
  event.trades = parseIntegerField(cells[8], source, row, 'trades');
  event.takerBuyVolume = num(9, 'taker_buy_base_volume');
  return event;
}

/** 10^k for k in [0, 22]: every one is exact in a double. */
const POW10 = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];
/** Digits a fast-path number may have: below 10^15 < 2^53 its digits are an exact integer. */
const FAST_DIGITS = 15;
const DIGIT_0 = 48;
const DIGIT_9 = 57;
const COMMA = 44;
const MINUS = 45;
const DOT = 46;

/**
 * The shared layout's row (`open_time_ms,open,high,low,close,volume`) in one scan of the text, for
 * the common case only: six cells, a whole-number time and plain decimals of at most 15 digits.
 * Anything else (another column count, a sign, exponent, space or letter, more digits, an empty
 * cell) returns undefined, and the caller parses the row strictly, which gives the value or the
 * error. Where it does return a bar it is the strict parse's, bit for bit: the time's digits are an
 * exact integer (as Number() reads them), and a decimal with digits M (an integer below 2^53) and
 * k fraction digits is M / 10^k, one correctly rounded division of two exact doubles, which is the
 * correctly rounded value of the text, as Number() gives. The time goes through the same readTime.
 */
function parseSharedRowFast(text: string, ctx: CandleRowContext, row: number, barMs: number): CandleEvent | undefined {
  const n = text.length;
  let i = 0;
  let time = 0;
  let digits = 0;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < DIGIT_0 || c > DIGIT_9) break;
    time = time * 10 + (c - DIGIT_0);
    digits++;
  }
  if (digits === 0 || digits > FAST_DIGITS || i >= n || text.charCodeAt(i) !== COMMA) return undefined;
  const values = FAST_VALUES;
  for (let cell = 0; cell < 5; cell++) {
    i++; // past the comma
    let negative = false;
    if (i < n && text.charCodeAt(i) === MINUS) {
      negative = true;
      i++;
    }
    // Digits, at most one dot after at least one digit; then the fraction must have digits too.
    let mantissa = 0;
    let intDigits = 0;
    let fracDigits = 0;
    let dot = false;
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c >= DIGIT_0 && c <= DIGIT_9) {
        mantissa = mantissa * 10 + (c - DIGIT_0);
        if (dot) fracDigits++;
        else intDigits++;
      } else if (c === DOT && !dot && intDigits > 0) dot = true;
      else break;
    }
    if (intDigits === 0 || (dot && fracDigits === 0)) return undefined;
    if (intDigits + fracDigits > FAST_DIGITS) return undefined;
    // The last cell ends the line; the others end at a comma.
    if (cell < 4 ? i >= n || text.charCodeAt(i) !== COMMA : i !== n) return undefined;
    const value = mantissa / POW10[fracDigits];
    values[cell] = negative ? -value : value;
  }
  const openTime = readTime(time, ctx, row, 'open_time_ms').ms;
  return candle(openTime, barMs, values[0], values[1], values[2], values[3], values[4]);
}

/** Scratch cells of parseSharedRowFast (read out before it returns). */
const FAST_VALUES = new Float64Array(5);

/** A time cell in the file's unit; the first plausible time of a file fixes that unit. */
function readTime(raw: number, ctx: CandleRowContext, row: number, field: string): { raw: number; ms: number; unit: EpochUnit } {
  const at = { source: ctx.source, row, field };
  if (ctx.unit === undefined) {
    const unit = epochUnitOf(raw, ctx.nowMs);
    if (unit === undefined) throw implausibleTime(raw, at, ctx.nowMs);
    ctx.unit = unit;
  }
  return { raw, ms: timestampToMs(raw, ctx.unit, at, ctx.nowMs), unit: ctx.unit };
}

function barLength(ms: number, at: { source: string; row: number; field: string }): number {
  const rounded = Math.round(ms);
  if (!(rounded >= MIN_BAR_MS && rounded <= MAX_BAR_MS)) {
    throw new DataError(at, `bar length ${ms} ms is outside ${formatBarLength(MIN_BAR_MS)}..${formatBarLength(MAX_BAR_MS)}`);
  }
  return rounded;
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
