import type { ConfigOf, ConfigSchema, FieldSpec, Fill, MarketEvent, QuoteIntent, Strategy, StrategyContext } from '@mml/core';
import { createStabilityOverlays, RiskStateTracker, STABILITY_OVERLAYS_SCHEMA, withOverlays } from '@mml/risk-overlays';
import { withDefaults } from './schema-defaults';
import { checkSearchSpace, type SearchSpace } from './search-space';
import type { FormatOptions, StrategyFormat } from './strategy-format';

/** How to build the model half of a format. */
export interface ModelSpec<M extends ConfigSchema> {
  schema: M;
  create(config: ConfigOf<M>, options: FormatOptions): Strategy;
}

export interface FormatSpec<M extends ConfigSchema> {
  name: string;
  version: number;
  description: string;
  model: ModelSpec<M>;
  /** The format's own defaults for the model config (validated against the model schema). */
  modelDefaults?: Record<string, unknown>;
  /**
   * false: the bare model. Otherwise the stability overlays (see @mml/risk-overlays) with these
   * default overrides; the config then has an `overlays` object with every overlay's parameters.
   */
  overlays: false | Record<string, unknown>;
  /**
   * What walk-forward optimises for this format (dotted keys into the format config, e.g.
   * "model.gamma"); checked against the schema here. Without one, walk-forward runs the format's
   * defaults (one candidate per fold).
   */
  searchSpace?: SearchSpace;
}


/**
 * Composes a named format from a model and (optionally) the stability overlays. The config object
 * is `{ model: {...}, overlays?: {...} }`; the strategy is the model wrapped by `withOverlays`,
 * with the risk tracker configured by `overlays.riskState`.
 */
export function defineFormat<M extends ConfigSchema>(spec: FormatSpec<M>): StrategyFormat {
  const modelSchema = withDefaults(spec.model.schema, spec.modelDefaults ?? {}, `${spec.name}.model`);
  const schema: Record<string, FieldSpec> = { model: { type: 'object', schema: modelSchema, doc: `${spec.name} model parameters` } };
  let overlayOrder: readonly string[] = [];
  if (spec.overlays !== false) {
    const overlaySchema = withDefaults(STABILITY_OVERLAYS_SCHEMA, spec.overlays, `${spec.name}.overlays`);
    schema.overlays = { type: 'object', schema: overlaySchema, doc: 'stability overlays, applied in a fixed order' };
    overlayOrder = createStabilityOverlays(spec.overlays).order;
  }
  if (spec.searchSpace !== undefined) checkSearchSpace(spec.searchSpace, schema, `${spec.name}.searchSpace`);
  return {
    name: spec.name,
    version: spec.version,
    description: spec.description,
    schema,
    ...(spec.searchSpace !== undefined ? { searchSpace: spec.searchSpace } : {}),
    overlayOrder,
    overlayOrderOf: (config) => (config.overlays === undefined ? [] : [...createStabilityOverlays(config.overlays).order]),
    create(config: Record<string, unknown>, options: FormatOptions): Strategy {
      const model = spec.model.create(config.model as ConfigOf<M>, options);
      const overlays = config.overlays as ConfigOf<typeof STABILITY_OVERLAYS_SCHEMA> | undefined;
      if (overlays === undefined) return bareModel(model, spec.name);
      return withOverlays(model, createStabilityOverlays(overlays), new RiskStateTracker(overlays.riskState), spec.name);
    },
  };
}

/**
 * The model itself, renamed to the format (its state stays its own), with its diagnostics schema
 * and, when it has them, its observe/quote split. Classes, so the engine calls one stable shape.
 */
function bareModel(model: Strategy, name: string): Strategy {
  return model.observe !== undefined && model.quote !== undefined ? new RenamedSplitModel(model, name) : new RenamedModel(model, name);
}

class RenamedModel implements Strategy {
  readonly diagnosticsSchema: Strategy['diagnosticsSchema'];
  /** The model's onFill, when it has one (the engine builds fills for a strategy only then). */
  readonly onFill: Strategy['onFill'];

  constructor(
    protected readonly model: Strategy,
    readonly name: string,
  ) {
    this.diagnosticsSchema = model.diagnosticsSchema;
    const onFill = model.onFill;
    this.onFill = onFill === undefined ? undefined : (fill: Fill, ctx: StrategyContext) => onFill.call(model, fill, ctx);
  }

  onEvent(event: MarketEvent, ctx: StrategyContext): QuoteIntent | undefined {
    return this.model.onEvent(event, ctx);
  }
}

class RenamedSplitModel extends RenamedModel {
  observe(event: MarketEvent, ctx: StrategyContext): boolean {
    return (this.model.observe as NonNullable<Strategy['observe']>)(event, ctx);
  }

  quote(ctx: StrategyContext): QuoteIntent | undefined {
    return (this.model.quote as NonNullable<Strategy['quote']>)(ctx);
  }
}
