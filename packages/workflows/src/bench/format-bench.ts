/**
 * Format benchmark (part of `make bench`): what users run. Every registered strategy format end to
 * end through the same engine as research, against a minimal bench quoter measured in the same
 * run, in events per CPU second of this process (the machine is shared; wall-clock rates beside):
 *
 * 1. 30 days of real 1m candles (the last 30 days of the shared BTC/USDT file), research's engine
 *    config at the 10k tier (half the budget in base, candle fill model).
 * 2. The tick scenario: the real capture of `tick-bench` (L2 book, power queue, 1 ms latencies) at
 *    100k. rl-enhanced runs untrained there (research trains it on candles only); speed is the point.
 * 3. `research` over the same 30 days x 3 budget tiers x 6 formats (with its 7-day RL warm-up), run
 *    as users run it (the built app, default workers); its wall time from summary.json.
 *
 * After the candle table, the floors of as-baseline and glft (issue 15, target 1: is >= 0.5
 * reachable without changing results?). A format's floor is its per-bar decision on candles
 * hand-fused into one loop (@mml/models `avellanedaStoikovCandleFloor`: EWMA sigma, the candle
 * excursion proxy's k, the A-S 2008 quote and the grid; `glftCandleFloor`: EWMA sigma, the GLFT
 * quote from the fixed A and k, the grid; the same arithmetic on the same numbers, no framework),
 * fed the inventory path of a recorded run of the format. The bench checks that it gives the
 * format's quotes on every bar (`test/format-floors.spec.ts` fails the build if not; the bench
 * exits 1) and times it (F, ns per bar, best of 15 rounds, CPU time). It also plays the recorded
 * quotes back through the engine in the candle table's rounds (`ReplayedQuotes`, an array read per
 * bar; the format's fills, else exit 1):
 * E, the engine's own cost for that format's quote stream. With T the bench quoter's ns/bar through
 * the engine:
 *
 *    ratio bound = T / (E + F)
 *
 * is the format's ratio to the quoter if its strategy cost nothing but its arithmetic, in this
 * engine. It bounds what any bit-identical speed-up of the format's framework (estimator objects,
 * the inputs snapshot, diagnostics, intent building, the split's change tracking) can reach while
 * the arithmetic costs F; only cheaper arithmetic (which the floor would then use too) or a faster
 * engine moves it, and a faster engine lowers T along with E. Below 0.5 the target is out of
 * reach bit-identically for that format; at or above it, the format's ns/bar minus (E + F) is its
 * framework's cost, printed beside the allowance the target leaves it (2T - E - F). Also printed:
 * T / (T - Q + F), the bound if the engine did the quoter's work for the format (Q: the bench
 * quoter's own decision written the same way; E - (T - Q) is what the format's fills and quote
 * changes cost the engine beyond the quoter's).
 *
 * Run: `node packages/workflows/dist/bench/format-bench.js [--data <shared data dir>] [--capture <file>] [--skip-research]`.
 * Every run is `runBacktest` (the engine's replay loop, `engine.run()`), the call research's backtest
 * tasks make, over the replay research uses (packed candles, tick columns); data is loaded and
 * packed before timing, so only the replay, the engine and the strategy are measured. The bench
 * quoter is the engine bench's (`@mml/backtest-engine/bench-quoter`).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInstrument, type Instrument, type MarketEvent, type Strategy } from '@mml/core';
import { runBacktest } from '@mml/backtest-engine';
import { BenchQuoter } from '@mml/backtest-engine/bench-quoter';
import { SHARED_BTCUSDT_1M, sharedDataDir } from '@mml/market-data';
import { createFloorQuotes, type FloorCandles } from '@mml/models';
import { createStrategyFromFormat, listFormats } from '@mml/strategies';
import { CandleReplay } from '../candle-replay';
import { benchQuoterFloor, FLOOR_FORMATS, floorCandles, floorQuotes, formatFloor, quoteDifferences, recordFormatRun, ReplayedQuotes, type FloorFormat, type RecordedRun } from './format-floor';
import { loadWorkflowTicks, tickEngineDefaults } from '../market-ticks';
import { packCandles } from '../packed-candles';
import { workflowEngineConfig } from '../starting-position';
import { TickEventReplay } from '../tick-event-replay';
import { loadWorkflowData } from '../workflow-data';

interface Rate {
  cpu: number;
  wall: number;
  fills: number;
}

function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/**
 * One run through a fresh engine, in M events per CPU second and per wall second: `runBacktest`,
 * the call research's backtest tasks make (the engine's replay loop, `engine.run()`), over the
 * same replay research feeds it.
 */
