#!/usr/bin/env node
// paper-status: the summary of a running or finished stream paper session (state, uptime, PnL
// attribution, fills, inventory, uptime per side, faults) and its HTML report (the backtests' charts).
//   node packages/workflows/dist/cli/paper-status.js [--run <run-id | session dir | paper.jsonl>] [--out artifacts]
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { failAsUsageError } from '../cli-options';
import { runCli } from '../run-cli';
import { paperStatus } from '../stream-paper/paper-status';

runCli(async () => {
  const argv = await yargs(hideBin(process.argv))
    .scriptName('paper-status')
    .usage('$0 [--run <run-id>]\n\nSummary and HTML report of a stream paper session (default: the newest).')
    .option('run', { type: 'string', describe: 'run id under <out>/realtime/, its directory, or its paper.jsonl (default: the newest session)' })
    .option('out', { type: 'string', default: 'artifacts', describe: 'artifacts root' })
    .strict()
    .fail(failAsUsageError)
    .help()
    .parseAsync();
  const status = await paperStatus(argv.run, argv.out);
  for (const line of status.lines) console.log(line);
});
