#!/usr/bin/env node
// research: every budget tier x every strategy format over N days of 1m candles, with gates and
// reports. Thin: parse arguments (shared, range-checked options from @mml/workflows), check the
// paths, call runResearch, print where the report is.
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { batchOptions, checkInputFile, checkOutputRoot, commonOptions, createProgress, exchangeOptions, failAsUsageError, queueOf, marketDataOptions, parseNumberList, runCli, runResearch } from '@mml/workflows';

runCli(async () => {
  const argv = await yargs(hideBin(process.argv))
    .scriptName('research')
    .usage('$0 [options]\n\nRuns budget tiers x strategy formats and writes summary.json, results.csv and report.html under <out>/research/<run-id>/.')
    .options(marketDataOptions)
    .options(exchangeOptions)
    .option('tiers', { type: 'string', default: '1000,10000,100000', describe: 'budget tiers in quote currency, comma-separated' })
    .options(batchOptions)
    .option('seed', commonOptions.seed)
    .option('out', commonOptions.out)
    .strict()
    .fail(failAsUsageError)
    .help()
    .parseAsync();
  const tiers = parseNumberList(argv.tiers, 'tiers');
  if (argv.data !== undefined) checkInputFile(argv.data, 'data');
  checkOutputRoot(argv.out);
  const progress = createProgress('research');
  const result = await runResearch({
    source: argv.data !== undefined ? 'file' : argv.source,
    dataPath: argv.data,
    days: argv.days,
    exchange: argv.exchange,
    symbol: argv.symbol,
    exchangeUrl: argv['exchange-url'] ?? process.env['MML_EXCHANGE_URL'],
    tiers,
    formats: argv.formats,
    quality: argv.quality,
    workers: argv.workers,
    queue: queueOf(argv.queue),
    seed: argv.seed,
    artifactsRoot: argv.out,
    onProgress: (done, total) => progress.update(done, total),
  });
  progress.finish();
  for (const line of result.verdictLines) console.log(line);
  console.log(`report: ${result.reportPath}`);
});
