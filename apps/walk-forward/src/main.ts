#!/usr/bin/env node
// walk-forward: optimise each format on rolling (or anchored) train windows, evaluate the winner on
// the following test window, and report out-of-sample pass rate, hard breaches and the
// in-sample vs out-of-sample gap. Thin: parse arguments (the option set and the run config file
// are @mml/workflows'), check the paths, call runWalkForward, print the report path.
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { checkDataPaths, checkOutputRoot, createProgress, failAsUsageError, parseRunCommandLine, runCli, runConfigOptions, runWalkForward, spanDays, walkForwardOptions, windowDays } from '@mml/workflows';

runCli(async () => {
  const { argv, run } = await parseRunCommandLine('walk-forward', yargs(hideBin(process.argv))
    .scriptName('walk-forward')
    .usage('$0 [options]\n\nWalk-forward optimisation per format; writes summary.json, results.csv and report.html under <out>/walk-forward/<run-id>/.')
    .options(walkForwardOptions)
    .options(runConfigOptions)
    .strict()
    .fail(failAsUsageError)
    .help());
  if (argv.data !== undefined) checkDataPaths(argv.data, 'data');
  checkOutputRoot(argv.out);
  const progress = createProgress('walk-forward');
  const result = await runWalkForward({
    source: argv.data !== undefined ? 'file' : argv.source,
    dataPath: argv.data,
    days: windowDays(argv),
    exchange: argv.exchange,
    symbol: argv.symbol,
    exchangeUrl: argv['exchange-url'] ?? process.env['MML_EXCHANGE_URL'],
    trainDays: spanDays('train', { days: argv['train-days'], hours: argv['train-hours'], minutes: argv['train-minutes'] }),
    testDays: spanDays('test', { days: argv['test-days'], hours: argv['test-hours'], minutes: argv['test-minutes'] }),
    purgeMs: argv['purge-minutes'] * 60_000,
    mode: argv.mode,
    search: { kind: argv.search, trials: argv.trials, seed: argv.seed },
    threshold: argv.threshold,
    budget: argv.budget,
    formats: argv.formats,
    formatConfigs: run.formatConfigs,
    searchSpaces: run.searchSpaces,
    plugins: run.plugins,
    engineConfig: run.engineConfig,
    gates: run.gates,
    runConfig: run.effective,
    makerFeeBps: argv['maker-fee-bps'],
    takerFeeBps: argv['taker-fee-bps'],
    quality: argv.quality,
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
