import { PerformanceObserver, constants } from 'node:perf_hooks';
import { GCProfiler, getHeapSpaceStatistics } from 'node:v8';
import { BINANCE_BTCUSDT_SPOT, type CandleEvent, Instrument, SeededRandom, type Strategy, type StrategyContext } from '@mml/core';
import { createStrategyFromFormat } from '@mml/strategies';

/** What one format's strategy did to the heap over a run, as the probe measured it. */
export interface StrategyAllocation {
  format: string;
  /** Events of the short run and of the long run (the long run continues the short one). */
  shortEvents: number;
  longEvents: number;
  /** Live heap after a full GC, after the short and after the long run (bytes). */
  heapAfterShort: number;
  heapAfterLong: number;
  /** Young-generation collections (scavenges) and all collections while the long run went on. */
  minorGcs: number;
  gcs: number;
  /**
   * Bytes allocated in the young generation over the last `youngEvents` events (the second half of
   * the long run: by then the JIT has settled, also on a loaded machine, where the first format's
   * optimised code can come late): each scavenge there emptied a full semi-space (its capacity),
   * plus what the semi-space holds at the end beyond what it held at the start. Per-event garbage
   * dies young, so this counts it to within the few objects a scavenge keeps (a measure, where
   * minorGcs x 1 MB only bounds it).
   */
  youngBytes: number;
  youngEvents: number;
  /** How the probe drove the strategy: as the engine does, core's observe/quote split when it has one. */
  path: 'observe/quote' | 'onEvent';
  /** Strategy calls per second during the long run (the probe only: no engine). */
  eventsPerSecond: number;
}

/**
 * A seeded 1m market that exercises every branch of the formats: a GBM path with occasional
 * sharp moves (adverse-move filter), an inventory swinging between short and long (skew,
 * inventory bounds, risk-off by trend) and an equity that draws down past the soft and hard
 * breaker thresholds and recovers. Built up front, so the driving loop allocates nothing.
 */
export function allocationProbeMarket(events: number, seed = 15): { candles: CandleEvent[]; contexts: StrategyContext[] } {
  const instrument = new Instrument(BINANCE_BTCUSDT_SPOT);
  const rng = new SeededRandom(seed);
  const candles: CandleEvent[] = [];
  const contexts: StrategyContext[] = [];
  let price = 30_000;
  for (let i = 0; i < events; i++) {
    const open = price;
    const jump = rng.uniform() < 0.002 ? (rng.uniform() < 0.5 ? -1 : 1) * 0.008 : 0;
    price = Math.round(price * Math.exp(0.0008 * rng.normal() + jump) * 100) / 100;
    const ts = (i + 1) * 60_000;
    candles.push({ kind: 'candle', ts, openTime: ts - 60_000, durationMs: 60_000, open, high: Math.max(open, price) * 1.0002, low: Math.min(open, price) * 0.9998, close: price, volume: 5 });
    // Inventory -6..+6 orders of 5% of the budget; drawdown up to 17% of the budget every ~2 days.
    const orders = 6 * Math.sin(i / 97);
    const inventory = (orders * 0.05 * 10_000) / price;
    const drawdown = Math.max(0, 0.17 * Math.sin(i / 457)) ** 2 / 0.17;
    const equity = 10_000 * (1 - drawdown);
    contexts.push({
      instrument, now: ts, inventoryLots: instrument.floorLots(Math.abs(inventory)) * Math.sign(inventory), inventory, cash: equity - inventory * price,
      equity, initialEquity: 10_000, peakEquity: 10_000, bestBid: NaN, bestAsk: NaN, mid: price, quoteBudget: 10_000,
    });
  }
  return { candles, contexts };
}

/**
 * Drives one format's strategy over the probe market as the engine drives it (see drive):
 * `shortEvents` first, then on to `longEvents` (10x as many, say), counting the GCs and the young
 * generation's allocation of the long part and the live heap after each part. A strategy that allocates nothing per event leaves the heap flat and triggers no scavenge
 * however long it runs; one that allocates even a small object per event triggers a scavenge every
 * semi-space's worth (run with --max-semi-space-size=1 to make that 1 MB). Needs --expose-gc.
 */
export async function probeStrategyAllocation(format: string, market: { candles: CandleEvent[]; contexts: StrategyContext[] }, shortEvents: number): Promise<StrategyAllocation> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('the allocation probe needs node --expose-gc');
  const longEvents = market.candles.length;
  const strategy: Strategy = createStrategyFromFormat(format, {}, { seed: 1 });
  drive(strategy, market, 0, shortEvents);
  gc();
  const heapAfterShort = process.memoryUsage().heapUsed;
  let minorGcs = 0;
  let gcs = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gcs++;
      if ((entry as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MINOR) minorGcs++;
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  const started = process.hrtime.bigint();
  const half = shortEvents + Math.floor((longEvents - shortEvents) / 2);
  drive(strategy, market, shortEvents, half);
  // The second half's scavenges, counted synchronously (the observer's GC entries arrive later).
  const profiler = new GCProfiler();
  const before = youngGeneration();
  profiler.start();
  drive(strategy, market, half, longEvents);
  const after = youngGeneration();
  const scavenges = profiler.stop().statistics.filter((gcEntry) => gcEntry.gcType === 'Scavenge').length;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  // GC entries are delivered asynchronously: let them arrive before the final, forced GC.
  await new Promise((resolve) => setTimeout(resolve, 50));
  observer.disconnect();
  gc();
  const heapAfterLong = process.memoryUsage().heapUsed;
  const youngBytes = scavenges * before.capacity + after.used - before.used;
  return { format, path: isSplit(strategy) ? 'observe/quote' : 'onEvent', shortEvents, longEvents, heapAfterShort, heapAfterLong, minorGcs, gcs, youngBytes, youngEvents: longEvents - half, eventsPerSecond: (longEvents - shortEvents) / seconds };
}

/** The young generation's semi-space in use and its capacity (used + available), in bytes. */
function youngGeneration(): { used: number; capacity: number } {
  const space = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
  if (space === undefined) throw new Error('the allocation probe found no new_space in v8.getHeapSpaceStatistics()');
  return { used: space.space_used_size, capacity: space.space_used_size + space.space_available_size };
}

function isSplit(strategy: Strategy): boolean {
  return strategy.observe !== undefined && strategy.quote !== undefined;
}

/**
 * The strategy over events [from, to) as the engine drives it: a split strategy (observe + quote)
 * is observed on every event and asked for its quote when observe says its inputs moved or its
 * context did (the probe's contexts move on every event, so on every event); any other gets onEvent.
 */
function drive(strategy: Strategy, market: { candles: CandleEvent[]; contexts: StrategyContext[] }, from: number, to: number): void {
  const { candles, contexts } = market;
  if (isSplit(strategy)) {
    const observe = strategy.observe as NonNullable<Strategy['observe']>;
    const quote = strategy.quote as NonNullable<Strategy['quote']>;
    for (let i = from; i < to; i++) {
      observe.call(strategy, candles[i], contexts[i]);
      quote.call(strategy, contexts[i]);
    }
  } else {
    for (let i = from; i < to; i++) strategy.onEvent(candles[i], contexts[i]);
  }
}