function once(events: Iterable<MarketEvent>, count: number, instrument: Instrument, strategy: Strategy, config: Record<string, unknown>): Rate {
  const cpu0 = cpuSeconds();
  const wall0 = process.hrtime.bigint();
  const fills = runBacktest({ events, strategy, instrument, config }).metrics.fills;
  return { cpu: count / (cpuSeconds() - cpu0) / 1e6, wall: count / (Number(process.hrtime.bigint() - wall0) / 1e9) / 1e6, fills };
}

/**
 * Every strategy once to warm the JIT up, then `rounds` rounds of every strategy in turn (so load
 * spikes on the shared machine hit all of them alike); the best round of each (7 rounds on the
 * short candle runs, 5 on ticks: with fewer, one quiet round for the quoter and none for a format
 * moved a ratio by 0.1-0.3 on the loaded 2-core machine).
 */
function rates(events: () => Iterable<MarketEvent>, count: number, instrument: Instrument, strategies: Array<() => Strategy>, config: Record<string, unknown>, rounds: number): Rate[] {
  for (const strategy of strategies) once(events(), count, instrument, strategy(), config);
  const best: Rate[] = strategies.map(() => ({ cpu: 0, wall: 0, fills: 0 }));
  for (let r = 0; r < rounds; r++) {
    strategies.forEach((strategy, i) => {
      const result = once(events(), count, instrument, strategy(), config);
      if (result.cpu > best[i].cpu) best[i] = result;
    });
  }
  return best;
}

function table(title: string, quoter: Rate, formats: Array<[string, Rate]>): void {
  console.log(title);
  console.log(`  ${'strategy'.padEnd(14)} ${'M ev/s cpu'.padStart(10)} ${'(wall)'.padStart(8)} ${'x quoter'.padStart(9)} ${'fills'.padStart(7)}`);
  const line = (name: string, r: Rate) =>
    console.log(`  ${name.padEnd(14)} ${r.cpu.toFixed(3).padStart(10)} ${`(${r.wall.toFixed(3)})`.padStart(8)} ${(r.cpu / quoter.cpu).toFixed(2).padStart(9)} ${String(r.fills).padStart(7)}`);
  line('bench quoter', quoter);
  for (const [name, r] of formats) line(name, r);
  const worst = Math.min(...formats.map(([, r]) => r.cpu / quoter.cpu));
  console.log(`  lowest format / quoter ratio: ${worst.toFixed(2)} (target >= 0.5)`);
}

/** The bench quoter first, then a fresh strategy of each format per run. */
function strategiesOf(quoter: BenchQuoter, formats: string[]): Array<() => Strategy> {
  return [() => quoter, ...formats.map((format) => () => createStrategyFromFormat(format, {}, { seed: 1 }))];
}

async function candles(dataDir: string, formats: string[]): Promise<void> {
  const path = resolve(dataDir, SHARED_BTCUSDT_1M);
  if (!existsSync(path)) {
    console.log(`formats on 1m candles: skipped (${path} not found)`);
    return;
  }
  const loaded = await loadWorkflowData({ source: 'file', dataPath: path, days: 30, seed: 1 });
  const instrument = createInstrument(loaded.instrument);
  // As research replays them: packed into one shared Float64Array, one reused event per row.
  const packed = packCandles(loaded.candles, true);
  const config = workflowEngineConfig({ ...loaded.engineDefaults, recordFills: false }, undefined, 10_000, loaded.instrument);
  const orderSize = (0.05 * 10_000) / loaded.candles[0].close;
  // The floored formats' quotes, recorded (for the floors below) and played back through the engine in the same rounds.
  const floored = FLOOR_FORMATS.filter((format) => formats.includes(format));
  const recorded = floored.map((format) => recordFormatRun(format, new CandleReplay(packed), packed.count, instrument, config));
  const strategies = [...strategiesOf(new BenchQuoter(BENCH_HALF_SPREAD_BPS, orderSize), formats), ...recorded.map((run) => () => new ReplayedQuotes(run.quotes))];
  const [quoter, ...measured] = rates(() => new CandleReplay(packed), packed.count, instrument, strategies, config, 7);
  const results = formats.map((format, i): [string, Rate] => [format, measured[i]]);
  table(`formats on 30 days of real 1m candles (${packed.count} events, ${SHARED_BTCUSDT_1M}, 10k tier, candle fill model):`, quoter, results);
  const bars = floorCandles(loaded.candles);
  const q = quoterDecision(bars, instrument, orderSize);
  floored.forEach((format, i) => floor(format, bars, instrument, config, recorded[i], { quoter, format: measured[formats.indexOf(format)], replayed: measured[formats.length + i] }, q));
}

