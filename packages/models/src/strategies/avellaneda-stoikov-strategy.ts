import { parseConfig, type ConfigOf, type ConfigSchema, type MarketEvent, type QuoteIntent, type Strategy, type StrategyContext } from '@mml/core';
import { avellanedaStoikovQuotes } from '../formulas/avellaneda-stoikov';
import { MarketInputs, intensityInputSchema, volatilityInputSchema } from './market-inputs';
import { contextMid, quoterStrategy, type ModelQuoter } from './model-quoter';
import { buildQuoteIntent, orderSizeBase, type QuoteMultipliers } from './quote-builder';
import { horizonSchema, quotingSchema, timeToHorizonSeconds } from './quoting-config';

export const avellanedaStoikovConfigSchema = {
  gamma: {
    type: 'number', default: 20, min: 0, exclusiveMin: true, unit: '1/(mid-relative price x order)',
    doc: 'Risk aversion with prices measured in units of the current mid and q in orders (gamma in quote currency = gamma / mid). 20 gives ~5 bps of reservation skew per order held with BTC 1m sigma and a 1 h horizon.',
  },
  ...quotingSchema,
  horizon: { type: 'object', schema: horizonSchema, doc: 'T - t: rolling (perpetual, default) or session (finite horizon).' },
  volatility: { type: 'object', schema: volatilityInputSchema, doc: 'Realised volatility estimator.' },
  intensity: { type: 'object', schema: intensityInputSchema, doc: 'Order-arrival intensity lambda(delta) = A exp(-k delta) (A-S uses k only).' },
} as const satisfies ConfigSchema;
export type AvellanedaStoikovConfig = ConfigOf<typeof avellanedaStoikovConfigSchema>;

/**
 * Avellaneda-Stoikov (2008) quoting on live data. The paper's formula is evaluated with prices in
 * units of the current mid (sigma of log returns per sqrt(s), k per relative depth, gamma per
 * relative price), which is the paper's model exactly, rescaled (see formulas/units.ts), and makes
 * one gamma mean the same for BTC at 28k and ETH at 1.8k. q = inventory / order size.
 */
export class AvellanedaStoikovQuoter implements ModelQuoter {
  readonly name = 'avellaneda-stoikov';

  get orderFraction(): number {
    return this.config.orderFraction;
  }
  readonly config: AvellanedaStoikovConfig;
  private readonly inputs: MarketInputs;

  constructor(config: unknown = {}) {
    this.config = parseConfig(avellanedaStoikovConfigSchema, config, 'avellanedaStoikov');
    this.inputs = new MarketInputs(this.config.volatility, this.config.intensity, { allowCandleProxyK: true });
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
    const tau = timeToHorizonSeconds(c.horizon, ctx.now);
    const gamma = c.gamma * m.gamma;
    const rel = avellanedaStoikovQuotes({ mid: 1, q, gamma, sigma: inputs.sigma, tau, k: inputs.intensity.kRelative });
    const fee = c.addMakerFee ? ctx.instrument.makerFee : 0;
    const centre = 1 + (rel.reservation - 1) * m.skew;
    const halfDistance = (rel.spread / 2) * m.spread + fee;
    const diagnostics = {
      mid,
      r: centre * mid,
      spread: 2 * halfDistance * mid,
      spreadBps: 2 * halfDistance * 10_000,
      sigma: inputs.sigma,
      sigmaPrice: inputs.sigma * mid,
      A: inputs.intensity.A,
      k: inputs.intensity.kRelative,
      kPrice: inputs.intensity.kRelative / mid,
      q,
      gamma,
      tau,
      orderSize: size,
      volatilityReady: inputs.volatilityReady ? 1 : 0,
      intensityReady: inputs.intensity.ready ? 1 : 0,
      intensitySource: inputs.intensitySource,
      sigmaCloseToClose: inputs.sigmaCloseToClose,
      candleProxyReachRate: inputs.candleProxy.reachRate,
      candleProxyK: inputs.candleProxy.kRelative,
    };
    return buildQuoteIntent(ctx, {
      bidPrice: (centre - halfDistance) * mid,
      askPrice: (centre + halfDistance) * mid,
      size,
      quoteBid: q < c.maxInventoryOrders,
      quoteAsk: q > -c.maxInventoryOrders,
    }, diagnostics, { levels: c.levels, spacing: (c.levelSpacingBps / 10_000) * mid });
  }
}

/** An A-S Strategy the engine can drive directly. `config` is parsed strictly (see the schema). */
export function createAvellanedaStoikovStrategy(config: unknown = {}): Strategy {
  const quoter = new AvellanedaStoikovQuoter(config);
  return quoterStrategy(quoter, quoter.config.requoteIntervalMs);
}
