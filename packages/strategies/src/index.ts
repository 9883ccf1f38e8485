export { type StrategyFormat, type FormatOptions, type FormatConfig } from './strategy-format';
export { defineFormat, type FormatSpec, type ModelSpec } from './define-format';
export { withDefaults } from './schema-defaults';
export { checkSearchSpace, type SearchRange, type SearchSpace } from './search-space';
export {
  listFormats,
  getFormat,
  registerFormat,
  parseFormatConfig,
  formatConfigToJSON,
  formatConfigFromJSON,
  createStrategyFromFormat,
} from './format-registry';
export { FIXED_SPREAD_FORMAT, AS_BASELINE_FORMAT, AS_STABLE_FORMAT, GLFT_FORMAT, GLFT_STABLE_FORMAT } from './formats/baseline-formats';
export { RL_ENHANCED_FORMAT, policyOf } from './formats/rl-enhanced-format';
