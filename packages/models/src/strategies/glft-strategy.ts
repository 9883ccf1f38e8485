import { parseConfig, type ConfigOf, type ConfigSchema, type MarketEvent, type QuoteIntent, type Strategy, type StrategyContext } from '@mml/core';
import { glftQuotes } from '../formulas/glft';
import { MarketInputs, intensityInputSchema, volatilityInputSchema } from './market-inputs';
import { contextMid, quoterStrategy, type ModelQuoter } from './model-quoter';
import { buildQuoteIntent, orderSizeBase, type QuoteMultipliers } from './quote-builder';
import { quotingSchema } from './quoting-config';

export const glftConfigSchema = {
  gamma: {
    type: 'number', default: 1000, min: 0, exclusiveMin: true, unit: '1/(mid-relative price x order)',
    doc: 'Risk aversion (prices in units of the mid, q in orders). GLFT has no horizon: gamma penalises inventory per unit time, so it is much larger than A-S gamma for a similar skew.',
  },
  xiMode: {
    type: 'string', default: 'gamma', oneOf: ['gamma', 'zero'] as const,
    doc: 'gamma: xi = gamma (exponential-utility model); zero: xi -> 0 (risk-adjusted expectation model).',
  },
  ...quotingSchema,
  volatility: { type: 'object', schema: volatilityInputSchema, doc: 'Realised volatility estimator.' },
  intensity: { type: 'object', schema: intensityInputSchema, doc: 'lambda(delta) = A exp(-k delta): GLFT uses both A and k, so it takes them from trades or the configured fixedA/fixedK, never from the candle proxy.' },
} as const satisfies ConfigSchema;
export type GlftConfig = ConfigOf<typeof glftConfigSchema>;

/**
 * GLFT asymptotic quotes on live data, with Delta = 1 order and q = inventory / order size, prices
 * in units of the current mid (sigma per sqrt(s) of log returns, A per second, k per relative
 * depth). Inventory bound Q = maxInventoryOrders withdraws the side that would exceed it.
 */
export class GlftQuoter implements ModelQuoter {
  readonly name = 'glft';

  get orderFraction(): number {
    return this.config.orderFraction;
  }
  readonly config: GlftConfig;
  private readonly inputs: MarketInputs;

  constructor(config: unknown = {}) {
    this.config = parseConfig(glftConfigSchema, config, 'glft');
    this.inputs = new MarketInputs(this.config.volatility, this.config.intensity, { allowCandleProxyK: false });
  }

  observe(event: MarketEvent): void {
    this.inputs.observe(event);
  }

  quote(ctx: StrategyContext, m: QuoteMultipliers): QuoteIntent {
    const mid = contextMid(ctx);
    const c = this.config;
    const inputs = this.inputs.snapshot(ctx.now);
    const size = orderSizeBase(c.orderFraction, ctx, mid);
    const q = size > 0 ? ctx.inventory / size : 0;
    const gamma = c.gamma * m.gamma;
    const g = glftQuotes({
      gamma,
      xi: c.xiMode === 'gamma' ? gamma : 0,
      delta: 1,
      A: inputs.intensity.A,
      k: inputs.intensity.kRelative,
      mid: 1,
      q,
      sigma: inputs.sigma,
    });
    const fee = c.addMakerFee ? ctx.instrument.makerFee : 0;
    const halfSpread = g.halfSpread * m.spread + fee;
    const skew = g.skew * m.skew;
    const bidDepth = halfSpread + skew * q;
    const askDepth = halfSpread - skew * q;
    const diagnostics = {
      mid,
      r: (1 - skew * q) * mid,
      spread: (bidDepth + askDepth) * mid,
      spreadBps: (bidDepth + askDepth) * 10_000,
      halfSpreadBps: halfSpread * 10_000,
      skewBps: skew * 10_000,
      c1: g.c1,
      c2: g.c2,
      sigma: inputs.sigma,
      A: inputs.intensity.A,
      k: inputs.intensity.kRelative,
      q,
      gamma,
      orderSize: size,
      volatilityReady: inputs.volatilityReady ? 1 : 0,
      intensityReady: inputs.intensity.ready ? 1 : 0,
      intensitySource: inputs.intensitySource,
      sigmaCloseToClose: inputs.sigmaCloseToClose,
      candleProxyReachRate: inputs.candleProxy.reachRate,
      candleProxyK: inputs.candleProxy.kRelative,
    };
    return buildQuoteIntent(ctx, {
      bidPrice: (1 - bidDepth) * mid,
      askPrice: (1 + askDepth) * mid,
      size,
      quoteBid: q < c.maxInventoryOrders,
      quoteAsk: q > -c.maxInventoryOrders,
    }, diagnostics, { levels: c.levels, spacing: (c.levelSpacingBps / 10_000) * mid });
  }
}

export function createGlftStrategy(config: unknown = {}): Strategy {
  const quoter = new GlftQuoter(config);
  return quoterStrategy(quoter, quoter.config.requoteIntervalMs);
}
