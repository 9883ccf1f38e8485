import {
  avellanedaStoikovConfigSchema,
  createAvellanedaStoikovStrategy,
  createFixedSpreadStrategy,
  createGlftStrategy,
  fixedSpreadConfigSchema,
  glftConfigSchema,
} from '@mml/models';
import { defineFormat, type ModelSpec } from '../define-format';
import { STABLE_OVERLAY_DEFAULTS } from './stable-overlay-defaults';

const fixedSpreadModel: ModelSpec<typeof fixedSpreadConfigSchema> = { schema: fixedSpreadConfigSchema, create: (config) => createFixedSpreadStrategy(config) };
const avellanedaStoikovModel: ModelSpec<typeof avellanedaStoikovConfigSchema> = { schema: avellanedaStoikovConfigSchema, create: (config) => createAvellanedaStoikovStrategy(config) };
const glftModel: ModelSpec<typeof glftConfigSchema> = { schema: glftConfigSchema, create: (config) => createGlftStrategy(config) };

/** Naive symmetric baseline: fixed spread around the mid, no skew, no overlays. */
export const FIXED_SPREAD_FORMAT = defineFormat({
  name: 'fixed-spread',
  version: 1,
  description: 'symmetric fixed spread around the mid, no inventory skew, no overlays (naive baseline)',
  model: fixedSpreadModel,
  overlays: false,
});

export const AS_BASELINE_FORMAT = defineFormat({
  name: 'as-baseline',
  // 2: models' sigma on candles is Yang-Zhang (OHLC); the intensity fit counts orders by MLE vs the
  // instantaneous mid; GLFT never takes A from the candle proxy (issue 13).
  version: 2,
  description: 'Avellaneda-Stoikov alone (rolling horizon), no overlays',
  model: avellanedaStoikovModel,
  overlays: false,
});

export const AS_STABLE_FORMAT = defineFormat({
  name: 'as-stable',
  // 2: models' sigma on candles is Yang-Zhang (OHLC); the intensity fit counts orders by MLE vs the
  // instantaneous mid; GLFT never takes A from the candle proxy (issue 13).
  version: 2,
  description: 'Avellaneda-Stoikov + all stability overlays (vol-widen > adverse-move > drawdown-breaker > risk-off)',
  model: avellanedaStoikovModel,
  overlays: STABLE_OVERLAY_DEFAULTS,
});

export const GLFT_FORMAT = defineFormat({
  name: 'glft',
  // 2: models' sigma on candles is Yang-Zhang (OHLC); the intensity fit counts orders by MLE vs the
  // instantaneous mid; GLFT never takes A from the candle proxy (issue 13).
  version: 2,
  description: 'Gueant-Lehalle-Fernandez-Tapia asymptotic quotes alone, no overlays',
  model: glftModel,
  overlays: false,
});

export const GLFT_STABLE_FORMAT = defineFormat({
  name: 'glft-stable',
  // 2: models' sigma on candles is Yang-Zhang (OHLC); the intensity fit counts orders by MLE vs the
  // instantaneous mid; GLFT never takes A from the candle proxy (issue 13).
  version: 2,
  description: 'GLFT + all stability overlays (vol-widen > adverse-move > drawdown-breaker > risk-off)',
  model: glftModel,
  overlays: STABLE_OVERLAY_DEFAULTS,
});
