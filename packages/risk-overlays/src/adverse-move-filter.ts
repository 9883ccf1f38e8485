import { type ConfigOf, parseConfig } from '@mml/core';
import type { RiskOverlay } from './overlay';
import { referenceSigma } from './risk-state';
import { fmt } from './quote-transforms';

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

const SLOTS = ['adverseBlock', 'adverseMoveSigmas', 'adverseMove', 'adverseWindowBars', 'adverseTriggered', 'adverseMinutesSinceTrigger'] as const;

/** Why a side was pulled: the move that triggered it now, or how long ago the last one was. */
function why(d: Readonly<Record<string, number>>): string {
  return d.adverseTriggered === 1
    ? `${fmt(d.adverseMove * 100)}% over ${d.adverseWindowBars} bars (${fmt(d.adverseMoveSigmas, 1)} sigma)`
    : `holding, last sharp move ${fmt(d.adverseMinutesSinceTrigger, 1)} min ago`;
}

const REASONS = [
  { name: 'adverse-move: bids pulled after fall', text: (d: Readonly<Record<string, number>>) => `adverse-move: bids pulled after fall, ${why(d)}` },
  { name: 'adverse-move: asks pulled after rise', text: (d: Readonly<Record<string, number>>) => `adverse-move: asks pulled after rise, ${why(d)}` },
];

/**
 * Adverse-move entry filter: after a sharp move (|recentReturn| beyond k x sigma_ref x sqrt(n),
 * with sigma_ref the slow realised sigma, or the target while warming up), stop quoting the side
 * the move would run over: bids after a fall, asks after a rise. The side stays blocked for at
 * least `holdMs` after the last sharp move and until the short-window return has settled.
 */
export function adverseMoveFilter(config: unknown = {}): RiskOverlay<AdverseMoveState> & { config: AdverseMoveFilterConfig } {
  const cfg = parseConfig(ADVERSE_MOVE_FILTER_SCHEMA, config, 'adverseMoveFilter');
  // sqrt(n) of the window the last application read (the tracker's configured window: the same
  // number on every event), kept rather than taken again; the same number either way.
  let windowBars = NaN;
  let sqrtWindowBars = NaN;
  const sqrtBars = (bars: number): number => {
    if (bars !== windowBars) {
      windowBars = bars;
      sqrtWindowBars = Math.sqrt(bars);
    }
    return sqrtWindowBars;
  };
  return {
    name: 'adverse-move',
    config: cfg,
    slots: SLOTS,
    reasons: REASONS,
    bind(schema) {
      const [blockSlot, sigmasSlot, moveSlot, barsSlot, triggeredSlot, minutesSlot] = SLOTS.map((name) => schema.slot(name));
      const bidsPulled = schema.reason(REASONS[0].name);
      const asksPulled = schema.reason(REASONS[1].name);
      const state: AdverseMoveState = { blocked: 'none', lastTriggerTs: NaN };
      return {
        name: 'adverse-move',
        state,
        // (and `now`, only while a side is blocked: see settled)
        reads: ['recentReturn', 'sigmaSlow', 'sigmaTarget', 'returnWindowBars'],
        // Unblocked after an application, the same move cannot trigger, and nothing reads the time.
        // Blocked, the hold runs out with time.
        settled: () => state.blocked === 'none',
        apply(intent, risk) {
          // sigma_ref and sqrt(n) once, for the threshold (k x sigma_ref x sqrt(n), in that order) and the move in sigmas.
          const reference = referenceSigma(risk);
          const sqrtN = sqrtBars(risk.returnWindowBars);
          const limit = Math.max(cfg.minMove, cfg.k * reference * sqrtN);
          const move = risk.recentReturn;
          let triggered = false;
          if (move <= -limit) {
            state.blocked = 'bids';
            state.lastTriggerTs = risk.now;
            triggered = true;
          } else if (move >= limit) {
            state.blocked = 'asks';
            state.lastTriggerTs = risk.now;
            triggered = true;
          } else if (state.blocked !== 'none' && risk.now - state.lastTriggerTs >= cfg.holdMs && Math.abs(move) < cfg.settleFraction * limit) {
            state.blocked = 'none';
          }
          const moveSigmas = move / (reference * sqrtN);
          const v = intent.diagnostics.values;
          v[blockSlot] = state.blocked === 'bids' ? -1 : state.blocked === 'asks' ? 1 : 0;
          v[sigmasSlot] = moveSigmas;
          if (state.blocked === 'bids' && intent.bids.length > 0) {
            intent.setBidCount(0);
            intent.diagnostics.addReason(bidsPulled);
          } else if (state.blocked === 'asks' && intent.asks.length > 0) {
            intent.setAskCount(0);
            intent.diagnostics.addReason(asksPulled);
          } else {
            return;
          }
          // The numbers the reason is spelled out with (only when a side was pulled).
          v[moveSlot] = move;
          v[barsSlot] = risk.returnWindowBars;
          v[triggeredSlot] = triggered ? 1 : 0;
          v[minutesSlot] = (risk.now - state.lastTriggerTs) / 60_000;
        },
      };
    },
  };
}
