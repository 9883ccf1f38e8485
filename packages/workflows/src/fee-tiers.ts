import type { InstrumentSpec } from '@mml/core';

/** One fee tier: maker and taker fee in basis points (maker may be negative = a rebate). */
export interface FeeTier {
  makerFeeBps: number;
  takerFeeBps: number;
}

/**
 * Parses `--maker-fee-bps` / `--taker-fee-bps` lists into fee tiers. The maker list sets the
 * tiers; the taker list is either one value (used for every tier) or one per maker tier. Without
 * a maker list there is no fee override (one tier: the instrument's own fees); without a taker
 * list each tier keeps the instrument's taker fee. Maker fees lie in (-1000, 1000) bps, taker fees
 * in [0, 1000) bps (the instrument's own bounds). Bad input throws a RangeError naming the option.
 */
export function parseFeeTiers(makerText: string | undefined, takerText: string | undefined, instrument: InstrumentSpec): FeeTier[] {
  const defaultMaker = fractionToBps(instrument.makerFee);
  const defaultTaker = fractionToBps(instrument.takerFee);
  const makers = makerText === undefined ? [defaultMaker] : parseBpsList(makerText, 'maker-fee-bps', -1000);
  const takers = takerText === undefined ? [defaultTaker] : parseBpsList(takerText, 'taker-fee-bps', 0);
  if (takers.length !== 1 && takers.length !== makers.length) {
    throw new RangeError(`--taker-fee-bps must give one value or one per maker tier (${makers.length}), got ${takers.length}`);
  }
  return makers.map((makerFeeBps, i) => ({ makerFeeBps, takerFeeBps: takers.length === 1 ? takers[0] : takers[i] }));
}

/** The instrument with a tier's fees (fractions as exact decimal strings). */
export function withFeeTier(instrument: InstrumentSpec, tier: FeeTier): InstrumentSpec {
  return { ...instrument, makerFee: bpsToFraction(tier.makerFeeBps), takerFee: bpsToFraction(tier.takerFeeBps) };
}

/**
 * The instrument with one maker and/or taker fee in bps (walk-forward's and campaign's
 * `--maker-fee-bps` / `--taker-fee-bps`); a fee left undefined keeps the instrument's own.
 */
export function withFees(instrument: InstrumentSpec, makerFeeBps: number | undefined, takerFeeBps: number | undefined): InstrumentSpec {
  if (makerFeeBps === undefined && takerFeeBps === undefined) return instrument;
  return withFeeTier(instrument, { makerFeeBps: makerFeeBps ?? fractionToBps(instrument.makerFee), takerFeeBps: takerFeeBps ?? fractionToBps(instrument.takerFee) });
}

/** A fee fraction ("0.001") in bps (10). */
export function fractionToBps(fraction: string): number {
  return Number(shiftDecimal(fraction, 4));
}

/** bps (7.5) as an exact fraction string ("0.00075"): the decimal point moves, no float division. */
export function bpsToFraction(bps: number): string {
  return shiftDecimal(String(bps), -4);
}

function parseBpsList(text: string, option: string, min: number): number[] {
  const parts = text.split(',').map((p) => p.trim()).filter((p) => p.length > 0);
  const values = parts.map(Number);
  const bad = parts.findIndex((p, i) => !/^[-+]?(\d+\.?\d*|\.\d+)$/.test(p) || !(values[i] >= min && values[i] < 1000) || (min === 0 && Object.is(values[i], -0)));
  if (parts.length === 0 || bad >= 0) {
    const range = min < 0 ? '(-1000, 1000)' : '[0, 1000)';
    throw new RangeError(`--${option} must be a comma-separated list of fees in bps within ${range}, got "${text}"`);
  }
  if (new Set(values).size !== values.length) throw new RangeError(`--${option} lists a fee twice: "${text}"`);
  return values;
}

/** Moves the decimal point of a plain decimal string `places` to the right (negative: left). */
function shiftDecimal(text: string, places: number): string {
  const match = /^([-+]?)(\d*)(?:\.(\d*))?$/.exec(text.trim());
  if (!match) throw new RangeError(`not a plain decimal number: "${text}"`);
  const sign = match[1] === '-' ? '-' : '';
  const digits = (match[2] ?? '') + (match[3] ?? '');
  let point = (match[2] ?? '').length + places;
  let padded = digits;
  if (point < 0) {
    padded = '0'.repeat(-point) + padded;
    point = 0;
  }
  if (point > padded.length) padded += '0'.repeat(point - padded.length);
  const whole = padded.slice(0, point).replace(/^0+(?=\d)/, '') || '0';
  const frac = padded.slice(point).replace(/0+$/, '');
  const out = frac.length > 0 ? `${whole}.${frac}` : whole;
  return out === '0' ? '0' : sign + out;
}
