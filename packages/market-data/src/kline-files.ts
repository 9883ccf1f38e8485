// `@mml/market-data/kline-files`: the kline file reader alone, for a thread that only loads a
// candle file (workflows' candle prefetch), without the modules of the package index (exchange
// source, tick files, synthetic markets, streams). The package index exports the same functions.
export { loadCandles, type LoadCandlesOptions } from './files/candle-file';
export { detectCandleFormat } from './files/candle-format';
export { readTextLines } from './files/text-lines';
export type { DataQualityReport, QualityPolicy } from './quality/candle-quality';
export { loadCandlesCached, type CachedCandleLoad } from './files/candle-cache';
