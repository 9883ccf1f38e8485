// research: every budget tier x every strategy format over a window of 1m candles or tick data, with gates and
// reports. Thin: parse arguments (the option set and the run config file are @mml/workflows'),
// check the paths, call runResearch, print where the report is. Loaded by main.ts.
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { checkDataPaths, checkOutputRoot, createProgress, failAsUsageError, parseNumberList, parseRunCommandLine, researchOptions, runCli, runConfigOptions, runResearch, windowDays } from '@mml/workflows/research-app';

runCli(async () => {
  const { argv, run } = await parseRunCommandLine('research', yargs(hideBin(process.argv))
    .scriptName('research')
    .usage('$0 [options]\n\nRuns budget tiers x strategy formats and writes summary.json, results.csv and report.html under <out>/research/<run-id>/.')
    .options(researchOptions)
    .options(runConfigOptions)
    .strict()
    .fail(failAsUsageError)
    .help());
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
    formatConfigs: run.formatConfigs,
    plugins: run.plugins,
    engineConfig: run.engineConfig,
    gates: run.gates,
    runConfig: run.effective,
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
