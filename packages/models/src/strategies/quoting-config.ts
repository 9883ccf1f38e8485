import type { ConfigSchema } from '@mml/core';

/** Fields every quoting model shares: sizing, inventory bound, requote throttle, fees. */
export const quotingSchema = {
  orderFraction: {
    type: 'number', default: 0.05, min: 0, max: 1, exclusiveMin: true, unit: 'fraction of quoteBudget',
    doc: 'Order size per side = orderFraction x ctx.quoteBudget / mid, floored to lots. Scales with the budget tier.',
  },
  maxInventoryOrders: {
    type: 'number', default: 10, min: 0, exclusiveMin: true, unit: 'orders',
    doc: 'Inventory bound |q| in multiples of the order size: at q >= bound no bid is quoted, at q <= -bound no ask.',
  },
  requoteIntervalMs: {
    type: 'number', default: 0, min: 0, unit: 'ms',
    doc: 'Minimum time between new quote intents; events in between only update the estimators (onEvent returns undefined).',
  },
  levels: {
    type: 'number', default: 1, min: 1, max: 20, integer: true, unit: 'levels per side',
    doc: 'Quote levels per side, each of the full order size; level i sits i x levelSpacingBps further from the model quote.',
  },
  levelSpacingBps: { type: 'number', default: 5, min: 0, exclusiveMin: true, unit: 'bps of mid', doc: 'Distance between ladder levels.' },
  addMakerFee: {
    type: 'boolean', default: true,
    doc: 'Widen each side by the instrument maker fee (a deviation from the fee-less papers: a fill must at least pay its fee).',
  },
} as const satisfies ConfigSchema;

export const horizonSchema = {
  mode: {
    type: 'string', default: 'rolling', oneOf: ['rolling', 'session'] as const,
    doc: 'rolling: perpetual 24/7 variant, tau = horizonSeconds always. session: finite horizon, tau = time left in the current UTC-aligned session of sessionSeconds (the paper, repeated daily).',
  },
  horizonSeconds: { type: 'number', default: 3600, min: 0, exclusiveMin: true, unit: 's', doc: 'Fixed tau of the rolling mode.' },
  sessionSeconds: { type: 'number', default: 86_400, min: 1, unit: 's', doc: 'Session length of the session mode (sessions start at multiples of it since the Unix epoch).' },
} as const satisfies ConfigSchema;

/** tau = T - t in seconds for the configured horizon mode at time `now` (ms). */
export function timeToHorizonSeconds(horizon: { mode: 'rolling' | 'session'; horizonSeconds: number; sessionSeconds: number }, now: number): number {
  if (horizon.mode === 'rolling') return horizon.horizonSeconds;
  const sessionMs = horizon.sessionSeconds * 1000;
  const elapsed = ((now % sessionMs) + sessionMs) % sessionMs;
  return (sessionMs - elapsed) / 1000;
}
