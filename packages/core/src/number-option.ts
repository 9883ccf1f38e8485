import { UsageError } from './errors';

/** The allowed values of a numeric command-line option. */
export interface NumberRange {
  min?: number;
  max?: number;
  /** min itself is not allowed (e.g. days > 0). */
  exclusiveMin?: boolean;
  integer?: boolean;
}

/** "an integer in [1, 100]", "a number in (0, 3650]", "a number >= 0". */
export function describeRange(range: NumberRange): string {
  const kind = range.integer ? 'an integer' : 'a number';
  if (range.min !== undefined && range.max !== undefined) return `${kind} in ${range.exclusiveMin ? '(' : '['}${range.min}, ${range.max}]`;
  if (range.min !== undefined) return `${kind} ${range.exclusiveMin ? '>' : '>='} ${range.min}`;
  if (range.max !== undefined) return `${kind} <= ${range.max}`;
  return kind;
}

/**
 * Parses a numeric option strictly at parse time: the whole text must be a finite decimal number
 * (no "abc", "", "0x10", "Infinity") within `range`; else a UsageError naming the option, the
 * allowed range and what was given, e.g. `--backoff-ms must be an integer in [1, 3600000], got "-100"`.
 */
export function parseNumberOption(option: string, raw: unknown, range: NumberRange): number {
  const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : Array.isArray(raw) ? '(given more than once)' : String(raw);
  const value = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) ? Number(text) : NaN;
  const ok =
    Number.isFinite(value) &&
    (!range.integer || Number.isInteger(value)) &&
    (range.min === undefined || (range.exclusiveMin ? value > range.min : value >= range.min)) &&
    (range.max === undefined || value <= range.max);
  if (!ok) throw new UsageError(`--${option} must be ${describeRange(range)}, got "${Array.isArray(raw) ? raw.join('", "') : text}"`);
  return value;
}
