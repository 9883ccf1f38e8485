import { type ConfigOf, ConfigError, parseConfig } from '@mml/core';
import type { RiskOverlay } from './overlay';
import type { RiskState } from './risk-state';
import { fmt, intentCentreTicks, scaleSides, widenSides } from './quote-transforms';

export const DRAWDOWN_BREAKER_SCHEMA = {
  softThreshold: { type: 'number', default: 0.08, min: 0, max: 1, exclusiveMin: true, unit: 'fraction of initial equity', doc: 'drawdown from the breaker peak at which the soft breaker engages' },
  hardThreshold: { type: 'number', default: 0.15, min: 0, max: 1, exclusiveMin: true, unit: 'fraction of initial equity', doc: 'drawdown from the breaker peak at which quoting stops and the inventory is flattened' },
  haltThreshold: { type: 'number', default: 0.3, min: 0, max: 1, exclusiveMin: true, unit: 'fraction of initial equity', doc: 'drawdown from the all-time peak at which quoting stops for the rest of the run (guards the 40% research gate)' },
  softHysteresis: { type: 'number', default: 0.02, min: 0, max: 1, unit: 'fraction of initial equity', doc: 'the soft breaker releases once drawdown is this far below softThreshold' },
  softSpreadMultiplier: { type: 'number', default: 1.5, min: 1, unit: 'x', doc: 'spread widening while soft' },
  softSizeFactor: { type: 'number', default: 0.5, min: 0, max: 1, unit: 'fraction', doc: 'size scaling while soft' },
  cooldownMs: { type: 'number', default: 3_600_000, min: 0, unit: 'ms', doc: 'time off after a hard trip' },
  reentryRampMs: { type: 'number', default: 3_600_000, min: 0, unit: 'ms', doc: 'after the cooldown, sizes ramp linearly back to full over this time' },
  reentryInitialFraction: { type: 'number', default: 0.25, min: 0, max: 1, exclusiveMin: true, unit: 'fraction', doc: 'size fraction at the start of the re-entry ramp' },
} as const;

export type DrawdownBreakerConfig = ConfigOf<typeof DRAWDOWN_BREAKER_SCHEMA>;

export interface DrawdownBreakerState {
  mode: 'normal' | 'soft' | 'hard' | 'halted';
  /** Equity peak the breaker measures drawdown from; reset to the equity at re-entry. NaN = not yet seen. */
  peak: number;
  /** End of the current hard cooldown, ms. */
  offUntil: number;
  /** Start of the re-entry ramp, ms (NaN when not ramping). */
  reentryStart: number;
}

const SLOTS = ['breakerState', 'breakerDrawdown', 'breakerTrip', 'breakerAllTimeDrawdown', 'breakerOffUntil', 'breakerReentryFraction'] as const;

type Diagnostics = Readonly<Record<string, number>>;

/**
 * Drawdown circuit breakers. Drawdown is (breaker peak - equity) / initial equity, so thresholds
 * are fractions of the initial budget like the research gate.
 *  - soft (>= softThreshold): widen, shrink, and quote only the inventory-reducing side (both
 *    sides, shrunk, when flat); releases below softThreshold - softHysteresis.
 *  - hard (>= hardThreshold): cancel all quotes, request `flatten` once, stay off for cooldownMs,
 *    then re-enter with sizes ramping from reentryInitialFraction to 1 over reentryRampMs. At
 *    re-entry the breaker peak is reset to the current equity (the loss is locked in; otherwise it
 *    would re-trip at once), which is why there is also:
 *  - halt (all-time drawdown >= haltThreshold): off for good, flatten once.
 * On the event a breaker engages (soft, hard or halt) diagnostics carry `breakerTrip: 1`;
 * `breakerState` is 0 normal, 1 soft or re-entering, 2 off.
 */
