#!/usr/bin/env node
// paper-status: the summary of a running or finished stream paper session (state, uptime, PnL
// attribution, fills, inventory, uptime per side, faults) and its HTML report (the backtests' charts).
//   node packages/workflows/dist/cli/paper-status.js [--run <run-id | session dir | paper.jsonl>] [--out artifacts]
import { runCli } from '../run-cli';
import { parseSessionArgs } from './session-args';
import { paperStatus } from '../stream-paper/paper-status';

runCli(async () => {
  const argv = await parseSessionArgs('paper-status', '$0 [--run <run-id>]\n\nSummary and HTML report of a stream paper session (default: the newest).');
  const status = await paperStatus(argv.run, argv.out);
  for (const line of status.lines) console.log(line);
});
