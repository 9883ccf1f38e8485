export { assertPaperOnly, LiveTradingRefusedError } from './paper-only-guard';
export { runOrderedTasks, defaultWorkerCount, type PoolOptions, type PoolExecution } from './worker-pool';
export { createProgress, type Progress, type ProgressSink } from './progress';
export { walkForwardWindows, indexRangeByTs, type WalkForwardMode, type WalkForwardWindow, type WalkForwardWindowOptions } from './walk-forward-windows';
export { distributionOf, type Distribution } from './distribution';
export { searchCandidates, withParameters, type ParameterRange, type ParameterSpace, type ParameterSet, type SearchOptions } from './parameter-search';
export { packCandles, unpackCandles, type PackedCandles } from './packed-candles';
