#!/usr/bin/env node
// realtime-paper: polls public market data through ccxt and paper-trades a strategy format on the
// same engine core as the backtests. No order is ever sent: there is no code path that can.
// Thin: parse arguments (shared, range-checked options from @mml/workflows), check --out, call
// runRealtimePaper, print where the log is.
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { assertPaperOnly, checkOutputRoot, commonOptions, exchangeOptions, failAsUsageError, numberOption, RANGES, runCli, runRealtimePaper } from '@mml/workflows';

runCli(async () => {
  const argv = await yargs(hideBin(process.argv))
    .scriptName('realtime-paper')
    .usage('$0 [options]\n\nPaper trading on live public data; one JSON line per iteration in <out>/realtime/<run-id>.jsonl.')
    .options(exchangeOptions)
    .option('timeframe', { type: 'string', default: '1m' })
    .option('iterations', numberOption('iterations', 'polls to run (a resumed run stops at the same total)', { min: 1, max: 10_000_000, integer: true }, 20))
    .option('interval-ms', numberOption('interval-ms', 'time between polls', { min: 0, max: 86_400_000, integer: true }, 60_000))
    .option('format', { type: 'string', default: 'as-stable', describe: 'strategy format' })
    .option('budget', numberOption('budget', 'quote budget', RANGES.budget, 10_000))
    .option('seed', commonOptions.seed)
    .option('resume', { type: 'string', describe: 'continue a previous run from its JSONL log (checked to be the same run, locked, then appended to)' })
    .option('max-attempts', numberOption('max-attempts', 'fetch attempts per iteration before it is skipped', { min: 1, max: 100, integer: true }, 5))
    .option('backoff-ms', numberOption('backoff-ms', 'first retry delay; doubles per attempt up to 16x', { min: 1, max: 3_600_000, integer: true }, 1000))
    .option('live', { type: 'boolean', default: false, describe: 'refused: this product has no live order path (needs PAPER_ONLY=0, and still refuses)' })
    .option('out', commonOptions.out)
    .strict()
    .fail(failAsUsageError)
    .help()
    .parseAsync();
  if (argv.live) assertPaperOnly(process.env);
  if (argv.resume === undefined) checkOutputRoot(argv.out);
  const result = await runRealtimePaper({
    exchange: argv.exchange,
    symbol: argv.symbol,
    timeframe: argv.timeframe,
    iterations: argv.iterations,
    intervalMs: argv['interval-ms'],
    exchangeUrl: argv['exchange-url'] ?? process.env['MML_EXCHANGE_URL'],
    format: argv.format,
    budget: argv.budget,
    seed: argv.seed,
    resume: argv.resume,
    retry: { maxAttempts: argv['max-attempts'], baseDelayMs: argv['backoff-ms'], maxDelayMs: argv['backoff-ms'] * 16 },
    artifactsRoot: argv.out,
    handleSignals: true,
    onIteration: (line) => process.stderr.write(`${line}\n`),
  });
  console.log(`${result.outcome.completedIterations} iterations, ${result.outcome.faults} faults, stopped: ${result.outcome.stoppedBy}`);
  console.log(`log: ${result.logPath}`);
});
