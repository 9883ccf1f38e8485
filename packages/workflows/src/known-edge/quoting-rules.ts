import type { MarketEvent, QuoteIntent, Strategy, StrategyContext } from '@mml/core';
import type { InventoryQuotingRule, KnownEdgeMarketConfig } from '@mml/market-data';
import { avellanedaStoikovQuotes } from '@mml/models';

/**
 * Quoting rules of the known-edge study: distances from the mid that depend on the inventory only,
 * so `inventoryRuleTruth` (market-data) knows their answer. Every distance is put on the grid
 * strictly beyond the market's touch (at least one tick behind it), where a fill can only come from
 * a trade printing through the quote: no queue position is involved, in the oracle or the engine.
 */
export interface KnownEdgeRule extends InventoryQuotingRule {
  name: string;
  description: string;
}

/** Distance from the mid of a quote `ticksBeyond` ticks behind the touch (>= 1). */
function beyondTouch(cfg: KnownEdgeMarketConfig, ticksBeyond: number): number {
  return (cfg.spreadTicks / 2 + Math.max(1, ticksBeyond)) * cfg.tickSize;
}

/** The same distance on both sides whatever the inventory, `ticksBeyond` ticks behind the touch. */
export function symmetricRule(cfg: KnownEdgeMarketConfig, ticksBeyond: number, maxQ = 50): KnownEdgeRule {
  const depth = beyondTouch(cfg, ticksBeyond);
  return {
    name: `symmetric-${ticksBeyond}t`,
    description: `symmetric, ${ticksBeyond} ticks behind the touch (${depth.toFixed(2)} from mid), |q| <= ${maxQ}`,
    minQ: -maxQ,
    maxQ,
    bidDepth: () => depth,
    askDepth: () => depth,
  };
}

export interface AvellanedaStoikovRuleOptions {
  /** Risk aversion per (quote unit x order). */
  gamma: number;
  /** Horizon T − t held fixed (the rolling variant), seconds. */
  tauSeconds: number;
  /** Inventory bound in orders: no bid at q = maxQ, no ask at q = −maxQ. */
  maxQ: number;
}

/**
 * Avellaneda–Stoikov (2008) in price units with the market's own parameters: σ = the diffusive
 * volatility of V per √s at the initial price, k = the uninformed reach decay. Bid distance
 * qγσ²τ + spread/2, ask distance −qγσ²τ + spread/2, each rounded away from the mid onto the grid
 * and kept at least one tick behind the touch.
 */
export function avellanedaStoikovRule(cfg: KnownEdgeMarketConfig, options: AvellanedaStoikovRuleOptions): KnownEdgeRule {
  const sigma = cfg.volatilityPerMinute * cfg.initialPrice / Math.sqrt(60);
  const tick = cfg.tickSize;
  const half = (cfg.spreadTicks / 2) * tick;
  const onGrid = (raw: number) => beyondTouch(cfg, Math.ceil((raw - half) / tick - 1e-9));
  const depths = (q: number) => {
    const quotes = avellanedaStoikovQuotes({ mid: 0, q, gamma: options.gamma, sigma, tau: options.tauSeconds, k: cfg.depthDecayPerQuote });
    return { bid: onGrid(-quotes.bid), ask: onGrid(quotes.ask) };
  };
  return {
    name: `avellaneda-stoikov-g${options.gamma}`,
    description: `Avellaneda-Stoikov, gamma ${options.gamma}, tau ${options.tauSeconds} s, sigma ${sigma.toFixed(3)}/sqrt(s), k ${cfg.depthDecayPerQuote}, |q| <= ${options.maxQ}`,
    minQ: -options.maxQ,
    maxQ: options.maxQ,
    bidDepth: (q) => depths(q).bid,
    askDepth: (q) => depths(q).ask,
  };
}

/**
 * A rule as a core Strategy: on every event it quotes `sizeLots` at mid − bidDepth(q) and
 * mid + askDepth(q) (q = inventory / sizeLots), nothing beyond the inventory bounds. With the
 * touch at V ± spread/2 and distances on the grid relative to it, the prices are exact ticks; on
 * candles (mid = the last print) the bid rounds down and the ask up.
 */
export function ruleStrategy(rule: KnownEdgeRule, sizeLots: number): Strategy {
  return {
    name: rule.name,
    onEvent(_event: MarketEvent, ctx: StrategyContext): QuoteIntent | undefined {
      if (!Number.isFinite(ctx.mid)) return undefined;
      const q = Math.round(ctx.inventoryLots / sizeLots);
      const inst = ctx.instrument;
      const bids = q < rule.maxQ ? [{ priceTicks: inst.floorTicks(ctx.mid - rule.bidDepth(q)), sizeLots }] : [];
      const asks = q > rule.minQ ? [{ priceTicks: inst.ceilTicks(ctx.mid + rule.askDepth(q)), sizeLots }] : [];
      return { bids, asks };
    },
  };
}
