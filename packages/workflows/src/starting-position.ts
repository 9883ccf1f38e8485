import type { InstrumentSpec } from '@mml/core';

/**
 * The starting position of research, walk-forward and campaign runs. A spot market maker that
 * starts with cash only cannot quote an ask until a bid fills, and with an inventory-skewed model
 * it can then only unwind by luck (issue 11: as-baseline held its bound most of 30 days). So these
 * workflows start spot runs with half the budget in base, bought at the first mid (no fee: an
 * allocation, not a trade): both sides can quote from the first bar. `--start-base-fraction 0`
 * restores the cash-only start.
 *
 * A perpetual (a ccxt swap symbol such as BTC/USDT:USDT) holds no base: it starts flat (fraction 0)
 * with `allowShort` on, so it can quote both sides from the start anyway. Explicit settings win.
 */
export const DEFAULT_START_BASE_FRACTION = 0.5;

/** True for a ccxt swap / futures symbol ("BASE/QUOTE:SETTLE"). */
export function isPerpetual(instrument: Pick<InstrumentSpec, 'symbol'> | undefined): boolean {
  return instrument !== undefined && instrument.symbol.includes(':');
}

/** The engine config of one workflow run: the caller's config, the starting position, the budget. */
export function workflowEngineConfig(engineConfig: Record<string, unknown> | undefined, startBaseFraction: number | undefined, budget: number, instrument?: Pick<InstrumentSpec, 'symbol'>): Record<string, unknown> {
  const perp = isPerpetual(instrument);
  const fraction = startBaseFraction ?? (engineConfig?.['startBaseFraction'] as number | undefined) ?? (perp ? 0 : DEFAULT_START_BASE_FRACTION);
  if (typeof fraction !== 'number' || !(fraction >= 0 && fraction <= 1)) {
    throw new RangeError(`--start-base-fraction must be a number in [0, 1] (share of the budget held in base at the first mid), got ${String(fraction)}`);
  }
  return { ...(perp ? { allowShort: true } : {}), ...(engineConfig ?? {}), startBaseFraction: fraction, quoteBudget: budget };
}