/** The bench quoter's half-spread on candles (bps). */
const BENCH_HALF_SPREAD_BPS = 20;

/** ns per bar of CPU time of `pass` over `bars` bars: the best of 15 rounds of two passes, after a warm-up round. */
function nsPerBar(pass: () => void, bars: number): number {
  let best = Infinity;
  for (let round = 0; round < 16; round++) {
    const cpu0 = cpuSeconds();
    pass();
    pass();
    if (round > 0) best = Math.min(best, ((cpuSeconds() - cpu0) * 1e9) / (2 * bars));
  }
  return best;
}

/** Q: the bench quoter's own decision, hand-fused as the floors are (ns/bar). */
function quoterDecision(bars: FloorCandles, instrument: Instrument, orderSize: number): number {
  const out = createFloorQuotes(bars.count);
  return nsPerBar(() => benchQuoterFloor(bars, instrument, BENCH_HALF_SPREAD_BPS, orderSize, out), bars.count);
}

/**
 * A format's floor line (see the file comment): the floor's ns/bar, the check that it gives the
 * format's quotes, the engine's cost of those quotes replayed, and the bound.
 */
function floor(format: FloorFormat, bars: FloorCandles, instrument: Instrument, config: Record<string, unknown>, run: RecordedRun, rates: { quoter: Rate; format: Rate; replayed: Rate }, q: number): void {
  const budget = config['quoteBudget'] as number;
  const floorOf = formatFloor(format);
  const differences = quoteDifferences(run.quotes, floorQuotes(floorOf, instrument, budget, bars, run), 0);
  const out = createFloorQuotes(bars.count);
  const f = nsPerBar(() => floorOf(instrument, budget, bars, run.inventory, out), bars.count);
  const t = 1e3 / rates.quoter.cpu;
  const real = 1e3 / rates.format.cpu;
  const engine = 1e3 / rates.replayed.cpu;
  const bound = t / (engine + f);
  const simple = t / (t - q + f);
  const same = differences.count === 0 ? `the format's quotes on all ${bars.count} bars` : `DIFFERENT quotes from the format's on ${differences.count} bars (first ${differences.first}): the bound below does not hold`;
  const replayFills = rates.replayed.fills === rates.format.fills ? `the format's ${rates.format.fills} fills` : `${rates.replayed.fills} fills, NOT the format's ${rates.format.fills}: E below is not its engine cost`;
  console.log(`  ${format} floor (its per-bar decision hand-fused, no framework; ${same}):`);
  console.log(`    floor F ${f.toFixed(0)} ns/bar; its quotes replayed through the engine E ${engine.toFixed(0)} ns/bar (${replayFills}); quoter through the engine T ${t.toFixed(0)} ns/bar (its own decision Q ${q.toFixed(0)}); ${format} through the engine ${real.toFixed(0)} ns/bar`);
  const verdict =
    bound < 0.5
      ? `below 0.5: out of reach bit-identically for ${format} in this engine (engine ${engine.toFixed(0)} + arithmetic ${f.toFixed(0)} ns/bar > 2T = ${(2 * t).toFixed(0)})`
      : `>= 0.5: reachable if its framework costs <= ${(2 * t - (engine + f)).toFixed(0)} ns/bar; today ${(real - (engine + f)).toFixed(0)} ns/bar (${format} ${real.toFixed(0)} - E ${engine.toFixed(0)} - F ${f.toFixed(0)})`;
  if (differences.count > 0 || rates.replayed.fills !== rates.format.fills) {
    // As the engine bench does when the engine and its fused loop disagree: the figures are void.
    console.error(`error: ${format} floor: the floor or the replayed quotes do not reproduce the format (quote differences ${differences.count}, fills ${rates.replayed.fills} vs ${rates.format.fills})`);
    process.exitCode = 1;
  }
  console.log(`    ratio bound T / (E + F) = ${bound.toFixed(2)} (T / (T - Q + F) = ${simple.toFixed(2)} if the engine did the quoter's work for it; ${format} today ${(rates.format.cpu / rates.quoter.cpu).toFixed(2)}); ${verdict}`);
}

