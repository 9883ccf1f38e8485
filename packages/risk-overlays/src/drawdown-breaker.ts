import { type ConfigOf, ConfigError, type QuoteIntent, parseConfig } from '@mml/core';
import type { RiskOverlay } from './overlay';
import type { RiskState } from './risk-state';
import { fmt, intentCentreTicks, scaleSides, widenSides, withDiagnostics } from './quote-transforms';

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
  return {
    name: 'drawdown-breaker',
    config: cfg,
    initialState: () => ({ mode: 'normal', peak: NaN, offUntil: NaN, reentryStart: NaN }),
    apply(intent, risk, state) {
      const { state: next, trip } = transition(cfg, risk, state);
      const drawdown = breakerDrawdown(risk, next.peak);
      const stateCode = next.mode === 'hard' || next.mode === 'halted' ? 2 : next.mode === 'soft' || Number.isFinite(next.reentryStart) ? 1 : 0;
      const diagnostics = { breakerState: stateCode, breakerDrawdown: drawdown, ...(trip ? { breakerTrip: 1 } : {}) };
      const reasons: string[] = [];
      let out: QuoteIntent = intent;

      if (next.mode === 'hard' || next.mode === 'halted') {
        out = { ...intent, bids: [], asks: [], flatten: trip ? true : intent.flatten };
        const what = next.mode === 'halted' ? `halted for the run (all-time drawdown ${pct(risk.drawdown)})` : `hard, off until ${new Date(next.offUntil).toISOString()}`;
        if (trip) reasons.push(`drawdown-breaker: ${what}, drawdown ${pct(drawdown)}, flatten`);
        else if (intent.bids.length > 0 || intent.asks.length > 0) reasons.push(`drawdown-breaker: ${what}`);
        return { intent: withDiagnostics(out, diagnostics), state: next, reasons };
      }

      if (next.mode === 'soft') {
        const centre = intentCentreTicks(out, risk.midTicks);
        out = widenSides(out, centre, cfg.softSpreadMultiplier, cfg.softSpreadMultiplier);
        out = scaleSides(out, cfg.softSizeFactor, cfg.softSizeFactor);
        if (risk.inventoryLots > 0) out = { ...out, bids: [] };
        else if (risk.inventoryLots < 0) out = { ...out, asks: [] };
        const side = risk.inventoryLots > 0 ? 'asks only' : risk.inventoryLots < 0 ? 'bids only' : 'flat, both sides';
        reasons.push(`drawdown-breaker: soft at drawdown ${pct(drawdown)}, spread x${fmt(cfg.softSpreadMultiplier)}, size x${fmt(cfg.softSizeFactor)}, ${side}`);
      }

      if (Number.isFinite(next.reentryStart)) {
        const progress = cfg.reentryRampMs > 0 ? Math.min(1, (risk.now - next.reentryStart) / cfg.reentryRampMs) : 1;
        const fraction = cfg.reentryInitialFraction + (1 - cfg.reentryInitialFraction) * progress;
        out = scaleSides(out, fraction, fraction);
        reasons.push(`drawdown-breaker: re-entering, size x${fmt(fraction)}`);
      }
      return { intent: withDiagnostics(out, diagnostics), state: next, reasons };
    },
  };
}

function transition(cfg: DrawdownBreakerConfig, risk: RiskState, state: DrawdownBreakerState): { state: DrawdownBreakerState; trip: boolean } {
  if (state.mode === 'halted') return { state, trip: false };
  if (risk.drawdown >= cfg.haltThreshold) return { state: { ...state, mode: 'halted', reentryStart: NaN }, trip: true };
  let next: DrawdownBreakerState = { ...state, peak: Number.isFinite(state.peak) ? Math.max(state.peak, risk.equity) : Math.max(risk.peakEquity, risk.equity) };
  if (next.mode === 'hard') {
    if (risk.now < next.offUntil) return { state: next, trip: false };
    next = { mode: 'normal', peak: risk.equity, offUntil: NaN, reentryStart: risk.now };
  }
  if (Number.isFinite(next.reentryStart) && risk.now - next.reentryStart >= cfg.reentryRampMs) next = { ...next, reentryStart: NaN };
  const drawdown = breakerDrawdown(risk, next.peak);
  if (drawdown >= cfg.hardThreshold) {
    return { state: { ...next, mode: 'hard', offUntil: risk.now + cfg.cooldownMs, reentryStart: NaN }, trip: true };
  }
  if (drawdown >= cfg.softThreshold) return { state: { ...next, mode: 'soft' }, trip: next.mode !== 'soft' };
  if (next.mode === 'soft' && drawdown < cfg.softThreshold - cfg.softHysteresis) return { state: { ...next, mode: 'normal' }, trip: false };
  return { state: next, trip: false };
}

function breakerDrawdown(risk: RiskState, peak: number): number {
  if (!(risk.initialEquity > 0) || !Number.isFinite(peak)) return 0;
  return Math.max(0, (peak - risk.equity) / risk.initialEquity);
}

function pct(fraction: number): string {
  return `${fmt(fraction * 100, 1)}%`;
}
