// Public API of @mml/workflows: the orchestration the four apps call. See README.md.
export { runResearch, runResearchMatrix, tierLabel, type ResearchOptions, type ResearchOutcome, type ResearchMatrixOptions, type ResearchMatrixResult } from './research';
export { runWalkForward, runWalkForwardAnalysis, spanLabel, type WalkForwardOptions, type WalkForwardAnalysisOptions, type WalkForwardAnalysis, type LearningComparison } from './walk-forward';
export { runCampaign, type CampaignOptions, type CampaignFormatStats } from './campaign';
export { runRealtimePaper, type RealtimePaperOptions, type RealtimePaperResult, type PaperMarketSource } from './realtime-paper';
export { runPaperLoop, lastIterationRecord, type PaperLoopOptions, type PaperLoopOutcome, type PaperLoopRetry } from './paper-loop';
export { loadWorkflowCandles, syntheticCandles, type CandleSourceKind, type CandleSourceOptions, type LoadedCandles } from './market-candles';
export { runBacktestTask, type BacktestTask, type BacktestTaskResult } from './backtest-task';
export { FORMAT_SEARCH_SPACES, isLearningFormat, LEARNING_FORMAT_BASES } from './format-search-spaces';
export { assertPaperOnly, LiveTradingRefusedError } from './paper-only-guard';
export { runOrderedTasks, defaultWorkerCount, type PoolOptions, type PoolExecution } from './worker-pool';
export { createProgress, type Progress, type ProgressSink } from './progress';
export { walkForwardWindows, indexRangeByTs, type WalkForwardMode, type WalkForwardWindow, type WalkForwardWindowOptions } from './walk-forward-windows';
export { distributionOf, type Distribution } from './distribution';
export { searchCandidates, withParameters, type ParameterRange, type ParameterSpace, type ParameterSet, type SearchOptions } from './parameter-search';
export { packCandles, unpackCandles, type PackedCandles } from './packed-candles';
export { parseNumberList, codeVersion, findRepoRoot, windowDays, spanDays, DATA_HELP } from './cli-support';
export { loadWorkflowData, dataPaths, type WorkflowData } from './workflow-data';
export { detectDataKind, detectDataKinds, loadWorkflowTicks, tickEngineDefaults, tickInstrumentFor, inExchangeTimeOrder, type DataKind, type LoadedTicks, type TickSourceOptions } from './market-ticks';
export { TickEventReplay, rebuildBookBefore } from './tick-event-replay';
// The shared recorded-data folder is market-data's sharedDataDir(); not re-implemented here.
export { runCli } from './run-cli';
export { timestampRunId } from './run-id';
export { runQueuedTasks, type QueuedTasksOptions } from './queue/run-queued-tasks';
export { startQueueWorker, type QueueWorkerOptions, type RunningQueueWorker } from './queue/queue-worker';
export { parseQueueUrl, type QueueEndpoint } from './queue/queue-url';
