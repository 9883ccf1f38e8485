import Decimal from 'decimal.js';
import { ConfigError } from './errors';

/**
 * Exact conversion between decimal strings (as exchanges and files print them) and integers on a
 * grid. decimal.js is used here, at the boundary, and nowhere in per-event loops.
 */

/** Number of decimal places of a step such as "0.01" (2) or "0.00001" (5) or "10" (0). */
export function decimalPlaces(step: string): number {
  return new Decimal(step).decimalPlaces();
}

/**
 * Parses a decimal string into an integer count of `step`, exactly. Throws when the value is not
 * a whole multiple of the step (the caller names the field in `what`).
 */
export function parseOnGrid(text: string, step: string, what: string): number {
  let value: Decimal;
  try {
    value = new Decimal(text);
  } catch {
    throw new ConfigError(what, `"${text}" is not a decimal number`);
  }
  const units = value.dividedBy(step);
  if (!units.isInteger()) {
    throw new ConfigError(what, `${text} is not a multiple of ${step}`);
  }
  const n = units.toNumber();
  if (!Number.isSafeInteger(n)) {
    throw new ConfigError(what, `${text} / ${step} does not fit a safe integer`);
  }
  return n;
}

/** Formats an integer count of `step` back to a decimal string, exactly (e.g. 3000001, "0.01" -> "30000.01"). */
export function formatOnGrid(units: number, step: string): string {
  return new Decimal(units).times(step).toFixed(decimalPlaces(step));
}
