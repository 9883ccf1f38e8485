#!/usr/bin/env node
// replay-paper: replays a stream paper session's capture through the backtest engine (the same
// pipeline: tick parser, Binance book procedure, L2 simulator, latency models, gap handling) and
// checks it reproduces the session: the fills byte for byte, and the final equity and attribution.
//   node packages/workflows/dist/cli/replay-paper.js --run <run-id | session dir | paper.jsonl> [--out artifacts]
// Exit 0 when identical, 1 when not, 2 on bad input.
import { runCli } from '../run-cli';
import { parseSessionArgs } from './session-args';
import { latestSession } from '../stream-paper/paper-status';
import { openSession, replayPaperSession } from '../stream-paper/replay-paper';

runCli(async () => {
  const argv = await parseSessionArgs('replay-paper', '$0 [--run <run-id>]\n\nReplays a stream paper session\'s capture through the backtest and compares fills, equity and attribution with its log.');
  const files = openSession(argv.run ?? latestSession(argv.out), argv.out);
  const replay = await replayPaperSession(files);
  console.log(`session ${files.runDir}: ${replay.lines} capture lines replayed`);
  console.log(`fills: ${replay.fills.length} replayed, ${replay.logged.length} logged: ${replay.fillsIdentical ? 'identical (byte for byte)' : `DIFFERENT from fill ${replay.firstDifference}`}`);
  if (replay.final === null) console.log('final equity / attribution: the log has no stop record covering the whole capture (a killed session: resume it, or compare the fills only)');
  else console.log(`final equity ${String(replay.final.replayed['finalEquity'])}: ${replay.final.equityIdentical ? 'identical' : `DIFFERENT (logged ${String(replay.final.logged['finalEquity'])})`}; attribution: ${replay.final.attributionIdentical ? 'identical' : 'DIFFERENT'}`);
  const ok = replay.fillsIdentical && (replay.final === null || (replay.final.equityIdentical && replay.final.attributionIdentical));
  if (!ok) process.exitCode = 1;
});
