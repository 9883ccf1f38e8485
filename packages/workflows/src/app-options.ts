import { batchOptions, commonOptions, exchangeOptions, marketDataOptions, streamPaperOptions, MAX_DAYS, numberOption, RANGES, windowOptions } from './cli-options';
import { DATA_HELP } from './cli-support';

/** One fee for every run of walk-forward and campaign, and for a paper session (research takes tier lists instead). */
const singleFeeOptions = {
  'maker-fee-bps': numberOption('maker-fee-bps', 'maker fee in bps, negative = rebate (default: the instrument fee)', { min: -999, max: 999 }),
  'taker-fee-bps': numberOption('taker-fee-bps', 'taker fee in bps (default: the instrument fee)', { min: 0, max: 999 }),
};

/**
 * Each app's complete set of options, defined here once: the app passes it to yargs, and the run
 * config schema (run-config-schema.ts) derives the same keys (camelCase) with the same ranges and
 * choices, so a config file can hold anything the command line can.
 */
const syntheticMarketOption = {
  choices: ['known-edge', 'gbm'] as const,
  default: 'known-edge' as const,
  describe: 'synthetic market: known-edge (order flow with a known edge, candles derived from trades) or gbm (the earlier GBM/jump mid path)',
};

export const researchOptions = {
  ...marketDataOptions,
  ...windowOptions,
  ...exchangeOptions,
  'rl-warmup-days': numberOption('rl-warmup-days', 'days before the evaluated period on which learning formats (rl-enhanced) train first; 0 = none', { min: 0, max: MAX_DAYS }, 7),
  'synthetic-market': syntheticMarketOption,
  tiers: { type: 'string' as const, default: '1000,10000,100000', describe: 'budget tiers in quote currency, comma-separated' },
  ...batchOptions,
  seed: commonOptions.seed,
  out: commonOptions.out,
  'maker-fee-bps': { type: 'string' as const, describe: 'maker fee tiers in bps, comma-separated (negative = rebate), e.g. -0.5,0,2,10; every tier is run (default: the instrument fee)' },
  'taker-fee-bps': { type: 'string' as const, describe: 'taker fee in bps: one value, or one per maker tier (default: the instrument fee)' },
};

export const walkForwardOptions = {
  ...marketDataOptions,
  ...windowOptions,
  ...exchangeOptions,
  'train-days': numberOption('train-days', 'train window length in days', { min: 0, exclusiveMin: true, max: MAX_DAYS }, 7),
  'test-days': numberOption('test-days', 'test window length in days', { min: 0, exclusiveMin: true, max: MAX_DAYS }, 3),
  'train-hours': numberOption('train-hours', 'train window in hours (instead of --train-days)', { min: 0, exclusiveMin: true, max: MAX_DAYS * 24 }),
  'train-minutes': numberOption('train-minutes', 'train window in minutes (instead of --train-days; e.g. on minutes-long tick captures)', { min: 0, exclusiveMin: true, max: MAX_DAYS * 1440 }),
  'test-hours': numberOption('test-hours', 'test window in hours (instead of --test-days)', { min: 0, exclusiveMin: true, max: MAX_DAYS * 24 }),
  'test-minutes': numberOption('test-minutes', 'test window in minutes (instead of --test-days)', { min: 0, exclusiveMin: true, max: MAX_DAYS * 1440 }),
  'purge-minutes': numberOption('purge-minutes', 'gap between a train window and its test window', { min: 0, max: MAX_DAYS * 1440 }, 0),
  mode: { choices: ['rolling', 'anchored'] as const, default: 'rolling' as const, describe: 'rolling or anchored (expanding) train windows' },
  search: { choices: ['grid', 'random'] as const, default: 'grid' as const, describe: 'in-sample parameter search' },
  trials: numberOption('trials', 'parameter candidates per format per fold', { min: 1, max: 10_000, integer: true }, 6),
  threshold: numberOption('threshold', 'required out-of-sample pass rate', { min: 0, max: 1 }, 0.5),
  budget: commonOptions.budget,
  ...singleFeeOptions,
  ...batchOptions,
  seed: commonOptions.seed,
  out: commonOptions.out,
};

export const campaignOptions = {
  n: numberOption('n', 'seeded runs per format', { min: 1, max: 10_000, integer: true }, 10),
  days: numberOption('days', 'length of each synthetic run in days of 1m bars', RANGES.days, 7),
  budget: commonOptions.budget,
  'synthetic-market': syntheticMarketOption,
  ...windowOptions,
  data: { type: 'string' as const, describe: `recorded data instead of the synthetic market, cut into --n consecutive slices of equal time (run i on slice i): ${DATA_HELP}` },
  quality: { choices: ['fail', 'drop', 'mark'] as const, default: 'fail' as const, describe: 'data-quality policy for --data files' },
  'replicate-as2008': { type: 'boolean' as const, default: false, describe: 'also run the Avellaneda-Stoikov 2008 section 3.3 replication' },
  ...singleFeeOptions,
  ...batchOptions,
  seed: { ...commonOptions.seed, describe: `${commonOptions.seed.describe}; run i uses a seed derived from it` },
  out: commonOptions.out,
};

export const realtimePaperOptions = {
  ...exchangeOptions,
  ...streamPaperOptions,
  timeframe: { type: 'string' as const, default: '1m', describe: 'poll: candle timeframe' },
  iterations: numberOption('iterations', 'poll: polls to run (a resumed run stops at the same total)', { min: 1, max: 10_000_000, integer: true }, 20),
  'interval-ms': numberOption('interval-ms', 'poll: time between polls', { min: 0, max: 86_400_000, integer: true }, 60_000),
  format: { type: 'string' as const, default: 'as-stable', describe: 'strategy format' },
  budget: numberOption('budget', 'quote budget', RANGES.budget, 10_000),
  ...singleFeeOptions,
  seed: commonOptions.seed,
  resume: { type: 'string' as const, describe: 'continue a previous run from its log (stream: the session directory or its paper.jsonl; poll: the .jsonl), checked to be the same run, locked, then appended to' },
  'max-attempts': numberOption('max-attempts', 'poll: fetch attempts per iteration; stream: reconnect attempts in a row before giving up', { min: 1, max: 100, integer: true }, 5),
  'backoff-ms': numberOption('backoff-ms', 'first retry / reconnect delay; doubles per attempt up to 16x', { min: 1, max: 3_600_000, integer: true }, 1000),
  live: { type: 'boolean' as const, default: false, describe: 'refused: this product has no live order path (needs PAPER_ONLY=0, and still refuses)' },
  out: commonOptions.out,
};

export type AppName = 'research' | 'walk-forward' | 'campaign' | 'realtime-paper';

/** The option set of each app, by app name (the run config schema is derived from these). */
export const APP_OPTIONS = {
  research: researchOptions,
  'walk-forward': walkForwardOptions,
  campaign: campaignOptions,
  'realtime-paper': realtimePaperOptions,
} as const;
