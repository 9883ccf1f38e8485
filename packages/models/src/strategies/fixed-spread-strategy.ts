import { parseConfig, QuoteIntentBuffer, type ConfigOf, type ConfigSchema, type QuoteIntent, type Strategy, type StrategyContext } from '@mml/core';
import { quoterStrategy, type ModelQuoter } from './model-quoter';
import { createRawQuote, quoteModelPrices, quoterSchema, sizeModelQuote, type QuoteMultipliers } from './quote-builder';
import { quotingSchema } from './quoting-config';

const { addMakerFee: _fee, ...sharedQuoting } = quotingSchema;

export const fixedSpreadConfigSchema = {
  spreadBps: {
    type: 'number', default: 40, min: 0, exclusiveMin: true, unit: 'bps of mid',
    doc: 'Total quoted spread: bid at mid x (1 - spread/2), ask at mid x (1 + spread/2). 40 bps clears two 10 bps maker fees.',
  },
  ...sharedQuoting,
} as const satisfies ConfigSchema;
export type FixedSpreadConfig = ConfigOf<typeof fixedSpreadConfigSchema>;

/**
 * The naive baseline of the research matrix: a symmetric fixed spread around the mid, no inventory
 * skew, no estimators. Only the inventory bound (maxInventoryOrders) stops one-sided accumulation.
 * The spread multiplier scales the spread; gamma/skew multipliers have nothing to act on.
 */
const FIXED_SPREAD_SLOTS = ['mid', 'r', 'spread', 'spreadBps', 'q', 'orderSize'] as const;

export class FixedSpreadQuoter implements ModelQuoter {
  readonly name = 'fixed-spread';
  readonly diagnosticsSchema = quoterSchema(FIXED_SPREAD_SLOTS);
  private readonly intent: QuoteIntentBuffer;
  private readonly raw = createRawQuote();

  get orderFraction(): number {
    return this.config.orderFraction;
  }
  readonly config: FixedSpreadConfig;

  constructor(config: unknown = {}) {
    this.config = parseConfig(fixedSpreadConfigSchema, config, 'fixedSpread');
    this.intent = new QuoteIntentBuffer(this.config.levels, this.diagnosticsSchema);
  }

  observe(): void {
    // Stateless: the quotes depend on the current mid only.
  }

  /** See ModelQuoter.inputsChanged: nothing but ctx (which the engine watches) moves these quotes. */
  inputsChanged(): boolean {
    return false;
  }

  quote(ctx: StrategyContext, m: QuoteMultipliers, into?: QuoteIntentBuffer): QuoteIntent {
    const intent = into ?? this.intent;
    const raw = this.raw;
    sizeModelQuote(raw, this.config, ctx);
    const mid = raw.mid;
    const size = raw.size;
    const q = raw.q;
    const half = (this.config.spreadBps / 20_000) * m.spread;
    const v = intent.diagnostics.values;
    v[0] = mid;
    v[1] = mid;
    v[2] = 2 * half * mid;
    v[3] = 2 * half * 10_000;
    v[4] = q;
    v[5] = size;
    const c = this.config;
    raw.bidPrice = mid * (1 - half);
    raw.askPrice = mid * (1 + half);
    return quoteModelPrices(intent, ctx, raw, c, this.diagnosticsSchema.slots.length);
  }
}

export function createFixedSpreadStrategy(config: unknown = {}): Strategy {
  const quoter = new FixedSpreadQuoter(config);
  return quoterStrategy(quoter, quoter.config.requoteIntervalMs);
}