export function drawdownBreaker(config: unknown = {}): RiskOverlay<DrawdownBreakerState> & { config: DrawdownBreakerConfig } {
  const cfg = parseConfig(DRAWDOWN_BREAKER_SCHEMA, config, 'drawdownBreaker');
  if (cfg.hardThreshold <= cfg.softThreshold) throw new ConfigError('drawdownBreaker.hardThreshold', `must be > softThreshold (${cfg.softThreshold})`);
  if (cfg.haltThreshold < cfg.hardThreshold) throw new ConfigError('drawdownBreaker.haltThreshold', `must be >= hardThreshold (${cfg.hardThreshold})`);
  const halted = (d: Diagnostics) => `drawdown-breaker: halted for the run (all-time drawdown ${pct(d.breakerAllTimeDrawdown)})`;
  const hard = (d: Diagnostics) => `drawdown-breaker: hard, off until ${new Date(d.breakerOffUntil).toISOString()}`;
  const tripped = (d: Diagnostics) => `, drawdown ${pct(d.breakerDrawdown)}, flatten`;
  const soft = (side: string) => (d: Diagnostics) =>
    `drawdown-breaker: soft at drawdown ${pct(d.breakerDrawdown)}, spread x${fmt(cfg.softSpreadMultiplier)}, size x${fmt(cfg.softSizeFactor)}, ${side}`;
  const reasons = [
    { name: 'drawdown-breaker: halted, flatten', text: (d: Diagnostics) => halted(d) + tripped(d) },
    { name: 'drawdown-breaker: halted', text: halted },
    { name: 'drawdown-breaker: hard, flatten', text: (d: Diagnostics) => hard(d) + tripped(d) },
    { name: 'drawdown-breaker: hard', text: hard },
    { name: 'drawdown-breaker: soft, asks only', text: soft('asks only') },
    { name: 'drawdown-breaker: soft, bids only', text: soft('bids only') },
    { name: 'drawdown-breaker: soft, flat, both sides', text: soft('flat, both sides') },
    { name: 'drawdown-breaker: re-entering', text: (d: Diagnostics) => `drawdown-breaker: re-entering, size x${fmt(d.breakerReentryFraction)}` },
  ];
  return {
    name: 'drawdown-breaker',
    config: cfg,
    slots: SLOTS,
    reasons,
    bind(schema) {
      const [stateSlot, drawdownSlot, tripSlot, allTimeSlot, offUntilSlot, fractionSlot] = SLOTS.map((name) => schema.slot(name));
      const [haltTrip, haltOff, hardTrip, hardOff, softAsks, softBids, softFlat, reentering] = reasons.map((r) => schema.reason(r.name));
      const state: DrawdownBreakerState = { mode: 'normal', peak: NaN, offUntil: NaN, reentryStart: NaN };
      // Whether the last application reported a trip (reported once: the next one differs).
      let tripped = false;
      return {
        name: 'drawdown-breaker',
        state,
        // (and `now`, only while hard or re-entering: see settled)
        reads: ['drawdown', 'equity', 'peakEquity', 'initialEquity', 'inventoryLots', 'midTicks'],
        // Hard, the cooldown runs out with time; re-entering, the ramp grows with it. Otherwise the
        // same equity gives the same peak, drawdown and mode again.
        settled: () => !tripped && state.mode !== 'hard' && !Number.isFinite(state.reentryStart),
        apply(intent, risk) {
          const trip = transition(cfg, risk, state);
          tripped = trip;
          const drawdown = breakerDrawdown(risk, state.peak);
          const d = intent.diagnostics;
          const v = d.values;
          v[stateSlot] = state.mode === 'hard' || state.mode === 'halted' ? 2 : state.mode === 'soft' || Number.isFinite(state.reentryStart) ? 1 : 0;
          v[drawdownSlot] = drawdown;
          if (trip) v[tripSlot] = 1;

          if (state.mode === 'hard' || state.mode === 'halted') {
            const quoting = intent.bids.length > 0 || intent.asks.length > 0;
            intent.setBidCount(0);
            intent.setAskCount(0);
            if (trip) intent.flatten = true;
            v[allTimeSlot] = risk.drawdown;
            v[offUntilSlot] = state.offUntil;
            const isHalt = state.mode === 'halted';
            if (trip) d.addReason(isHalt ? haltTrip : hardTrip);
            else if (quoting) d.addReason(isHalt ? haltOff : hardOff);
            return;
          }

          if (state.mode === 'soft') {
            const centre = intentCentreTicks(intent, risk.midTicks);
            widenSides(intent, centre, cfg.softSpreadMultiplier, cfg.softSpreadMultiplier);
            scaleSides(intent, cfg.softSizeFactor, cfg.softSizeFactor);
            if (risk.inventoryLots > 0) intent.setBidCount(0);
            else if (risk.inventoryLots < 0) intent.setAskCount(0);
            d.addReason(risk.inventoryLots > 0 ? softAsks : risk.inventoryLots < 0 ? softBids : softFlat);
          }

          if (Number.isFinite(state.reentryStart)) {
            const progress = cfg.reentryRampMs > 0 ? Math.min(1, (risk.now - state.reentryStart) / cfg.reentryRampMs) : 1;
            const fraction = cfg.reentryInitialFraction + (1 - cfg.reentryInitialFraction) * progress;
            scaleSides(intent, fraction, fraction);
            v[fractionSlot] = fraction;
            d.addReason(reentering);
          }
        },
      };
    },
  };
}

/** Moves the breaker's state on (in place) for this risk state; true when a breaker engages now. */
function transition(cfg: DrawdownBreakerConfig, risk: RiskState, s: DrawdownBreakerState): boolean {
  if (s.mode === 'halted') return false;
  if (risk.drawdown >= cfg.haltThreshold) {
    s.mode = 'halted';
    s.reentryStart = NaN;
    return true;
  }
  s.peak = Number.isFinite(s.peak) ? Math.max(s.peak, risk.equity) : Math.max(risk.peakEquity, risk.equity);
  if (s.mode === 'hard') {
    if (risk.now < s.offUntil) return false;
    s.mode = 'normal';
    s.peak = risk.equity;
    s.offUntil = NaN;
    s.reentryStart = risk.now;
  }
  if (Number.isFinite(s.reentryStart) && risk.now - s.reentryStart >= cfg.reentryRampMs) s.reentryStart = NaN;
  const drawdown = breakerDrawdown(risk, s.peak);
  if (drawdown >= cfg.hardThreshold) {
    s.mode = 'hard';
    s.offUntil = risk.now + cfg.cooldownMs;
    s.reentryStart = NaN;
    return true;
  }
  if (drawdown >= cfg.softThreshold) {
    const trip = s.mode !== 'soft';
    s.mode = 'soft';
    return trip;
  }
  if (s.mode === 'soft' && drawdown < cfg.softThreshold - cfg.softHysteresis) s.mode = 'normal';
  return false;
}

function breakerDrawdown(risk: RiskState, peak: number): number {
  if (!(risk.initialEquity > 0) || !Number.isFinite(peak)) return 0;
  return Math.max(0, (peak - risk.equity) / risk.initialEquity);
}

function pct(fraction: number): string {
  return `${fmt(fraction * 100, 1)}%`;
}
