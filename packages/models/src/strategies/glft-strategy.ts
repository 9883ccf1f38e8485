import { parseConfig, QuoteIntentBuffer, type ConfigOf, type ConfigSchema, type MarketEvent, type QuoteIntent, type Strategy, type StrategyContext } from '@mml/core';
import { assertGlftInputs, glftC1, glftC2 } from '../formulas/glft';
import { INPUT_DIAGNOSTIC_SLOTS, MarketInputs, intensityInputSchema, volatilityInputSchema } from './market-inputs';
import { quoterStrategy, type ModelQuoter } from './model-quoter';
import { createRawQuote, quoteModelPrices, quoterSchema, sizeModelQuote, type QuoteMultipliers } from './quote-builder';
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
/** The GLFT quote's diagnostics, in slot order (written on every quote). */
export const GLFT_SLOTS = [
  'mid', 'r', 'spread', 'spreadBps', 'halfSpreadBps', 'skewBps', 'c1', 'c2', 'sigma', 'A', 'k', 'q', 'gamma', 'orderSize',
  ...INPUT_DIAGNOSTIC_SLOTS,
] as const;

export class GlftQuoter implements ModelQuoter {
  readonly name = 'glft';
  readonly diagnosticsSchema = quoterSchema(GLFT_SLOTS);
  private readonly intent: QuoteIntentBuffer;
  private readonly raw = createRawQuote();
  /** gamma, xi, A and k of the last c1, c2 computed (NaN: none yet, never equal). */
  private readonly coefficientsOf = new Float64Array(4).fill(NaN);
  private c1 = NaN;
  private c2 = NaN;

  get orderFraction(): number {
    return this.config.orderFraction;
  }
  readonly config: GlftConfig;
  private readonly inputs: MarketInputs;

  constructor(config: unknown = {}) {
    this.config = parseConfig(glftConfigSchema, config, 'glft');
    this.inputs = new MarketInputs(this.config.volatility, this.config.intensity, { allowCandleProxyK: false });
    this.intent = new QuoteIntentBuffer(this.config.levels, this.diagnosticsSchema);
  }

  observe(event: MarketEvent): void {
    this.inputs.observe(event);
  }

  /** See ModelQuoter.inputsChanged: the estimates. */
  inputsChanged(at: StrategyContext): boolean {
    return this.inputs.changedSinceQuoted(at);
  }

  quote(ctx: StrategyContext, m: QuoteMultipliers, into?: QuoteIntentBuffer): QuoteIntent {
    const intent = into ?? this.intent;
    const c = this.config;
    const inputs = this.inputs.snapshot(ctx);
    this.inputs.markQuoted(inputs);
    const raw = this.raw;
    sizeModelQuote(raw, c, ctx);
    const mid = raw.mid;
    const size = raw.size;
    const q = raw.q;
    const gamma = c.gamma * m.gamma;
    // GLFT with Delta = 1 order, prices in units of the mid (mid = 1).
    const xi = c.xiMode === 'gamma' ? gamma : 0;
    const A = inputs.intensity.A;
    const k = inputs.intensity.kRelative;
    // c1 and c2 (two logs, an exp and a sqrt) depend on gamma, xi, A and k alone, which stay the
    // same from quote to quote (on candles A and k are the fixed ones): computed again only when
    // one of them is not the same number as at the last computation (all checked > 0, or xi = 0,
    // so === is equality of bits), so they are the very numbers the formulas give.
    if (gamma !== this.coefficientsOf[0] || xi !== this.coefficientsOf[1] || A !== this.coefficientsOf[2] || k !== this.coefficientsOf[3]) {
      assertGlftInputs(gamma, xi, 1, A, k);
      this.c1 = glftC1(xi, 1, k);
      this.c2 = glftC2(gamma, xi, 1, A, k);
      this.coefficientsOf[0] = gamma;
      this.coefficientsOf[1] = xi;
      this.coefficientsOf[2] = A;
      this.coefficientsOf[3] = k;
    }
    const c1 = this.c1;
    const c2 = this.c2;
    const sigma = inputs.sigma;
    const fee = c.addMakerFee ? ctx.instrument.makerFee : 0;
    const halfSpread = (c1 + (1 / 2) * sigma * c2) * m.spread + fee;
    const skew = sigma * c2 * m.skew;
    const bidDepth = halfSpread + skew * q;
    const askDepth = halfSpread - skew * q;
    const v = intent.diagnostics.values;
    v[0] = mid;
    v[1] = (1 - skew * q) * mid;
    v[2] = (bidDepth + askDepth) * mid;
    v[3] = (bidDepth + askDepth) * 10_000;
    v[4] = halfSpread * 10_000;
    v[5] = skew * 10_000;
    v[6] = c1;
    v[7] = c2;
    v[8] = sigma;
    v[9] = A;
    v[10] = k;
    v[11] = q;
    v[12] = gamma;
    v[13] = size;
    this.inputs.writeDiagnostics(intent.diagnostics, 14, inputs);
    raw.bidPrice = (1 - bidDepth) * mid;
    raw.askPrice = (1 + askDepth) * mid;
    return quoteModelPrices(intent, ctx, raw, c, this.diagnosticsSchema.slots.length);
  }
}

export function createGlftStrategy(config: unknown = {}): Strategy {
  const quoter = new GlftQuoter(config);
  return quoterStrategy(quoter, quoter.config.requoteIntervalMs);
}
