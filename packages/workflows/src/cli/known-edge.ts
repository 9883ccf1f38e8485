#!/usr/bin/env node
/**
 * The known-edge study: per quoting rule, true (closed form) vs measured (through the engine) spread
 * capture, adverse selection and edge per fill, with 95 % confidence intervals, on tick events and
 * on the derived 1m candles; then the edge of the A-S rule as the informed share grows.
 * Writes <out>/known-edge.json and prints the tables.
 *
 *   node dist/cli/known-edge.js [--minutes 30] [--seed 1] [--informed-share 0.1] [--informed-move-ticks 150]
 *        [--horizon-ms 1000] [--candle-minutes 1440] [--out artifacts/known-edge]
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { stableStringify } from '@mml/core';
import { writeFileAtomic } from '@mml/core/io';
import { runKnownEdgeStudy, type KnownEdgeStudy, type RuleStudyRow, type SweepRow } from '../known-edge/known-edge-study';

const USAGE = 'usage: known-edge [--minutes <n>] [--seed <int>] [--informed-share <0..0.99>] [--informed-move-ticks <int>] [--horizon-ms <ms>] [--candle-minutes <n>] [--out <dir>]';

export interface KnownEdgeCliOptions {
  minutes: number;
  seed: number;
  /** Unset: the market's default. */
  informedShare?: number;
  informedMoveTicks?: number;
  horizonMs: number;
  candleMinutes: number;
  out: string;
}

export function parseKnownEdgeArgs(argv: string[]): KnownEdgeCliOptions {
  const o: KnownEdgeCliOptions = { minutes: 30, seed: 1, horizonMs: 1000, candleMinutes: 1440, out: 'artifacts/known-edge' };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`error: ${flag} needs a value\n${USAGE}`);
      return v;
    };
    const number = (min: number, max: number, integer: boolean): number => {
      const text = value();
      const n = Number(text);
      if (text.trim() === '' || !Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
        throw new Error(`error: ${flag} must be ${integer ? 'an integer' : 'a number'} in [${min}, ${max}], got "${text}"\n${USAGE}`);
      }
      return n;
    };
    switch (flag) {
      case '--minutes': o.minutes = number(2, 1440, false); break;
      case '--seed': o.seed = number(0, 2 ** 32 - 1, true); break;
      case '--informed-share': o.informedShare = number(0, 0.99, false); break;
      case '--informed-move-ticks': o.informedMoveTicks = number(0, 1_000_000, true); break;
      case '--horizon-ms': o.horizonMs = number(1, 3_600_000, false); break;
      case '--candle-minutes': o.candleMinutes = number(2, 43_200, true); break;
      case '--out': o.out = value(); break;
      default: throw new Error(`error: unknown argument ${argv[i]}\n${USAGE}`);
    }
  }
  return o;
}

const f = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : '-');
const ci = (s: { mean: number; ci95: [number, number] }) => `${f(s.mean)} [${f(s.ci95[0])}, ${f(s.ci95[1])}]`;

/** One markdown row per rule x data: truth, measured with its 95 % CI, and whether the CI covers the truth. */
export function studyTable(rows: readonly RuleStudyRow[], label: (row: RuleStudyRow) => string): string {
  const lines = [
    `| ${'rule'} | data | fills | fills/s true / measured | spread capture true / measured [95% CI] | adverse selection true / measured [95% CI] | edge true / measured [95% CI] | engine attribution: capture per unit, markout (bps) |`,
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    const a = r.engineAttribution;
    lines.push(`| ${label(r)} | ${r.data} | ${r.fills} | ${f(r.truth.fillsPerSecond)} / ${f(r.fillsPerSecond)} | ${f(r.truth.spreadCapture)} / ${ci(r.spreadCapture)} | ${f(r.truth.adverseSelection)} / ${ci(r.adverseSelection)} | ${f(r.truth.edge)} / ${ci(r.edge)} | ${f(a.spreadCapturePerUnit)}, ${a.markoutLabel} ${f(a.markoutBps.mean)} ± ${f(a.markoutBps.stderr)} |`);
  }
  return lines.join('\n');
}

export function studyReport(study: KnownEdgeStudy): string {
  const m = study.market;
  return [
    `# Known-edge study`,
    ``,
    `Market: ${m.durationMinutes} min, seed ${m.seed}, A ${m.arrivalRatePerSecond}/s per side, k ${m.depthDecayPerQuote}/quote, informed share ${m.informedShare}, J ${m.informedMoveTicks} ticks (${(m.informedMoveTicks * m.tickSize).toFixed(2)}), vol ${m.volatilityPerMinute}/sqrt(min), spread ${m.spreadTicks} tick(s). Per fill, in quote currency per unit, before fees. Markouts: ${study.horizonMs} ms on ticks, the fill bar's close${study.horizonBars > 0 ? ` + ${study.horizonBars} bars` : ''} on candles (${study.candleMinutes} min of derived 1m candles). "true" is the closed form for a quoter that re-quotes after every exchange timestamp that filled or moved it, live after the engine's order latency (tick data: ${study.rows.find((r) => r.data === 'ticks')?.orderLatencyMs ?? 1} ms; an informed order and its jump share a timestamp, so they fill a quote once); candle rows show what the candle fill model measures for the same rule re-quoted once per bar (see the market-data README for the bias).`,
    ``,
    studyTable(study.rows, (r) => r.rule),
    ``,
    `## Edge as the informed share grows (A-S rule, tick data)`,
    ``,
    studyTable(study.informedSweep, (r) => `${r.rule} φ=${(r as SweepRow).informedShare}`),
    ``,
    ...(study.latencyRows.length > 0
      ? [
          `## With more order latency (tick data): the cost of re-quoting later`,
          ``,
          `"true" is still the answer at the engine's default latency (re-quote within the millisecond after the fill or move); the gap is what ${study.latencyRows[0].orderLatencyMs} ms of order latency costs (stale quotes filled, filled sides unquoted, for longer after a move or a fill).`,
          ``,
          studyTable(study.latencyRows, (r) => `${r.rule}, ${r.orderLatencyMs} ms`),
          ``,
        ]
      : []),
  ].join('\n');
}

function main(): void {
  const o = parseKnownEdgeArgs(process.argv.slice(2));
  const started = Date.now();
  const study = runKnownEdgeStudy({
    market: {
      durationMinutes: o.minutes,
      seed: o.seed,
      ...(o.informedShare !== undefined ? { informedShare: o.informedShare } : {}),
      ...(o.informedMoveTicks !== undefined ? { informedMoveTicks: o.informedMoveTicks } : {}),
    },
    horizonMs: o.horizonMs,
    candleMinutes: o.candleMinutes,
  });
  const report = studyReport(study);
  const dir = resolve(process.cwd(), o.out);
  mkdirSync(dir, { recursive: true });
  const json = resolve(dir, 'known-edge.json');
  writeFileAtomic(json, stableStringify(study, 2) + '\n');
  writeFileAtomic(resolve(dir, 'known-edge.md'), report);
  console.log(report);
  console.log(`wrote ${json} in ${Date.now() - started} ms`);
}

if (require.main === module) {
  try {
    main();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(message.startsWith('error:') ? message : `error: ${message}`);
    process.exit(2);
  }
}
