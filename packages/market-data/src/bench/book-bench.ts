/**
 * Book-maintenance benchmark (`make bench` runs it after the engine bench): M depth rows/s of
 * Binance's snapshot + diff synchronisation on the dense tick book (BinanceBookSync + DenseOrderBook,
 * prices converted to ticks per row), from columns already in memory (parsing is not timed; the
 * columnar cache makes it a one-off).
 *
 * 1. Every shared raw capture with a snapshot: rows = snapshot levels + diff levels applied. The
 *    previous sorted-array `OrderBook` runs on the same events (objects built before timing) for
 *    comparison.
 * 2. A synthetic day of L2 rows (default 100 M, the size of a Tardis BTCUSDT futures day): a
 *    `--block` of generated rows (default 2 M: a drifting touch, levels set and deleted near it,
 *    grouped into diffs of 1..20 rows with chained ids, after a 1000-level snapshot) replayed until
 *    the day's rows are done; each pass starts from its snapshot. The block repeats, so the figure
 *    measures the book code on a realistic access pattern, not on 100 M distinct rows.
 *
 * The book is reused across passes (its window grows once, in the warm-up pass): steady state.
 *
 * Usage: node dist/bench/book-bench.js [--data <shared data dir>] [--rows 100000000] [--block 2000000]
 * Prints figures only; nothing is asserted (timings on a shared machine vary).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DenseOrderBook, SeededRandom, type BookDeltaEvent } from '@mml/core';
import { OrderBook } from '../files/order-book';
import { repoRoot, sharedDataDir } from '../paths';
import { readBinanceCapture } from '../ticks/binance-capture';
import { BinanceBookSync } from '../ticks/binance-book-sync';
import { detectDepthMarket, hasSnapshot, replayDepth } from '../ticks/book-replay';
import { groupCaptureFiles } from '../ticks/capture-files';
import { loadTickColumns } from '../ticks/tick-cache';
import { KIND_DEPTH, KIND_SNAPSHOT, TickColumnsBuilder, columnEvent, type TickColumns } from '../ticks/tick-columns';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const fmt = (x: number) => x.toFixed(2);

interface Timing {
  rows: number;
  /** Wall-clock seconds. */
  seconds: number;
  /** CPU seconds of this process (user + system): the fairer figure on a shared, loaded machine. */
  cpuSeconds: number;
}

function timed(run: () => number): Timing {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const rows = run();
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const c = process.cpuUsage(c0);
  return { rows, seconds, cpuSeconds: (c.user + c.system) / 1e6 };
}

/** Best (by wall time) of `passes` timed runs after one warm-up of `run`, which returns the rows it applied. */
function timeRows(passes: number, run: () => number): Timing {
  run();
  let best: Timing | undefined;
  for (let p = 0; p < passes; p++) {
    const t = timed(run);
    if (!best || t.seconds < best.seconds) best = t;
  }
  return best as Timing;
}

const rate = (t: Timing) => `${fmt(t.rows / t.seconds / 1e6).padStart(6)} M rows/s (cpu ${fmt(t.rows / t.cpuSeconds / 1e6)})`;

/**
 * One replay of the columns through a fresh synchroniser on `book`. The book is reused across
 * passes, as in a long replay: its window grows once (in the warm-up pass) and then stays; a
 * snapshot clears it without giving the memory back.
 */
function replayOnce(c: TickColumns, book: DenseOrderBook): number {
  const market = detectDepthMarket(c);
  if (!market) return 0;
  return replayDepth(c, new BinanceBookSync(market, undefined, 'bench', book));
}

/** The previous sorted-array OrderBook on the same depth events (built as objects beforehand). */
function legacyBookRows(c: TickColumns): (() => number) | undefined {
  const market = detectDepthMarket(c);
  if (!market) return undefined;
  const events: Array<{ kind: number; event: ReturnType<typeof columnEvent> }> = [];
  for (let i = 0; i < c.length; i++) if (c.kind[i] === KIND_DEPTH || c.kind[i] === KIND_SNAPSHOT) events.push({ kind: c.kind[i], event: columnEvent(c, i) });
  return () => {
    const book = new OrderBook(market);
    let rows = 0;
    for (const { event } of events) {
      if (event.kind === 'book') {
        book.applySnapshot(event);
        rows += event.bids.length + event.asks.length;
      } else if (event.kind === 'depth') {
        try {
          if (book.applyDiff(event as BookDeltaEvent & { prevLastUpdateId?: number }) === 'applied') rows += event.bids.length + event.asks.length;
        } catch {
          return rows; // a chain break: the old book cannot resync; stop here (rows counted so far)
        }
      }
    }
    return rows;
  };
}

