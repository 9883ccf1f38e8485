// `@mml/market-data/files`: the data-file readers alone — kline files (and their cache), which
// symbol a file holds, and the tick CSV headers that tell the kinds of file apart — for a start
// that reads a kline file without loading the rest of the package (exchange source, tick readers,
// synthetic markets, streams: ~30 modules). The package index exports the same names.
export { loadCandles, type LoadCandlesOptions } from './files/candle-file';
export { loadCandlesCached, loadCandleRowsCached, type CachedCandleLoad, type CachedCandleRows } from './files/candle-cache';
export { CANDLE_ROW_FIELDS, candlesToRows, rowsToCandles } from './files/candle-rows';
export { detectCandleFormat } from './files/candle-format';
export { readTextLines } from './files/text-lines';
export { dataFileSymbols, sameBaseQuote, splitSymbol, type DataSymbol } from './files/data-symbol';
export { TRADES_HEADER, BOOKTICKER_HEADER, DEPTH_HEADER } from './files/tick-files';
export type { DataQualityReport, QualityPolicy } from './quality/candle-quality';
