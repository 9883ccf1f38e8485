#!/usr/bin/env node
// realtime-paper: paper-trades a strategy format on live public market data with the same engine
// core as the backtests. No order is ever sent: there is no code path that can.
// Stream mode (default): the websocket book, trades and best bid/offer through the L2 simulator,
// every message recorded to the session's capture. Poll mode: REST candles + book per interval.
// Thin: parse arguments (shared, range-checked options from @mml/workflows), check --out, call
// the workflow, print where the log is.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { assertPaperOnly, checkOutputRoot, failAsUsageError, parseRunCommandLine, realtimePaperOptions, runCli, runConfigOptions, runRealtimePaper, runStreamPaper, SESSION_LOG } from '@mml/workflows';
import { UsageError } from '@mml/core';

runCli(async () => {
  const { argv, run } = await parseRunCommandLine('realtime-paper', yargs(hideBin(process.argv))
    .scriptName('realtime-paper')
    .usage('$0 [options]\n\nPaper trading on live public data. Stream mode (default): <out>/realtime/<run-id>/paper.jsonl (fills, faults, status) and capture.txt (every message received). Poll mode: one JSON line per iteration in <out>/realtime/<run-id>.jsonl.')
    .options(realtimePaperOptions)
    .options(runConfigOptions)
    .strict()
    .fail(failAsUsageError)
    .help());
  if (argv.live) assertPaperOnly(process.env);
  if (argv.resume === undefined) checkOutputRoot(argv.out);
  const exchangeUrl = argv['exchange-url'] ?? nonEmpty(process.env['MML_EXCHANGE_URL']);
  const retry = { maxAttempts: argv['max-attempts'], baseDelayMs: argv['backoff-ms'], maxDelayMs: argv['backoff-ms'] * 16 };
  // What both modes share: the market, the strategy (from flags, a run config and plugins), the account.
  const session = {
    exchange: argv.exchange,
    symbol: argv.symbol,
    format: argv.format,
    formatConfig: run.formatConfigs?.[argv.format],
    plugins: run.plugins,
    engineConfig: run.engineConfig,
    runConfig: run.effective,
    budget: argv.budget,
    makerFeeBps: argv['maker-fee-bps'],
    takerFeeBps: argv['taker-fee-bps'],
    seed: argv.seed,
    artifactsRoot: argv.out,
    retry,
    exchangeUrl,
    handleSignals: true,
  };

  if (argv.mode === 'poll') {
    const result = await runRealtimePaper({
      ...session,
      timeframe: argv.timeframe,
      iterations: argv.iterations,
      intervalMs: argv['interval-ms'],
      resume: argv.resume,
      onIteration: (line) => process.stderr.write(`${line}\n`),
    });
    console.log(`${result.outcome.completedIterations} iterations, ${result.outcome.faults} faults, stopped: ${result.outcome.stoppedBy}`);
    console.log(`log: ${result.logPath}`);
    return;
  }

  if (argv.minutes !== undefined && argv.duration !== undefined) throw new UsageError('--minutes and --duration bound the same thing: give one');
  const durationMs = argv.minutes !== undefined ? argv.minutes * 60_000 : argv.duration !== undefined ? argv.duration * 1000 : undefined;
  const result = await runStreamPaper({
    ...session,
    resume: argv.resume === undefined ? undefined : sessionLog(argv.resume),
    durationMs,
    statusEveryMs: argv['status-every'] * 1000,
    staleMs: argv['stale-after'] * 1000,
    exchangeWsUrl: argv['exchange-ws-url'] ?? nonEmpty(process.env['MML_EXCHANGE_WS_URL']),
    onStatus: (line) => process.stderr.write(`${line}\n`),
  });
  console.log(`${result.lines} lines, ${result.fills} fills, ${result.faults} faults, stopped: ${result.stoppedBy}`);
  console.log(`log: ${result.logPath}`);
  console.log(`capture: ${result.capturePath}`);
});

/** --resume accepts a session directory (its paper.jsonl) or a log file. */
function sessionLog(path: string): string {
  try {
    return statSync(path).isDirectory() ? join(path, SESSION_LOG) : path;
  } catch {
    return path; // resumePaperLog names the missing file
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== '' ? value.trim() : undefined;
}
