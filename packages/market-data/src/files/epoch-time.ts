import { DataError } from '@mml/core';

/**
 * Epoch timestamps in data files: which unit a number is in, and whether it is a plausible time
 * for market data at all.
 *
 * Bounds (documented in the README): no crypto market data predates Bitcoin's genesis block
 * (2009-01-03), and no closed bar or recorded tick lies more than one day after "now" (the day
 * absorbs clock skew between the recorder and this machine). Inside that window the four units
 * differ by a factor of 1000 and their ranges cannot overlap (seconds are ~1.2e9..1.8e9, ms
 * ~1.2e12.., µs ~1.2e15.., ns ~1.2e18..), so the magnitude alone identifies the unit.
 */
export type EpochUnit = 's' | 'ms' | 'us' | 'ns';

/** Bitcoin's genesis block, 2009-01-03T00:00Z: the earliest plausible market-data time. */
export const EARLIEST_PLAUSIBLE_MS = Date.UTC(2009, 0, 3);
/** How far after "now" a time may lie (clock skew between recorder and reader). */
export const FUTURE_TOLERANCE_MS = 86_400_000;

/** A timestamp that is no plausible time, or is in another unit than the rest of its file. */
export class ImplausibleTimeError extends DataError {}

const MS_PER_UNIT: Readonly<Record<EpochUnit, number>> = { s: 1_000, ms: 1, us: 0.001, ns: 0.000_001 };
const UNIT_NAMES: Readonly<Record<EpochUnit, string>> = { s: 'seconds', ms: 'milliseconds', us: 'microseconds', ns: 'nanoseconds' };

/** The plausible window [earliest, latest] in ms for a reader whose clock says `nowMs`. */
export function plausibleWindow(nowMs: number): { earliest: number; latest: number } {
  return { earliest: EARLIEST_PLAUSIBLE_MS, latest: nowMs + FUTURE_TOLERANCE_MS };
}

/** The unit in which `value` is a plausible time, or undefined when it is plausible in none. */
export function epochUnitOf(value: number, nowMs: number): EpochUnit | undefined {
  const { earliest, latest } = plausibleWindow(nowMs);
  for (const unit of ['ms', 'us', 'ns', 's'] as const) {
    const ms = value * MS_PER_UNIT[unit];
    if (ms >= earliest && ms <= latest) return unit;
  }
  return undefined;
}

export function epochToMs(value: number, unit: EpochUnit): number {
  return unit === 'ms' ? value : unit === 's' ? value * 1_000 : Math.floor(value * MS_PER_UNIT[unit]);
}

export function unitName(unit: EpochUnit): string {
  return UNIT_NAMES[unit];
}

/**
 * Checks one timestamp cell against the file's unit (`expected`, fixed by the file's first time)
 * and returns it in ms. Throws a DataError naming file, row and field when the value is a plausible
 * time in no unit, or in another unit than the rest of the file.
 */
export function timestampToMs(value: number, expected: EpochUnit, at: { source: string; row: number; field: string }, nowMs: number): number {
  const unit = epochUnitOf(value, nowMs);
  if (unit === undefined) throw implausibleTime(value, at, nowMs);
  if (unit !== expected) {
    throw new ImplausibleTimeError(at, `time ${value} reads as ${unitName(unit)} but the file's times are ${unitName(expected)}`);
  }
  return epochToMs(value, unit);
}

export function implausibleTime(value: number, at: { source: string; row: number; field: string }, nowMs: number, units = 'seconds, ms, µs or ns'): ImplausibleTimeError {
  const { latest } = plausibleWindow(nowMs);
  return new ImplausibleTimeError(
    at,
    `implausible time ${value}: not between ${new Date(EARLIEST_PLAUSIBLE_MS).toISOString().slice(0, 10)} and now + 1 day (${new Date(latest).toISOString()}) in ${units}`,
  );
}

/** Checks a time whose unit the file names (tick files: `_ms`, `_ns` columns) and returns it in ms. */
export function checkEpochInUnit(value: number, unit: EpochUnit, at: { source: string; row: number; field: string }, nowMs: number): number {
  const ms = unit === 'ns' ? value / 1e6 : epochToMs(value, unit);
  const { earliest, latest } = plausibleWindow(nowMs);
  if (!(ms >= earliest && ms <= latest)) throw implausibleTime(value, at, nowMs, unitName(unit));
  return ms;
}
