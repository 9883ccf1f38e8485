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
import { as2008MarkdownTable, runAvellanedaStoikov2008Replication } from '../replication/avellaneda-stoikov-2008';

const USAGE = 'usage: replicate-as2008 [--out <dir>] [--seed <int>] [--simulations <int>] [--spread-term liquidity-only|full] [--fill-timing after-move|before-move]';

interface CliOptions {
  out: string;
  seed: number;
  simulations: number;
  spreadTerm: 'full' | 'liquidity-only';
  fillTiming: 'before-move' | 'after-move';
}

export function parseReplicationArgs(argv: string[]): CliOptions {
  const options: CliOptions = { out: 'artifacts/replication', seed: 2008, simulations: 1000, spreadTerm: 'liquidity-only', fillTiming: 'after-move' };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`error: ${flag} needs a value\n${USAGE}`);
      return v;
    };
    const integer = (name: string, min: number): number => {
      const n = Number(value());
      if (!Number.isInteger(n) || n < min) throw new Error(`error: ${name} must be an integer >= ${min}\n${USAGE}`);
      return n;
    };
    switch (flag) {
      case '--out': options.out = value(); break;
      case '--seed': options.seed = integer('--seed', 0); break;
      case '--simulations': options.simulations = integer('--simulations', 2); break;
      case '--spread-term': {
        const v = value();
        if (v !== 'full' && v !== 'liquidity-only') throw new Error(`error: --spread-term must be liquidity-only or full\n${USAGE}`);
        options.spreadTerm = v;
        break;
      }
      case '--fill-timing': {
        const v = value();
        if (v !== 'before-move' && v !== 'after-move') throw new Error(`error: --fill-timing must be after-move or before-move\n${USAGE}`);
        options.fillTiming = v;
        break;
      }
      case '--help': case '-h': console.log(USAGE); process.exit(0); break;
      default: throw new Error(`error: unknown argument ${argv[i]}\n${USAGE}`);
    }
  }
  return options;
}

function main(): void {
  const options = parseReplicationArgs(process.argv.slice(2));
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
