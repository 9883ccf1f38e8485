import { DiagnosticsSchema, QuoteIntentBuffer, type MarketEvent, type QuoteIntent, type Strategy, type StrategyContext } from '@mml/core';
import { avellanedaStoikovQuotes } from '../formulas/avellaneda-stoikov';
import { AS2008_PARAMETERS, type As2008Parameters } from './avellaneda-stoikov-2008';

/**
 * The agents of Avellaneda & Stoikov (2008) §3.3 as core Strategies, so a simulator (e.g. the
 * backtest engine with its intensity fill model) can run the paper's experiment:
 *
 * - 'inventory': bid/ask = r ∓ spread/2 around the reservation price r = s − qγσ²(T − t);
 * - 'symmetric': the same spread centred on the mid s.
 *
 * Everything is in the paper's units (price units, not mid-relative like the production
 * `AvellanedaStoikovQuoter`): s is the engine's mid, q = inventory in lots / `unitLots`, t is event
 * time since `startTs` in units of `unitMs`. Quotes go on the grid (bid floor, ask ceil) without
 * any touch constraint: the paper's agent may quote through the mid. One quote per event time:
 * events that share the ts of the last quote (e.g. a mid move drawn at the same instant) leave the
 * resting quotes unchanged, which is how the "fills after the mid move" convention is expressed.
 */
export interface As2008StrategyOptions {
  kind: 'inventory' | 'symmetric';
  gamma: number;
  /** Event time (ms) of t = 0. */
  startTs: number;
  parameters?: Partial<As2008Parameters>;
  /** 'liquidity-only' (the paper's printed spread, the default) or 'full' (eq. (30) with γσ²(T − t)). */
  spreadTerm?: 'full' | 'liquidity-only';
  /** Event-time milliseconds per model time unit (default 1000). */
  unitMs?: number;
  /** Lots per order; q counts orders (default 1). */
  unitLots?: number;
}

export function createAs2008Strategy(options: As2008StrategyOptions): Strategy {
  const p: As2008Parameters = { ...AS2008_PARAMETERS, ...options.parameters };
  const unitMs = options.unitMs ?? 1000;
  const unitLots = options.unitLots ?? 1;
  const liquidityOnly = (options.spreadTerm ?? 'liquidity-only') === 'liquidity-only';
  if (!(options.gamma > 0)) throw new RangeError(`gamma must be > 0, got ${options.gamma}`);
  if (!(unitMs > 0) || !Number.isInteger(unitLots) || unitLots < 1) throw new RangeError('unitMs must be > 0 and unitLots a positive integer');
  let lastQuoteTs = NaN;
  const schema = new DiagnosticsSchema(['mid', 'r', 'spread', 'q', 'tau']);
  const intent = new QuoteIntentBuffer(1, schema);
  intent.setBidCount(1);
  intent.setAskCount(1);
  const v = intent.diagnostics.values;
  return {
    name: `as2008-${options.kind}`,
    diagnosticsSchema: schema,
    onEvent(_event: MarketEvent, ctx: StrategyContext): QuoteIntent | undefined {
      if (ctx.now === lastQuoteTs || !Number.isFinite(ctx.mid)) return undefined;
      lastQuoteTs = ctx.now;
      const s = ctx.mid;
      const q = ctx.inventoryLots / unitLots;
      const tau = Math.max(0, p.T - (ctx.now - options.startTs) / unitMs);
      const quotes = avellanedaStoikovQuotes({ mid: s, q, gamma: options.gamma, sigma: p.sigma, tau, k: p.k });
      const spread = liquidityOnly ? (2 / options.gamma) * Math.log1p(options.gamma / p.k) : quotes.spread;
      const centre = options.kind === 'inventory' ? quotes.reservation : s;
      const inst = ctx.instrument;
      intent.bids[0].priceTicks = inst.floorTicks(centre - spread / 2);
      intent.bids[0].sizeLots = unitLots;
      intent.asks[0].priceTicks = inst.ceilTicks(centre + spread / 2);
      intent.asks[0].sizeLots = unitLots;
      v[0] = s;
      v[1] = quotes.reservation;
      v[2] = spread;
      v[3] = q;
      v[4] = tau;
      return intent;
    },
  };
}
