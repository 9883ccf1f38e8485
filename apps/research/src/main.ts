#!/usr/bin/env node
// research: every budget tier x every strategy format over a window of 1m candles or tick data, with gates and
// reports. Thin: parse arguments (shared, range-checked options from @mml/workflows), check the
// paths, call runResearch, print where the report is.
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { batchOptions, MAX_DAYS, numberOption, checkDataPaths, checkOutputRoot, windowDays, windowOptions, commonOptions, createProgress, exchangeOptions, failAsUsageError, marketDataOptions, parseNumberList, runCli, runResearch } from '@mml/workflows';

runCli(async () => {
  const argv = await yargs(hideBin(process.argv))
    .scriptName('research')
    .usage('$0 [options]\n\nRuns budget tiers x strategy formats and writes summary.json, results.csv and report.html under <out>/research/<run-id>/.')
    .options(marketDataOptions)
    .options(windowOptions)
    .options(exchangeOptions)
    .option('rl-warmup-days', numberOption('rl-warmup-days', 'days before the evaluated period on which learning formats (rl-enhanced) train first; 0 = none', { min: 0, max: MAX_DAYS }, 7))
    .option('synthetic-market', { choices: ['known-edge', 'gbm'] as const, default: 'known-edge' as const, describe: 'synthetic market: known-edge (order flow with a known edge, candles derived from trades) or gbm (the earlier GBM/jump mid path)' })
    .option('tiers', { type: 'string', default: '1000,10000,100000', describe: 'budget tiers in quote currency, comma-separated' })
    .options(batchOptions)
    .option('seed', commonOptions.seed)
    .option('out', commonOptions.out)
    .option('maker-fee-bps', { type: 'string', describe: 'maker fee tiers in bps, comma-separated (negative = rebate), e.g. -0.5,0,2,10; every tier is run (default: the instrument fee)' })
    .option('taker-fee-bps', { type: 'string', describe: 'taker fee in bps: one value, or one per maker tier (default: the instrument fee)' })
    .strict()
    .fail(failAsUsageError)
    .help()
    .parseAsync();
  const tiers = parseNumberList(argv.tiers, 'tiers');
  if (argv.data !== undefined) checkDataPaths(argv.data, 'data');
  checkOutputRoot(argv.out);
  const progress = createProgress('research');
  const result = await runResearch({
    source: argv.data !== undefined ? 'file' : argv.source,
    dataPath: argv.data,
    days: windowDays(argv),
    rlWarmupDays: argv['rl-warmup-days'],
    exchange: argv.exchange,
    symbol: argv.symbol,
    exchangeUrl: argv['exchange-url'] ?? process.env['MML_EXCHANGE_URL'],
    tiers,
    makerFeeBps: argv['maker-fee-bps'],
    takerFeeBps: argv['taker-fee-bps'],
    formats: argv.formats,
    quality: argv.quality,
    syntheticMarket: argv['synthetic-market'],
    workers: argv.workers,
    queue: argv.queue,
    seed: argv.seed,
    startBaseFraction: argv['start-base-fraction'],
    artifactsRoot: argv.out,
    onProgress: (done, total) => progress.update(done, total),
  });
  progress.finish();
  for (const line of result.verdictLines) console.log(line);
  console.log(`report: ${result.reportPath}`);
});
