// The research app's entry into @mml/workflows (`@mml/workflows/research-app`): only what the
// research CLI needs, so starting it does not load the modules of the other workflows (realtime
// paper, queue workers and their BullMQ/ioredis, stream sessions). The package index re-exports
// all of these too.
export { runResearch, type ResearchOptions, type ResearchOutcome } from './research';
export { parseRunCommandLine } from './run-config';
export { researchOptions } from './app-options';
export { runConfigOptions, failAsUsageError } from './cli-options';
export { checkDataPaths, checkOutputRoot, parseNumberList, windowDays } from './cli-support';
export { createProgress } from './progress';
export { runCli } from './run-cli';