async function ticks(dataDir: string, file: string, formats: string[]): Promise<void> {
  const path = resolve(dataDir, 'ticks', file);
  if (!existsSync(path)) {
    console.log(`formats on ticks: skipped (${path} not found)`);
    return;
  }
  const data = await loadWorkflowTicks({ paths: [path] });
  const instrument = createInstrument(data.instrument);
  const n = data.to - data.from;
  const tickSize = Number(data.instrument.tickSize);
  const config = { ...tickEngineDefaults(data.market), quoteBudget: 100_000, orderLatencyMs: 1, l2: { queueModel: 'power' }, recordFills: false };
  const events = () => new TickEventReplay(data.columns, data.from, data.to, tickSize);
  const [quoter, ...measured] = rates(events, n, instrument, strategiesOf(new BenchQuoter(2, 0.01), formats), config, 5);
  const results = formats.map((format, i): [string, Rate] => [format, measured[i]]);
  table(`formats on the tick scenario (${n} events, ${file}, L2 + power queue + 1 ms latency, 100k):`, quoter, results);
}

/**
 * The research app as users run it (built CLI), over 30 days x 3 tiers x 6 formats; wall times of
 * two runs in a row: the first right after a build starts with a cold code cache (research keeps
 * V8's compiled modules in data/cache/code, @mml/workflows/compile-cache), the second is what a
 * user's next run costs.
 */
function research(dataDir: string): void {
  const data = resolve(dataDir, SHARED_BTCUSDT_1M);
  const main = resolve(__dirname, '../../../../apps/research/dist/main.js');
  if (!existsSync(data) || !existsSync(main)) {
    console.log(`research-budgets wall time: skipped (${existsSync(data) ? main : data} not found)`);
    return;
  }
  const runs = [researchRun(main, data), researchRun(main, data)];
  const [first, second] = runs;
  console.log(
    `research-budgets, 30 days x 3 tiers x 6 formats (${second.runs} runs, ${second.workers} workers): matrix wall time ${second.matrixSeconds.toFixed(2)} s ` +
      `(summary.json execution.wallTimeMs; target < 2 s), whole command ${second.wholeSeconds.toFixed(2)} s; the run before it (code cache as the build left it): matrix ${first.matrixSeconds.toFixed(2)} s, whole ${first.wholeSeconds.toFixed(2)} s`,
  );
}

/** One research run into a temporary directory (removed after): its whole wall time and summary.json's execution figures. */
function researchRun(main: string, data: string): { wholeSeconds: number; matrixSeconds: number; workers: number; runs: number } {
  const out = mkdtempSync(join(tmpdir(), 'mml-format-bench-'));
  try {
    const started = process.hrtime.bigint();
    execFileSync(process.execPath, [main, '--source', 'file', '--data', data, '--days', '30', '--seed', '42', '--out', out], { stdio: ['ignore', 'ignore', 'inherit'] });
    const wholeSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    const runDir = readdirSync(join(out, 'research')).find((name) => name !== 'latest');
    const summary = JSON.parse(readFileSync(join(out, 'research', runDir ?? 'latest', 'summary.json'), 'utf8')) as { execution: { wallTimeMs: number; workers: number }; rows: unknown[] };
    return { wholeSeconds, matrixSeconds: summary.execution.wallTimeMs / 1000, workers: summary.execution.workers, runs: summary.rows.length };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const arg = (name: string): string | undefined => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const dataDir = arg('--data') ?? sharedDataDir();
  const formats = listFormats().map((f) => f.name);
  await candles(dataDir, formats);
  await ticks(dataDir, arg('--capture') ?? 'binance_usdm_btcusdt_2024-08-08.gz', formats);
  if (!args.includes('--skip-research')) research(dataDir);
}

main().catch((error: Error) => {
  console.error(`error: ${error.message}`);
  process.exit(2);
});
