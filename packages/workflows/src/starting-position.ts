/**
 * The starting position of research, walk-forward and campaign runs. A spot market maker that
 * starts with cash only cannot quote an ask until a bid fills, and with an inventory-skewed model
 * it can then only unwind by luck (issue 11: as-baseline held its bound 99% of 30 days). So these
 * workflows start with half the budget in base, bought at the first mid (no fee: an allocation,
 * not a trade): both sides can quote from the first bar. `--start-base-fraction 0` restores the
 * cash-only start; a perpetual with `allowShort` usually wants 0.
 */
export const DEFAULT_START_BASE_FRACTION = 0.5;

/** The engine config of one workflow run: the caller's config, the starting share of base, the budget. */
export function workflowEngineConfig(engineConfig: Record<string, unknown> | undefined, startBaseFraction: number | undefined, budget: number): Record<string, unknown> {
  const fraction = startBaseFraction ?? (engineConfig?.['startBaseFraction'] as number | undefined) ?? DEFAULT_START_BASE_FRACTION;
  if (typeof fraction !== 'number' || !(fraction >= 0 && fraction <= 1)) {
    throw new RangeError(`--start-base-fraction must be a number in [0, 1] (share of the budget held in base at the first mid), got ${String(fraction)}`);
  }
  return { ...(engineConfig ?? {}), startBaseFraction: fraction, quoteBudget: budget };
}
