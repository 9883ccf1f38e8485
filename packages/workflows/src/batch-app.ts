import yargs, { type InferredOptionTypes } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { campaignOptions, walkForwardOptions } from './app-options';
import { failAsUsageError, runConfigOptions } from './cli-options';
import { checkDataPaths, checkOutputRoot } from './cli-support';
import { createProgress } from './progress';
import { runCli } from './run-cli';
import { parseRunCommandLine, type RunConfigSections } from './run-config';

/** The batch apps that run one fee for every format (research runs fee tiers and maps its own). */
const BATCH_APP_OPTIONS = { 'walk-forward': walkForwardOptions, campaign: campaignOptions };
export type BatchAppName = keyof typeof BATCH_APP_OPTIONS;

/** A batch app's parsed command line: its own options and the run config options (`--config`, `--plugin`). */
export type BatchAppArgs<App extends BatchAppName> = App extends 'campaign'
  ? InferredOptionTypes<typeof campaignOptions & typeof runConfigOptions>
  : InferredOptionTypes<typeof walkForwardOptions & typeof runConfigOptions>;

/** The options both batch apps share, as yargs parses them. */
interface SharedBatchArgs {
  data?: string;
  out: string;
  formats: string;
  budget: number;
  seed: number;
  workers?: number;
  queue?: string;
  'start-base-fraction'?: number;
  'maker-fee-bps'?: number;
  'taker-fee-bps'?: number;
}

/** What walk-forward and campaign hand their runner alike: strategy, account, fees, execution and output. */
export interface BatchRunInputs {
  formats: string;
  formatConfigs?: Record<string, Record<string, unknown>>;
  plugins: string[];
  engineConfig?: Record<string, unknown>;
  gates?: Record<string, unknown>;
  runConfig: Record<string, unknown>;
  budget: number;
  makerFeeBps?: number;
  takerFeeBps?: number;
  startBaseFraction?: number;
  workers?: number;
  queue?: string;
  seed: number;
  artifactsRoot: string;
  onProgress: (done: number, total: number) => void;
}

/** What a batch run reports back: its verdict, a line per format, and where its report is. */
export interface BatchAppResult {
  verdictLines: readonly string[];
  reportPath: string;
}

/** The shared part of a batch run's inputs, from the parsed flags and the run config file's sections. */
export function batchRunInputs(args: SharedBatchArgs, sections: RunConfigSections, onProgress: (done: number, total: number) => void): BatchRunInputs {
  return {
    formats: args.formats,
    formatConfigs: sections.formatConfigs,
    plugins: sections.plugins,
    engineConfig: sections.engineConfig,
    gates: sections.gates,
    runConfig: sections.effective,
    budget: args.budget,
    makerFeeBps: args['maker-fee-bps'],
    takerFeeBps: args['taker-fee-bps'],
    startBaseFraction: args['start-base-fraction'],
    workers: args.workers,
    queue: args.queue,
    seed: args.seed,
    artifactsRoot: args.out,
    onProgress,
  };
}

/**
 * A batch app's whole command line: parse its options (app-options.ts) with its `--config` file,
 * check --data and --out before any work, run it with a progress bar on stderr, print its verdict
 * lines and the report path. Bad input is one `error: ...` line and exit code 2 (runCli).
 * `run` maps what only this app has and spreads `inputs` for the rest (`sections`: the run config
 * file's sections, e.g. walk-forward's search spaces).
 */
export function runBatchApp<App extends BatchAppName>(app: App, usage: string, run: (args: BatchAppArgs<App>, inputs: BatchRunInputs, sections: RunConfigSections) => Promise<BatchAppResult>): void {
  runCli(async () => {
    const parser = yargs(hideBin(process.argv)).scriptName(app).usage(usage).options(BATCH_APP_OPTIONS[app]).options(runConfigOptions).strict().fail(failAsUsageError).help();
    const { argv, run: sections } = await parseRunCommandLine(app, parser);
    // yargs types the parse by the option set of either app; each app's own shape is asserted here
    // and the shared options are type-checked against both (SharedBatchArgs).
    const args = argv as unknown as BatchAppArgs<BatchAppName>;
    const shared: SharedBatchArgs = args;
    if (shared.data !== undefined) checkDataPaths(shared.data, 'data');
    checkOutputRoot(shared.out);
    const progress = createProgress(app);
    const result = await run(args as BatchAppArgs<App>, batchRunInputs(shared, sections, (done, total) => progress.update(done, total)), sections);
    progress.finish();
    for (const line of result.verdictLines) console.log(line);
    console.log(`report: ${result.reportPath}`);
  });
}
