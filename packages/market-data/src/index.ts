// Public API of @mml/market-data: every number that enters MarketMakerL comes through here.
export const PACKAGE_NAME = '@mml/market-data';

export { sharedDataDir, repoRoot, SHARED_BTCUSDT_1M } from './paths';
export { readTextLines, readWholeTextLines, DEFAULT_MAX_LINE_LENGTH, type NumberedLine, type ReadTextLinesOptions, type WholeTextLines } from './files/text-lines';
export { parseDecimalField, parseIntegerField, type DecimalFieldOptions } from './files/strict-number';
export { EARLIEST_PLAUSIBLE_MS, FUTURE_TOLERANCE_MS, ImplausibleTimeError, epochUnitOf, type EpochUnit } from './files/epoch-time';
export {
  type CandleFileFormat,
  detectCandleFormat,
  formatCacheRow,
  formatBarLength,
  CACHE_CANDLE_HEADER,
  SHARED_CANDLE_HEADER,
  MIN_BAR_MS,
  MAX_BAR_MS,
} from './files/candle-format';
export { symbolFromFileName, symbolFromContents, dataFileSymbols, splitSymbol, sameBaseQuote, type DataSymbol } from './files/data-symbol';
export { readCandleFile, loadCandles, type CandleFileOptions, type CandleStream, type LoadCandlesOptions } from './files/candle-file';
export { loadCandlesCached, loadCandleRowsCached, candleCacheKey, CANDLE_CACHE_VERSION, type CachedCandleLoad, type CachedCandleRows } from './files/candle-cache';
export { CANDLE_ROW_FIELDS, CANDLE_ROW_WIDTH, candlesToRows, rowsToCandles } from './files/candle-rows';
export {
  type QualityPolicy,
  type QualityFinding,
  type QualityFindingKind,
  type CandleGap,
  type CandleHalt,
  type DataQualityReport,
} from './quality/candle-quality';
export { PriceSpikeDetector, DEFAULT_SPIKE_MULTIPLE, DEFAULT_SPIKE_WINDOW, DEFAULT_SPIKE_FLOOR_FRACTION, type PriceSpikeOptions } from './quality/price-spike';
export { readTradeFile, readBookTickerFile, readDepthFile, TRADES_HEADER, BOOKTICKER_HEADER, DEPTH_HEADER, type TickFileOptions, type DepthDiffEvent, type DepthSnapshotEvent } from './files/tick-files';
export { OrderBook, type UpdateIdChain, type DiffOutcome } from './files/order-book';
export { readTickReplay, measureClockOffset, type TickReplayPaths, type TickReplayOptions } from './files/tick-replay';
export {
  generateSyntheticMarket,
  generateSyntheticCandles,
  BTCUSDT_CALIBRATED,
  SYNTHETIC_MARKET_SCHEMA,
  type SyntheticMarketConfig,
} from './synthetic/synthetic-market';
export { generateBrownianMarket, BROWNIAN_MARKET_SCHEMA, type BrownianMarketConfig } from './synthetic/brownian-market';
export {
  KnownEdgeFlow,
  KNOWN_EDGE_MARKET_SCHEMA,
  parseKnownEdgeConfig,
  informedDecay,
  type KnownEdgeMarketConfig,
  type KnownEdgeSink,
} from './synthetic/known-edge-market';
export { generateKnownEdgeMarket, generateKnownEdgeCandles } from './synthetic/known-edge-events';
export {
  fillRatesAtDepth,
  symmetricQuoteTruth,
  inventoryRuleTruth,
  type DepthFillRates,
  type KnownEdgeTruth,
  type InventoryQuotingRule,
  type InventoryRuleTruth,
} from './synthetic/known-edge-oracle';
export { calibrateSynthetic, calibrateTradeFlow, type CandleCalibration, type TradeFlowCalibration, type CalibrationOptions } from './synthetic/calibration';
// A ccxt exchange and the ExchangeSource around it: `@mml/market-data/exchange` (their types are ccxt's).
// Nothing exported here loads ccxt until an exchange call is made (exchange/ccxt-module.ts).
export { exchangeUrlFromEnv } from './exchange/exchange-url';
export { withRetry, isRetryable, ExchangeCallError, type RetryOptions, type RetryInfo } from './exchange/retry';
export { forgetFailedMarketsLoad } from './exchange/forget-failed-markets-load';
export { fetchData, MAX_FETCH_DAYS, readCachedCandles, candleCacheDir, timeframeMs, type FetchDataOptions, type FetchDataResult, type DataManifest, type ChunkEntry } from './fetch-data';
export type { ReplayOptions, PollOptions, PollSource } from './streams/market-streams';
// rxjs (~220 modules, ~0.1 s of startup) loads on the first call, not with the package: file
// replays and backtests (every worker thread of a research run) never use the streams.
type MarketStreams = typeof import('./streams/market-streams');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const marketStreams = (): MarketStreams => require('./streams/market-streams') as MarketStreams;
export const replay$: MarketStreams['replay$'] = (...args) => marketStreams().replay$(...args);
export const poll$: MarketStreams['poll$'] = (...args) => marketStreams().poll$(...args);
export { type TickEvent, type TickTrade, type TickBbo, type TickDepth, type TickSnapshot, type TickClocks, type TickStream } from './ticks/tick-event';
export { TickQualityChecker, type TickFindingKind, type TickFinding, type TickQualityReport } from './ticks/tick-quality';
export { readBinanceCapture, CaptureLineParser, localTimeScale, localMs, type CaptureReadOptions } from './ticks/binance-capture';
export { BinanceBookSync, inferTickSize, type DepthMarket, type DiffDecision, type BookSyncStats } from './ticks/binance-book-sync';
export { TickColumnsBuilder, columnEvent, columnEvents, type TickColumns, KIND_TRADE, KIND_BBO, KIND_DEPTH, KIND_SNAPSHOT } from './ticks/tick-columns';
export { loadTickColumns, readTickCache, writeTickCache, tickCacheKey, TICK_CACHE_VERSION, type LoadedTicks, type TickCacheMeta } from './ticks/tick-cache';
export { replayDepth, detectDepthMarket, hasSnapshot, type DepthReplayHooks } from './ticks/book-replay';
export { checkBook, type BookCheckResult, type BookCheckMismatch } from './ticks/check-book';
export { groupCaptureFiles, type CaptureGroup } from './ticks/capture-files';
export { readBinanceDump, dumpKindFromName, type BinanceDumpKind, type DumpReadOptions } from './ticks/binance-dump';
export { openZipEntry } from './ticks/zip-entry';
export { readArchiveLines } from './ticks/text-source';
export { fetchTradesData, AGG_TRADES_HEADER, TRADES_HEADER as FETCHED_TRADES_HEADER, type FetchTradesOptions, type FetchTradesResult, type TradesManifest, type TradesChunk } from './ticks/fetch-trades';
export { readTickCsv, type TickCsvOptions } from './ticks/tick-csv';
export { TickSequence } from './ticks/tick-sequence';
export { detectTickFormat, tickSourceGroups, openTickGroup, loadTickGroup, type TickFormat, type TickSourceGroup, type TickReadOptions } from './ticks/tick-sources';
export { localNowNs, type RawMessage, type RawSink } from './streams/raw-message';
export { captureLine, type CaptureLineResult, type CaptureLineOptions } from './streams/capture-line';
export { binanceRestApiKey } from './exchange/binance-rest-api';
// Live streams (ccxt pro: watchOrderBook / watchTrades / bookTicker as Observables, the raw message
// tap, the recorder session) are in `@mml/market-data/exchange`: their types are ccxt's.
export { CaptureRecorder, type CaptureRecorderOptions, type CaptureRecorderStats } from './streams/capture-recorder';
