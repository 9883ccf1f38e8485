import { DataError } from '@mml/core';

/**
 * Strict text-to-number parsing for data files. JavaScript's Number() accepts far more than a data
 * file should hold: "0x72ce" (hex), "0b11", " 12 ", "Infinity", "1_000" no but "" is 0. Each of those
 * in a price column is a corrupted cell, never a value, so only plain decimal text is accepted here.
 */

/** Plain decimal: optional minus, digits, optional fraction. "42283.58000000", "-1", "0.5". */
const PLAIN_DECIMAL = /^-?\d+(?:\.\d+)?$/;
/** The same with an optional exponent ("1e-7"): only for formats whose writer may print one (our cache). */
const DECIMAL_WITH_EXPONENT = /^-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?$/;
const UNSIGNED_INTEGER = /^\d+$/;

export interface DecimalFieldOptions {
  /** Accept scientific notation ("1e-7"). Default false: Binance and the shared files never print it. */
  allowExponent?: boolean;
}

/** A finite decimal written as plain text; anything else is a DataError naming file, row and field. */
export function parseDecimalField(text: string | undefined, source: string, row: number, field: string, options: DecimalFieldOptions = {}): number {
  if (text === undefined || text === '') throw new DataError({ source, row, field }, 'missing value');
  const pattern = options.allowExponent ? DECIMAL_WITH_EXPONENT : PLAIN_DECIMAL;
  if (!pattern.test(text)) throw new DataError({ source, row, field }, `not a plain decimal number: "${clip(text)}"`);
  const value = Number(text);
  if (!Number.isFinite(value)) throw new DataError({ source, row, field }, `number out of range: "${clip(text)}"`);
  return value;
}

/**
 * A non-negative integer (ids, counts, timestamps). Values above 2^53 are accepted only with
 * `allowImprecise` (nanosecond timestamps, which lose < 1 µs when divided down to ms).
 */
export function parseIntegerField(text: string | undefined, source: string, row: number, field: string, allowImprecise = false): number {
  if (text === undefined || text === '') throw new DataError({ source, row, field }, 'missing value');
  if (!UNSIGNED_INTEGER.test(text)) throw new DataError({ source, row, field }, `not a whole number: "${clip(text)}"`);
  const value = Number(text);
  if (!allowImprecise && !Number.isSafeInteger(value)) throw new DataError({ source, row, field }, `whole number too large: "${clip(text)}"`);
  if (!Number.isFinite(value)) throw new DataError({ source, row, field }, `number out of range: "${clip(text)}"`);
  return value;
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
