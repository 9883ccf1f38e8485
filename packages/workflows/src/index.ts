// Public API of @mml/workflows: the orchestration the four apps call. See README.md.
export { runResearch, runResearchMatrix, tierLabel, type ResearchOptions, type ResearchOutcome, type ResearchMatrixOptions, type ResearchMatrixResult } from './research';
export { runWalkForward, runWalkForwardAnalysis, type WalkForwardOptions, type WalkForwardAnalysisOptions, type WalkForwardAnalysis, type LearningComparison } from './walk-forward';
export { runCampaign, type CampaignOptions, type CampaignFormatStats } from './campaign';
export { runRealtimePaper, type RealtimePaperOptions, type RealtimePaperResult, type PaperMarketSource } from './realtime-paper';
export { runPaperLoop, type PaperLoopOptions, type PaperLoopOutcome, type PaperLoopRetry } from './paper-loop';
export { inspectPaperLog, resumePaperLog, type PaperLogState, type ResumedPaperLog } from './paper-log';
export { loadWorkflowCandles, syntheticCandles, syntheticMarketLabel, SYNTHETIC_MARKETS, MAX_SYNTHETIC_DAYS, type SyntheticMarketKind, type CandleSourceKind, type CandleSourceOptions, type LoadedCandles } from './market-candles';
export { runBacktestTask, type BacktestTask, type BacktestTaskResult } from './backtest-task';
export { FORMAT_SEARCH_SPACES, isLearningFormat, LEARNING_FORMAT_BASES } from './format-search-spaces';
export { assertPaperOnly, LiveTradingRefusedError } from './paper-only-guard';
export { runOrderedTasks, defaultWorkerCount, type PoolOptions, type PoolExecution } from './worker-pool';
export { createProgress, type Progress, type ProgressSink } from './progress';
export { walkForwardWindows, indexRangeByTs, type WalkForwardMode, type WalkForwardWindow, type WalkForwardWindowOptions } from './walk-forward-windows';
export { distributionOf, type Distribution } from './distribution';
export { searchCandidates, withParameters, type ParameterRange, type ParameterSpace, type ParameterSet, type SearchOptions } from './parameter-search';
export { packCandles, unpackCandles, type PackedCandles } from './packed-candles';
export { parseNumberList, codeVersion, findRepoRoot, checkOutputRoot, checkInputFile } from './cli-support';
export { numberOption, commonOptions, marketDataOptions, exchangeOptions, batchOptions, failAsUsageError, RANGES, MAX_DAYS, MAX_BUDGET } from './cli-options';
// The shared recorded-data folder is market-data's sharedDataDir(); not re-implemented here.
export { runCli, isUserError } from './run-cli';
export { timestampRunId } from './run-id';
export { runQueuedTasks, type QueuedTasksOptions } from './queue/run-queued-tasks';
export { startQueueWorker, type QueueWorkerOptions, type RunningQueueWorker } from './queue/queue-worker';
export { parseQueueUrl, type QueueEndpoint } from './queue/queue-url';
export { summarizeQuality, qualityLine, type DataQualitySummary } from './data-quality-summary';
export { runAs2008ThroughEngine, type As2008EngineOptions, type As2008EngineReplication } from './as2008-engine';
export { runKnownEdgeStudy, measureRule, batchMeans, defaultStudyRules, type KnownEdgeStudy, type KnownEdgeStudyOptions, type SweepRow, type RuleStudyRow, type RuleMeasurement, type FillStatistic } from './known-edge/known-edge-study';
export { symmetricRule, avellanedaStoikovRule, ruleStrategy, type KnownEdgeRule, type AvellanedaStoikovRuleOptions } from './known-edge/quoting-rules';