/** A synthetic block: one 1000-level snapshot, then diffs of 1..20 rows near a drifting touch. */
function syntheticBlock(rows: number, seed: number): TickColumns {
  const rng = new SeededRandom(seed);
  const builder = new TickColumnsBuilder(1 << 16);
  const tick = 0.1;
  let mid = 600_000; // ticks (60,000.0 at 0.1)
  const bids: Array<[number, number]> = [];
  const asks: Array<[number, number]> = [];
  for (let k = 1; k <= 500; k++) {
    bids.push([(mid - k) * tick, 1 + rng.int(100) / 10]);
    asks.push([(mid + k) * tick, 1 + rng.int(100) / 10]);
  }
  let id = 1000;
  // The snapshot's id lies inside the first diff [1001, ..], as Binance's futures rule requires.
  builder.append({ kind: 'book', ts: 0, localTs: 0, bids, asks, updateId: id + 1 });
  let made = 0;
  let ts = 0;
  while (made < rows) {
    const n = Math.min(rows - made, 1 + rng.int(20));
    const b: Array<[number, number]> = [];
    const a: Array<[number, number]> = [];
    if (rng.uniform() < 0.05) mid += rng.int(3) - 1;
    for (let r = 0; r < n; r++) {
      const depth = 1 + Math.floor(rng.exponential(1 / 15));
      const qty = rng.uniform() < 0.3 ? 0 : 1 + rng.int(1000) / 1000;
      if (rng.uniform() < 0.5) b.push([(mid - depth) * tick, qty]);
      else a.push([(mid + depth) * tick, qty]);
    }
    const prev = id;
    id += 1 + rng.int(5);
    ts += 1;
    builder.append({ kind: 'depth', ts, localTs: ts, firstUpdateId: prev + 1, lastUpdateId: id, prevLastUpdateId: prev, bids: b, asks: a });
    made += n;
  }
  return builder.finish();
}

async function main(): Promise<void> {
  const dataDir = resolve(arg('data') ?? sharedDataDir());
  const ticksDir = join(dataDir, 'ticks');
  const dayRows = Number(arg('rows') ?? 100_000_000);
  const blockRows = Number(arg('block') ?? 2_000_000);
  console.log(`book maintenance (BinanceBookSync + DenseOrderBook; price -> ticks per row; parsing not timed), node ${process.version}, one core, best of 5 passes after a warm-up; wall clock (cpu time in brackets)`);
  if (existsSync(ticksDir) && readdirSync(ticksDir).some((f) => f.endsWith('.gz'))) {
    const cacheDir = join(repoRoot(), 'data', 'cache', 'ticks');
    const total: Timing = { rows: 0, seconds: 0, cpuSeconds: 0 };
    for (const group of groupCaptureFiles([ticksDir])) {
      const loaded = await loadTickColumns(group.files, (files) => readBinanceCapture(files, { policy: 'mark' }), { cacheDir, readerId: 'binance-capture', options: { policy: 'mark' } });
      const c = loaded.columns;
      if (!hasSnapshot(c)) {
        console.log(`  ${group.name}: no snapshot, skipped`);
        continue;
      }
      const book = new DenseOrderBook();
      const dense = timeRows(5, () => replayOnce(c, book));
      const legacyRun = legacyBookRows(c);
      let legacy: Timing | string | undefined;
      try {
        legacy = legacyRun ? timeRows(2, legacyRun) : undefined;
      } catch (error) {
        legacy = `failed (${error instanceof Error ? error.message : String(error)})`;
      }
      total.rows += dense.rows;
      total.seconds += dense.seconds;
      total.cpuSeconds += dense.cpuSeconds;
      console.log(
        `  ${group.name.padEnd(36)} ${String(dense.rows).padStart(9)} rows  dense ${rate(dense)}` +
          (typeof legacy === 'string' ? `   sorted-array OrderBook ${legacy}` : legacy ? `   sorted-array OrderBook ${rate(legacy)}` : ''),
      );
    }
    if (total.seconds > 0) console.log(`  all shared captures: ${total.rows} rows, ${rate(total)}`);
  } else {
    console.log(`  no raw captures under ${ticksDir}: skipped`);
  }

  const block = syntheticBlock(blockRows, 7);
  const passes = Math.max(1, Math.round(dayRows / blockRows));
  const book = new DenseOrderBook();
  replayOnce(block, book); // warm-up
  const day = timed(() => {
    let rows = 0;
    for (let p = 0; p < passes; p++) rows += replayOnce(block, book);
    return rows;
  });
  console.log(
    `  synthetic day: ${fmt(day.rows / 1e6)} M rows (${fmt(blockRows / 1e6)} M-row block replayed ${passes}x) in ${day.seconds.toFixed(1)} s (cpu ${day.cpuSeconds.toFixed(1)} s) = ${rate(day)} (target >= 10)`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
