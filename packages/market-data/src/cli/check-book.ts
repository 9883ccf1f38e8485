#!/usr/bin/env node
// mml-check-book: rebuild the L2 book of raw Binance captures and compare it with their bookTicker.
//   node packages/market-data/dist/cli/check-book.js --data a.gz,b.gz [--tick-size 0.01] [--cache-dir data/cache/ticks | --no-cache]
import { resolve } from 'node:path';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { DataError } from '@mml/core';
import { repoRoot } from '../paths';
import { checkBook } from '../ticks/check-book';
import { loadTickGroup, tickSourceGroups } from '../ticks/tick-sources';

/** Runs the CLI; returns the exit code: 0 every comparable bookTicker matches, 1 a mismatch, 2 bad input. */
export async function runCheckBookCli(argv: string[], out: (line: string) => void = (l) => process.stdout.write(l + '\n'), err: (line: string) => void = (l) => process.stderr.write(l + '\n')): Promise<number> {
  let args;
  try {
    args = await yargs(argv)
      .scriptName('mml-check-book')
      .usage('$0 --data <capture files or directories, comma-separated>\n\nRebuilds the L2 book of raw Binance websocket captures (snapshot + diffs, Binance\'s rules) and checks its top of book against every bookTicker that names a rebuilt state (spot: same update id; futures: same update id and transaction time). Files of one capture split by date are read in order as one stream. The flattened tick CSVs (<prefix>_trades/_bookticker/_depth.csv.gz) are accepted too.')
      .option('data', { type: 'string', demandOption: true, describe: 'capture files or directories, comma-separated' })
      .option('tick-size', { type: 'number', describe: 'price tick (default: inferred from the first snapshot)' })
      .option('cache-dir', { type: 'string', describe: 'binary columnar cache directory (default <repo>/data/cache/ticks)' })
      .option('cache', { type: 'boolean', default: true, describe: 'use the columnar cache (--no-cache to parse every time)' })
      .option('policy', { choices: ['fail', 'drop', 'mark'] as const, default: 'mark' as const, describe: 'data-quality policy for the reader; book breaks always mark and resync' })
      .strict()
      .exitProcess(false)
      .fail((message, error) => {
        throw error ?? new Error(message);
      })
      .help()
      .parseAsync();
  } catch (error) {
    err(`error: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  if (args.help) return 0;
  try {
    const paths = args.data.split(',').map((p) => p.trim()).filter((p) => p !== '');
    if (paths.length === 0) throw new DataError({ source: '--data' }, 'no files given');
    if (args['tick-size'] !== undefined && !(args['tick-size'] > 0)) throw new Error(`--tick-size must be > 0, got ${args['tick-size']}`);
    const cacheDir = args.cache ? resolve(args['cache-dir'] ?? resolve(repoRoot(), 'data', 'cache', 'ticks')) : undefined;
    let compared = 0;
    let matched = 0;
    for (const group of await tickSourceGroups(paths)) {
      const policy = args.policy;
      if (group.format === 'binance-dump') throw new DataError({ source: group.files[0] }, 'a Binance trades/aggTrades/bookTicker dump has no depth: nothing to rebuild');
      const loaded = await loadTickGroup(group, { policy, cacheDir });
      const source = group.files.join(' + ');
      const r = checkBook(loaded.columns, source, { tickSize: args['tick-size'] });
      const q = loaded.quality.counts;
      const s = r.sync;
      out(
        `${group.name} (${group.files.length} file${group.files.length > 1 ? 's' : ''}, ${loaded.columns.length} events, cache ${loaded.cache}): ${r.market}, tick ${r.tickSize}; ` +
          `${s.snapshots} snapshot(s), ${s.diffsApplied} diffs applied, ${s.diffsStale} stale, ${s.breaks} breaks, ${s.resyncs} resyncs; ` +
          `quality: ${q['sequence-break']} sequence breaks, ${q['duplicate-id']} duplicate ids, ${q['out-of-order-time']} out-of-order times; ` +
          `${r.matched}/${r.compared} bookTicker updates match (${r.notComparable} name no rebuilt state)`,
      );
      for (const m of r.mismatches) out(`  mismatch at event ${m.event} (u=${m.updateId}): bookTicker ${m.expected}, book ${m.rebuilt}`);
      compared += r.compared;
      matched += r.matched;
    }
    out(`book: ${matched}/${compared} bookTicker updates match the rebuilt top of book`);
    return matched === compared && compared > 0 ? 0 : 1;
  } catch (error) {
    err(`error: ${error instanceof Error ? error.message : String(error)}`);
    return error instanceof DataError || (error instanceof Error && error.message.startsWith('--')) ? 2 : 1;
  }
}

if (require.main === module) {
  runCheckBookCli(hideBin(process.argv)).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
