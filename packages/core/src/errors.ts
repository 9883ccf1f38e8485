/**
 * Errors that name where bad input came from. Every package throws these for bad data or bad
 * configuration, so a user always learns the file, row and field (or the config key) at fault.
 */

export interface DataErrorLocation {
  /** File path or source name (e.g. "binance:BTC/USDT klines"). */
  source: string;
  /** 1-based row or line number in the source, when the source has rows. */
  row?: number;
  /** Column or field name, when one field is at fault. */
  field?: string;
}

/** Bad market data: malformed, non-finite, out of order, inconsistent. */
export class DataError extends Error {
  readonly source: string;
  readonly row?: number;
  readonly field?: string;

  constructor(location: DataErrorLocation, problem: string) {
    const where = [location.source, location.row !== undefined ? `row ${location.row}` : undefined, location.field ? `field "${location.field}"` : undefined]
      .filter((part) => part !== undefined)
      .join(', ');
    super(`${where}: ${problem}`);
    this.name = 'DataError';
    this.source = location.source;
    this.row = location.row;
    this.field = location.field;
  }
}

/** Bad configuration: an unknown key, a wrong type, a value out of range. `key` is a dotted path. */
export class ConfigError extends Error {
  readonly key: string;

  constructor(key: string, problem: string) {
    super(`config "${key}": ${problem}`);
    this.name = 'ConfigError';
    this.key = key;
  }
}
