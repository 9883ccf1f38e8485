export { DataError, ConfigError, UsageError, ArtifactWriteError, type DataErrorLocation } from './errors';
export { retryWithBackoff, backoffDelayMs, assertBackoffPolicy, abortableSleep, type BackoffPolicy, type AttemptFailure, type RetryControl } from './backoff';
export { redactCredentials } from './redact-credentials';
export { parseNumberOption, describeRange, type NumberRange } from './number-option';
export { decimalPlaces, parseOnGrid, formatOnGrid } from './decimal-units';
export { type Side, oppositeSide, sideSign } from './side';
export { Instrument, createInstrument, FEE_RATE_SCALE, BINANCE_BTCUSDT_SPOT, BINANCE_BTCUSDT_USDM_PERP, type InstrumentSpec } from './instrument';
export {
  type MarketEvent,
  type MarketEventKind,
  type CandleEvent,
  type TradeEvent,
  type BookLevel,
  type BookSnapshotEvent,
  type BookDeltaEvent,
  type BestBidAskEvent,
  eventMid,
} from './market-event';
export {
  type QuoteLevel,
  type QuoteIntent,
  type GridQuoteInput,
  emptyQuoteIntent,
  isUncrossed,
  gridQuote,
  gridQuoteInto,
  intentDiagnostics,
  intentReasons,
  isBreakerTrip,
  intentRecord,
  type QuoteIntentRecord,
} from './quote-intent';
export { DiagnosticsSchema, EMPTY_DIAGNOSTICS_SCHEMA, BREAKER_TRIP, type ReasonSpec } from './diagnostics-schema';
export { QuoteDiagnostics, MAX_REASONS_PER_INTENT, type DeferredDiagnostic } from './quote-diagnostics';
export { QuoteIntentBuffer } from './quote-intent-buffer';
export { type Fill, type Liquidity } from './fill';
export { type Strategy, type StrategyContext } from './strategy';
export { QuoteInputsWatch } from './quote-inputs-watch';
export { type RunMetrics, type RejectedLevels, REJECT_REASONS } from './metrics';
export { type PnlAttribution, type MarkoutStat } from './pnl-attribution';
export { SeededRandom, deriveSeed } from './random';
export { type Clock, ManualClock, systemClock } from './clock';
export {
  parseConfig,
  defaultConfig,
  describeConfig,
  configZod,
  configJsonSchema,
  type ConfigSchema,
  type ConfigOf,
  type FieldSpec,
  type NumberField,
  type BooleanField,
  type StringField,
  type ObjectField,
} from './config-schema';
export { configErrorOf } from './config-error-of';
export { stableStringify } from './stable-json';
export { DenseOrderBook, type BookSide, type DenseOrderBookOptions } from './book/dense-order-book';
