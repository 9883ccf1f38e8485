#!/usr/bin/env node
/**
 * Runs the Avellaneda & Stoikov (2008) section 3.3 simulation and writes
 * <out>/avellaneda-stoikov-2008.json and <out>/avellaneda-stoikov-2008.md.
 *
 *   node dist/cli/replicate-as2008.js [--out artifacts/replication] [--seed 2008] [--simulations 1000]
 *                                     [--spread-term liquidity-only|full] [--fill-timing after-move|before-move]
 *
 * Defaults are the paper's convention (liquidity-only spread, fills drawn after the mid move).
 * `--out` is relative to the current working directory. I/O lives here only; the simulation is pure.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { stableStringify } from '@mml/core';
import { writeFileAtomic } from '@mml/core/io';
import { parseAs2008ReplicationArgs } from '../replication/as2008-replication-args';
import { as2008MarkdownTable, runAvellanedaStoikov2008Replication } from '../replication/avellaneda-stoikov-2008';

function main(): void {
  const options = parseAs2008ReplicationArgs(process.argv.slice(2), 'replicate-as2008');
  const started = Date.now();
  const result = runAvellanedaStoikov2008Replication({ seed: options.seed, simulations: options.simulations, spreadTerm: options.spreadTerm, fillTiming: options.fillTiming });
  const dir = resolve(process.cwd(), options.out);
  mkdirSync(dir, { recursive: true });
  const json = resolve(dir, 'avellaneda-stoikov-2008.json');
  const md = resolve(dir, 'avellaneda-stoikov-2008.md');
  writeFileAtomic(json, stableStringify({ ...result, spreadTerm: options.spreadTerm, fillTiming: options.fillTiming }, 2) + '\n');
  writeFileAtomic(md, as2008MarkdownTable(result) + `\nSpread term: ${options.spreadTerm}; fill timing: ${options.fillTiming}.\n`);
  console.log(as2008MarkdownTable(result));
  console.log(`wrote ${json} and ${md} in ${Date.now() - started} ms`);
}

if (require.main === module) {
  try {
    main();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  }
}
