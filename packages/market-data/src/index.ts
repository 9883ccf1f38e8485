// Public API of @mml/market-data: every number that enters MarketMakerL comes through here.
export const PACKAGE_NAME = '@mml/market-data';

export { sharedDataDir, repoRoot, SHARED_BTCUSDT_1M } from './paths';
export { readTextLines, type NumberedLine } from './files/text-lines';
export { type CandleFileFormat, detectCandleFormat, formatCacheRow, CACHE_CANDLE_HEADER, SHARED_CANDLE_HEADER } from './files/candle-format';
export { readCandleFile, loadCandles, type CandleFileOptions, type CandleStream, type LoadCandlesOptions } from './files/candle-file';
export {
  type QualityPolicy,
  type QualityFinding,
  type QualityFindingKind,
  type CandleGap,
  type CandleHalt,
  type DataQualityReport,
} from './quality/candle-quality';
