#!/usr/bin/env node
/**
 * Avellaneda & Stoikov (2008) §3.3 through the backtest engine, beside the standalone replication:
 * writes <out>/avellaneda-stoikov-2008-engine.json (same shape as avellaneda-stoikov-2008.json) and
 * <out>/avellaneda-stoikov-2008-engine.md (engine vs standalone vs paper, with the z-score of each
 * profit-mean difference). The standalone numbers are recomputed in-process with the same seed and
 * conventions (they are what `replicate-as2008` writes).
 *
 *   node dist/cli/replicate-as2008-engine.js [--out artifacts/replication] [--seed 2008] [--simulations 1000]
 *        [--spread-term liquidity-only|full] [--fill-timing after-move|before-move]
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { stableStringify } from '@mml/core';
import { writeFileAtomic } from '@mml/core/io';
import { AS2008_PAPER_TABLE, parseAs2008ReplicationArgs, runAvellanedaStoikov2008Replication, type As2008Replication } from '@mml/models';
import { runAs2008ThroughEngine, type As2008EngineReplication } from '../as2008-engine';

/** Engine vs standalone vs paper, one row per gamma x agent. */
export function comparisonTable(engine: As2008EngineReplication, standalone: As2008Replication): string {
  const f = (x: number) => x.toFixed(2);
  const lines = [
    `# Avellaneda-Stoikov (2008) section 3.3: engine vs standalone`,
    ``,
    `${engine.simulations} paths each, seed ${engine.seed}; spread term ${engine.spreadTerm}, fill timing ${engine.fillTiming}. Engine: MarketMakingEngine, intensity fill model, tick ${engine.engine.tickSize}. z = (engine - standalone) / combined standard error of the two profit means.`,
    ``,
    `| gamma | agent | spread | profit mean engine / standalone / paper | z | profit std engine / standalone / paper | final q std engine / standalone / paper |`,
    `|---|---|---|---|---|---|---|`,
  ];
  for (const [g, row] of Object.entries(engine.gamma)) {
    for (const agent of ['inventory', 'symmetric'] as const) {
      const e = row[agent];
      const s = standalone.gamma[g][agent];
      const p = AS2008_PAPER_TABLE[g]?.[agent];
      const z = (e.profitMean - s.profitMean) / Math.sqrt((e.profitStd ** 2 + s.profitStd ** 2) / engine.simulations);
      const paper = (key: 'profitMean' | 'profitStd' | 'finalQStd') => (p ? String(p[key]) : '-');
      lines.push(`| ${g} | ${agent} | ${f(e.spread)} | ${f(e.profitMean)} / ${f(s.profitMean)} / ${paper('profitMean')} | ${z.toFixed(2)} | ${f(e.profitStd)} / ${f(s.profitStd)} / ${paper('profitStd')} | ${f(e.finalQStd)} / ${f(s.finalQStd)} / ${paper('finalQStd')} |`);
    }
  }
  return lines.join('\n') + '\n';
}

function main(): void {
  const options = parseAs2008ReplicationArgs(process.argv.slice(2), 'replicate-as2008-engine');
  const started = Date.now();
  const engine = runAs2008ThroughEngine(options);
  const standalone = runAvellanedaStoikov2008Replication(options);
  const dir = resolve(process.cwd(), options.out);
  mkdirSync(dir, { recursive: true });
  const json = resolve(dir, 'avellaneda-stoikov-2008-engine.json');
  const md = resolve(dir, 'avellaneda-stoikov-2008-engine.md');
  const table = comparisonTable(engine, standalone);
  writeFileAtomic(json, stableStringify(engine, 2) + '\n');
  writeFileAtomic(md, table);
  console.log(table);
  console.log(`wrote ${json} and ${md} in ${Date.now() - started} ms`);
}

if (require.main === module) {
  try {
    main();
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(2);
  }
}
