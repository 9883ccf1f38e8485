import type { ConfigOf, ConfigSchema, FieldSpec, Strategy } from '@mml/core';
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
      if (overlays === undefined) return { ...bareModel(model), name: spec.name };
      return withOverlays(model, createStabilityOverlays(overlays), new RiskStateTracker(overlays.riskState), spec.name);
    },
  };
}

/**
 * The model itself, renamed to the format (methods bound, so the model's state stays its own),
 * with its diagnostics schema and, when it has them, its observe/quote split.
 */
function bareModel(model: Strategy): Strategy {
  const { observe, quote, onFill } = model;
  return {
    name: model.name,
    ...(model.diagnosticsSchema ? { diagnosticsSchema: model.diagnosticsSchema } : {}),
    onEvent: (event, ctx) => model.onEvent(event, ctx),
    ...(onFill ? { onFill: (fill, ctx) => onFill.call(model, fill, ctx) } : {}),
    ...(observe && quote ? { observe: observe.bind(model), quote: quote.bind(model) } : {}),
  };
}
