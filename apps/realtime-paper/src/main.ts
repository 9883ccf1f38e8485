#!/usr/bin/env node
// realtime-paper: polls public market data through ccxt and paper-trades a strategy format on the
// same engine core as the backtests. No order is ever sent: there is no code path that can.
// Thin: parse arguments (shared, range-checked options from @mml/workflows), check --out, call
// runRealtimePaper, print where the log is.
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { assertPaperOnly, checkOutputRoot, failAsUsageError, parseRunCommandLine, realtimePaperOptions, runCli, runConfigOptions, runRealtimePaper } from '@mml/workflows';

runCli(async () => {
  const { argv, run } = await parseRunCommandLine('realtime-paper', yargs(hideBin(process.argv))
    .scriptName('realtime-paper')
    .usage('$0 [options]\n\nPaper trading on live public data; one JSON line per iteration in <out>/realtime/<run-id>.jsonl.')
    .options(realtimePaperOptions)
    .options(runConfigOptions)
    .strict()
    .fail(failAsUsageError)
    .help());
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
    formatConfig: run.formatConfigs?.[argv.format],
    plugins: run.plugins,
    engineConfig: run.engineConfig,
    runConfig: run.effective,
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
