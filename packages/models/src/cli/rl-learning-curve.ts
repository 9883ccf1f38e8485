#!/usr/bin/env node
/**
 * Trains the Q-learning agent on the Avellaneda-Stoikov (2008) market and writes its learning
 * curve against the closed-form policy to <out>/rl-learning-curve.json (byte-identical for the same
 * arguments: the wall time is printed, not written).
 *
 *   node dist/cli/rl-learning-curve.js [--out artifacts/replication] [--seed 2008] [--episodes 6000]
 *                                      [--gamma 0.1] [--evaluate-every 500] [--curve-paths 400] [--final-paths 1000]
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { stableStringify } from '@mml/core';
import { writeFileAtomic } from '@mml/core/io';
import { runAs2008RlLearning, type RlLearningOptions } from '../replication/as2008-rl-learning';

const USAGE = 'usage: rl-learning-curve [--out <dir>] [--seed <int>] [--episodes <int>] [--gamma <number>] [--evaluate-every <int>] [--curve-paths <int>] [--final-paths <int>]';

export interface RlLearningCliOptions extends Required<Omit<RlLearningOptions, 'parameters' | 'discount' | 'halfSpread'>> {
  out: string;
}

export function parseRlLearningArgs(argv: string[]): RlLearningCliOptions {
  const options: RlLearningCliOptions = { out: 'artifacts/replication', seed: 2008, episodes: 6000, gamma: 0.1, evaluateEvery: 500, curvePaths: 400, finalPaths: 1000 };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
      return v;
    };
    const integer = (min: number): number => {
      const n = Number(value());
      if (!Number.isInteger(n) || n < min) throw new Error(`${flag} must be an integer >= ${min}\n${USAGE}`);
      return n;
    };
    switch (flag) {
      case '--out': options.out = value(); break;
      case '--seed': options.seed = integer(0); break;
      case '--episodes': options.episodes = integer(1); break;
      case '--evaluate-every': options.evaluateEvery = integer(1); break;
      case '--curve-paths': options.curvePaths = integer(2); break;
      case '--final-paths': options.finalPaths = integer(2); break;
      case '--gamma': {
        const g = Number(value());
        if (!(g > 0) || !Number.isFinite(g)) throw new Error(`--gamma must be a number > 0\n${USAGE}`);
        options.gamma = g;
        break;
      }
      case '--help': case '-h': console.log(USAGE); process.exit(0); break;
      default: throw new Error(`unknown argument ${argv[i]}\n${USAGE}`);
    }
  }
  return options;
}

function main(): void {
  const { out, ...options } = parseRlLearningArgs(process.argv.slice(2));
  const started = Date.now();
  const { trainingMs, ...result } = runAs2008RlLearning(options);
  const dir = resolve(process.cwd(), out);
  mkdirSync(dir, { recursive: true });
  const file = resolve(dir, 'rl-learning-curve.json');
  writeFileAtomic(file, stableStringify(result, 2) + '\n');
  const f = (x: number) => x.toFixed(2);
  for (const point of result.curve) console.log(`episodes ${String(point.episodes).padStart(6)}  epsilon ${point.epsilon.toFixed(3)}  CE ${f(point.certaintyEquivalent)}  mean-variance ${f(point.meanVariance)}`);
  const fin = result.final;
  console.log(`final (${fin.paths} paths), certainty equivalent: closed form ${f(fin.closedForm.certaintyEquivalent)}, symmetric ${f(fin.symmetric.certaintyEquivalent)}, untrained ${f(fin.untrained.certaintyEquivalent)}, trained ${f(fin.trained.certaintyEquivalent)} (gap closed ${(result.gapClosed * 100).toFixed(0)}%)`);
  console.log(`wrote ${file}; training ${trainingMs} ms (${result.episodes} episodes), total ${Date.now() - started} ms`);
}

if (require.main === module) {
  try {
    main();
  } catch (error) {
    console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  }
}
