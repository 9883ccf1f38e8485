#!/usr/bin/env node
// walk-forward: optimise each format on rolling (or anchored) train windows, evaluate the winner on
// the following test window, and report out-of-sample pass rate, hard breaches and the
// in-sample vs out-of-sample gap. Thin: the command line (options, run config file, checks,
// progress, output) is @mml/workflows' runBatchApp; this maps what only walk-forward has.
import { runBatchApp, runWalkForward, spanDays, windowDays } from '@mml/workflows';

runBatchApp('walk-forward', '$0 [options]\n\nWalk-forward optimisation per format; writes summary.json, results.csv and report.html under <out>/walk-forward/<run-id>/.', (argv, inputs, sections) =>
  runWalkForward({
    ...inputs,
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
    searchSpaces: sections.searchSpaces,
    quality: argv.quality,
  }),
);
