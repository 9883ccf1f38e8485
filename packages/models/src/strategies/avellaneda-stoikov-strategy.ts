import { parseConfig, QuoteIntentBuffer, type ConfigOf, type ConfigSchema, type MarketEvent, type QuoteIntent, type Strategy, type StrategyContext } from '@mml/core';
import { avellanedaStoikovLiquidityTerm } from '../formulas/avellaneda-stoikov';
import { INPUT_DIAGNOSTIC_SLOTS, MarketInputs, intensityInputSchema, volatilityInputSchema } from './market-inputs';
import { quoterStrategy, type ModelQuoter } from './model-quoter';
import { createRawQuote, quoteModelPrices, quoterSchema, sizeModelQuote, type QuoteMultipliers } from './quote-builder';
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
/** The A-S quote's diagnostics, in slot order (written on every quote). */
export const AVELLANEDA_STOIKOV_SLOTS = [
  'mid', 'r', 'spread', 'spreadBps', 'sigma', 'sigmaPrice', 'A', 'k', 'kPrice', 'q', 'gamma', 'tau', 'orderSize',
  ...INPUT_DIAGNOSTIC_SLOTS,
] as const;

export class AvellanedaStoikovQuoter implements ModelQuoter {
  readonly name = 'avellaneda-stoikov';
  readonly diagnosticsSchema = quoterSchema(AVELLANEDA_STOIKOV_SLOTS);
  private readonly intent: QuoteIntentBuffer;
  private readonly raw = createRawQuote();

  get orderFraction(): number {
    return this.config.orderFraction;
  }
  readonly config: AvellanedaStoikovConfig;
  private readonly inputs: MarketInputs;

  constructor(config: unknown = {}) {
    this.config = parseConfig(avellanedaStoikovConfigSchema, config, 'avellanedaStoikov');
    this.inputs = new MarketInputs(this.config.volatility, this.config.intensity, { allowCandleProxyK: true });
    this.intent = new QuoteIntentBuffer(this.config.levels, this.diagnosticsSchema);
  }

  observe(event: MarketEvent): void {
    this.inputs.observe(event);
  }

  /** See ModelQuoter.inputsChanged: the estimates, and tau (which moves in session mode). */
  inputsChanged(at: StrategyContext): boolean {
    const moved = this.inputs.changedSinceQuoted(at);
    return moved || timeToHorizonSeconds(this.config.horizon, at.now) !== this.quotedTau;
  }

  private quotedTau = NaN;
  /** gamma and k of the last liquidity term computed (NaN: none yet, never equal; both checked > 0 then). */
  private readonly liquidityOf = new Float64Array(2).fill(NaN);
  private liquidityTerm = NaN;

  /**
   * The liquidity term of the gamma and k in liquidityOf (which the caller has just written: they
   * reach the formula from there, as a number passed to a call V8 does not inline is boxed).
   */
  private refreshLiquidityTerm(): void {
    this.liquidityTerm = avellanedaStoikovLiquidityTerm(this.liquidityOf[0], this.liquidityOf[1]);
  }

  quote(ctx: StrategyContext, m: QuoteMultipliers, into?: QuoteIntentBuffer): QuoteIntent {
    const intent = into ?? this.intent;
    const c = this.config;
    const raw = this.raw;
    sizeModelQuote(raw, c, ctx);
    const mid = raw.mid;
    const size = raw.size;
    const q = raw.q;
    const inputs = this.inputs.snapshot(ctx);
    const horizon = c.horizon;
    const tau = horizon.mode === 'rolling' ? horizon.horizonSeconds : timeToHorizonSeconds(horizon, ctx.now);
    this.inputs.markQuoted(inputs);
    this.quotedTau = tau;
    const gamma = c.gamma * m.gamma;
    // The paper's quotes with mid = 1 (prices in units of the mid). Its two per-quote formulas are
    // written out here, the very expressions of avellanedaStoikovReservation(1, q, gamma, sigma, tau)
    // and avellanedaStoikovInventoryTerm(gamma, sigma, tau) (the same numbers; pinned by
    // strategies.spec): a number passed to or returned from a call V8 does not inline is boxed, a
    // heap number each, per quote.
    const k = inputs.intensity.kRelative;
    const sigma = inputs.sigma;
    const inventoryTerm = gamma * sigma * sigma * Math.max(0, tau);
    const reservation = 1 - q * gamma * sigma * sigma * Math.max(0, tau);
    // avellanedaStoikovSpreadOf, its liquidity term (a log) kept while gamma and k are the same
    // numbers (k from a trade fit moves once a minute; gamma with the multipliers): the same sum.
    if (gamma !== this.liquidityOf[0] || k !== this.liquidityOf[1]) {
      this.liquidityOf[0] = gamma;
      this.liquidityOf[1] = k;
      this.refreshLiquidityTerm();
    }
    const spread = inventoryTerm + this.liquidityTerm;
    const fee = c.addMakerFee ? ctx.instrument.makerFee : 0;
    const centre = 1 + (reservation - 1) * m.skew;
    const halfDistance = (spread / 2) * m.spread + fee;
    const v = intent.diagnostics.values;
    v[0] = mid;
    v[1] = centre * mid;
    v[2] = 2 * halfDistance * mid;
    v[3] = 2 * halfDistance * 10_000;
    v[4] = inputs.sigma;
    v[5] = inputs.sigma * mid;
    v[6] = inputs.intensity.A;
    v[7] = k;
    v[8] = k / mid;
    v[9] = q;
    v[10] = gamma;
    v[11] = tau;
    v[12] = size;
    this.inputs.writeDiagnostics(intent.diagnostics, 13, inputs);
    raw.bidPrice = (centre - halfDistance) * mid;
    raw.askPrice = (centre + halfDistance) * mid;
    return quoteModelPrices(intent, ctx, raw, c, this.diagnosticsSchema.slots.length);
  }
}

/** An A-S Strategy the engine can drive directly. `config` is parsed strictly (see the schema). */
export function createAvellanedaStoikovStrategy(config: unknown = {}): Strategy {
  const quoter = new AvellanedaStoikovQuoter(config);
  return quoterStrategy(quoter, quoter.config.requoteIntervalMs);
}
