#!/usr/bin/env node
// realtime-paper: polls public market data through ccxt and paper-trades a strategy format on the
// same engine core as the backtests. No order is ever sent: there is no code path that can.
// Thin: parse arguments, call runRealtimePaper, print where the log is.
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { assertPaperOnly, runRealtimePaper, runCli } from '@mml/workflows';

runCli(async () => {
  const argv = await yargs(hideBin(process.argv))
    .scriptName('realtime-paper')
    .usage('$0 [options]\n\nPaper trading on live public data; one JSON line per iteration in <out>/realtime/<run-id>.jsonl.')
    .option('exchange', { type: 'string', default: 'binance', describe: 'ccxt exchange id' })
    .option('symbol', { type: 'string', default: 'BTC/USDT' })
    .option('timeframe', { type: 'string', default: '1m' })
    .option('iterations', { type: 'number', default: 20, describe: 'polls to run (a resumed run stops at the same total)' })
    .option('interval-ms', { type: 'number', default: 60_000, describe: 'time between polls' })
    .option('exchange-url', { type: 'string', describe: 'override the exchange REST base URL (also MML_EXCHANGE_URL)' })
    .option('format', { type: 'string', default: 'as-stable', describe: 'strategy format' })
    .option('budget', { type: 'number', default: 10000, describe: 'quote budget' })
    .option('seed', { type: 'number', default: 42 })
    .option('resume', { type: 'string', describe: 'continue a previous run from its JSONL log (same file is appended)' })
    .option('max-attempts', { type: 'number', default: 5, describe: 'fetch attempts per iteration before it is skipped' })
    .option('backoff-ms', { type: 'number', default: 1000, describe: 'first retry delay; doubles per attempt' })
    .option('live', { type: 'boolean', default: false, describe: 'refused: this product has no live order path (needs PAPER_ONLY=0, and still refuses)' })
    .option('out', { type: 'string', default: 'artifacts', describe: 'artifacts root directory' })
    .strict()
    .help()
    .parseAsync();
  if (argv.live) assertPaperOnly(process.env);
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
