import { type ConfigOf, parseConfig } from '@mml/core';
import type { RiskOverlay } from './overlay';
import { referenceSigma, type RiskState } from './risk-state';
import { fmt, withDiagnostics } from './quote-transforms';

export const ADVERSE_MOVE_FILTER_SCHEMA = {
  k: { type: 'number', default: 3, min: 0, exclusiveMin: true, unit: 'sigmas', doc: 'a return over the short window beyond k x sigma_ref x sqrt(window bars) is a sharp move (sigma_ref = slow realised sigma, or sigmaTarget during warm-up)' },
  minMove: { type: 'number', default: 0.004, min: 0, unit: 'log return', doc: 'moves smaller than this never trigger, however low sigma is' },
  holdMs: { type: 'number', default: 600_000, min: 0, unit: 'ms', doc: 'a blocked side stays blocked at least this long after the last sharp move' },
  settleFraction: { type: 'number', default: 0.5, min: 0, max: 1, unit: 'fraction of threshold', doc: 'after holdMs, unblock once |recent return| is below this fraction of the threshold' },
} as const;

export type AdverseMoveFilterConfig = ConfigOf<typeof ADVERSE_MOVE_FILTER_SCHEMA>;

/** Which side is blocked: 'bids' after a sharp fall (buyers get run over), 'asks' after a sharp rise. */
export interface AdverseMoveState {
  blocked: 'none' | 'bids' | 'asks';
  lastTriggerTs: number;
}

/**
 * Adverse-move entry filter: after a sharp move (|recentReturn| beyond k x sigma_ref x sqrt(n),
 * with sigma_ref the slow realised sigma, or the target while warming up), stop quoting the side
 * the move would run over: bids after a fall, asks after a rise. The side stays blocked for at
 * least `holdMs` after the last sharp move and until the short-window return has settled.
 */
export function adverseMoveFilter(config: unknown = {}): RiskOverlay<AdverseMoveState> & { config: AdverseMoveFilterConfig } {
  const cfg = parseConfig(ADVERSE_MOVE_FILTER_SCHEMA, config, 'adverseMoveFilter');
  const threshold = (risk: RiskState): number => Math.max(cfg.minMove, cfg.k * referenceSigma(risk) * Math.sqrt(risk.returnWindowBars));
  return {
    name: 'adverse-move',
    config: cfg,
    initialState: () => ({ blocked: 'none', lastTriggerTs: NaN }),
    apply(intent, risk, state) {
      const limit = threshold(risk);
      const move = risk.recentReturn;
      let next: AdverseMoveState = state;
      let triggered = false;
      if (move <= -limit) {
        next = { blocked: 'bids', lastTriggerTs: risk.now };
        triggered = true;
      } else if (move >= limit) {
        next = { blocked: 'asks', lastTriggerTs: risk.now };
        triggered = true;
      } else if (state.blocked !== 'none' && risk.now - state.lastTriggerTs >= cfg.holdMs && Math.abs(move) < cfg.settleFraction * limit) {
        next = { blocked: 'none', lastTriggerTs: state.lastTriggerTs };
      }
      const moveSigmas = move / (referenceSigma(risk) * Math.sqrt(risk.returnWindowBars));
      const block = next.blocked === 'bids' ? -1 : next.blocked === 'asks' ? 1 : 0;
      let out = withDiagnostics(intent, { adverseBlock: block, adverseMoveSigmas: moveSigmas });
      const reasons: string[] = [];
      const why = (): string =>
        triggered
          ? `${fmt(move * 100)}% over ${risk.returnWindowBars} bars (${fmt(moveSigmas, 1)} sigma)`
          : `holding, last sharp move ${fmt((risk.now - next.lastTriggerTs) / 60_000, 1)} min ago`;
      if (next.blocked === 'bids' && out.bids.length > 0) {
        out = { ...out, bids: [] };
        reasons.push(`adverse-move: bids pulled after fall, ${why()}`);
      } else if (next.blocked === 'asks' && out.asks.length > 0) {
        out = { ...out, asks: [] };
        reasons.push(`adverse-move: asks pulled after rise, ${why()}`);
      }
      return { intent: out, state: next, reasons };
    },
  };
}
