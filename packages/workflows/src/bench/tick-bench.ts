/**
 * Tick-level benchmark (part of `make bench`): the full engine on L2 tick data, in events per CPU
 * second of this process (the machine is shared; wall-clock rates alongside).
 *
 * 1. A full tick backtest on a real capture (USD-M BTCUSDT, default the 2024-08-08 one): the book,
 *    the power queue model, 1 ms entry and response latency, and the as-stable format, replayed
 *    from the columnar cache through one reused event per kind.
 * 2. The same with a cheap quoter that rejoins the touch on every event, to show the simulator's
 *    own cost apart from the strategy's.
 * 3. A synthetic L2 stream (default 10 M events; --synthetic-events 100000000 for the size of a
 *    Tardis BTCUSDT futures day): depth diffs around the touch, trades at the touch, a random-walk
 *    touch; the engine with the L2 simulator and the cheap quoter, generated on the fly without
 *    allocating. The 100 M-event time is projected from the measured rate unless run in full.
 *
 * Run: `node packages/workflows/dist/bench/tick-bench.js [--data <shared data dir>] [--synthetic-events N]`.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInstrument, Instrument, SeededRandom, type BookDeltaEvent, type BookLevel, type BookSnapshotEvent, type MarketEvent, type QuoteIntent, type Strategy, type StrategyContext, type TradeEvent } from '@mml/core';
import { MarketMakingEngine } from '@mml/backtest-engine';
import { sharedDataDir } from '@mml/market-data';
import { createStrategyFromFormat, parseFormatConfig } from '@mml/strategies';
import { loadWorkflowTicks, tickEngineDefaults } from '../market-ticks';
import { TickEventReplay } from '../tick-event-replay';

/** Joins the touch with 0.01 BTC per side on every event, reusing one intent (no allocation). */
class TouchQuoter implements Strategy {
  readonly name = 'bench-touch-quoter';
  private readonly intent: QuoteIntent = { bids: [{ priceTicks: 0, sizeLots: 0 }], asks: [{ priceTicks: 0, sizeLots: 0 }], };
  constructor(private readonly lots: number) {}
  onEvent(_event: MarketEvent, ctx: StrategyContext): QuoteIntent | undefined {
    if (!(ctx.bestBid < ctx.bestAsk)) return undefined;
    const inst = ctx.instrument;
    this.intent.bids[0].priceTicks = inst.priceToTicks(ctx.bestBid);
    this.intent.bids[0].sizeLots = this.lots;
    this.intent.asks[0].priceTicks = inst.priceToTicks(ctx.bestAsk);
    this.intent.asks[0].sizeLots = this.lots;
    return this.intent;
  }
}

function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

function measure(label: string, events: number, run: () => { fills: number; quotes: number }): number {
  const wall0 = process.hrtime.bigint();
  const cpu0 = cpuSeconds();
  const { fills, quotes } = run();
  const cpu = cpuSeconds() - cpu0;
  const wall = Number(process.hrtime.bigint() - wall0) / 1e9;
  const rate = events / cpu / 1e6;
  console.log(`  ${label.padEnd(44)} ${rate.toFixed(2).padStart(6)} M ev/s cpu (${(events / wall / 1e6).toFixed(2).padStart(6)} wall) | ${events} events in ${cpu.toFixed(2)} s cpu | fills ${fills}, quotes ${quotes}`);
  return rate;
}

async function realCapture(dataDir: string, file: string): Promise<void> {
  const path = resolve(dataDir, 'ticks', file);
  if (!existsSync(path)) {
    console.log(`  (skipped: ${path} not found)`);
    return;
  }
  const ticks = await loadWorkflowTicks({ paths: [path] });
  const instrument = createInstrument(ticks.instrument);
  const n = ticks.to - ticks.from;
  console.log(`real capture ${file}: ${n} events (cache ${ticks.cache}), ${ticks.instrument.symbol}`);
  const base = { ...tickEngineDefaults(ticks.market), quoteBudget: 100_000, orderLatencyMs: 1, l2: { queueModel: 'power' }, recordFills: false };
  const tickSize = Number(ticks.instrument.tickSize);
  const passes = (strategy: () => Strategy, count: number) => () => {
    let fills = 0;
    let quotes = 0;
    for (let p = 0; p < count; p++) {
      const engine = new MarketMakingEngine(instrument, strategy(), base);
      for (const e of new TickEventReplay(ticks.columns, ticks.from, ticks.to, tickSize)) engine.onEvent(e);
      const m = engine.finish().metrics;
      fills += m.fills;
      quotes += m.quotes;
    }
    return { fills, quotes };
  };
  const asStable = () => createStrategyFromFormat('as-stable', parseFormatConfig('as-stable', {}), { seed: 1 });
  passes(asStable, 1)(); // warm-up
  measure('book + power queue + 1 ms latency + as-stable', n * 3, passes(asStable, 3));
  // The touch quoter sits inside the maker fee: the engine's fee-aware edge filter is opened for it.
  const quoter = () => new TouchQuoter(instrument.floorLots(0.01));
  const quoterConfig = { ...base, risk: { minEdgeBps: -10_000 } };
  const quoterPasses = (count: number) => () => {
    let fills = 0;
    let quotes = 0;
    for (let p = 0; p < count; p++) {
      const engine = new MarketMakingEngine(instrument, quoter(), quoterConfig);
      for (const e of new TickEventReplay(ticks.columns, ticks.from, ticks.to, tickSize)) engine.onEvent(e);
      const m = engine.finish().metrics;
      fills += m.fills;
      quotes += m.quotes;
    }
    return { fills, quotes };
  };
  quoterPasses(1)();
  measure('book + power queue + 1 ms latency + touch quoter', n * 10, quoterPasses(10));
}

/**
 * An allocation-free synthetic L2 stream: 64 levels a side around a random-walk touch. Draws come
 * from a xorshift32 state and precomputed tables (sizes ~ exponential, level offsets ~ geometric)
 * so that generating costs little next to the engine; the bench also times the generator alone.
 */
class SyntheticL2 implements IterableIterator<MarketEvent> {
  private state: number;
  private readonly sizes = new Float64Array(4096);
  private readonly offsets = new Uint8Array(4096);
  private readonly bidQty = new Float64Array(64);
  private readonly askQty = new Float64Array(64);
  private bestBid = 600_000; // ticks of 0.1 = 60 000 USDT
  private i = 0;
  private readonly result: IteratorResult<MarketEvent> = { done: false, value: undefined as unknown as MarketEvent };
  private readonly depth: BookDeltaEvent = { kind: 'depth', ts: 0, firstUpdateId: 0, lastUpdateId: 0, bids: [], asks: [] };
  private readonly trade: TradeEvent = { kind: 'trade', ts: 0, price: 0, qty: 0, aggressor: 'buy', id: 0 };
  private readonly snapshot: BookSnapshotEvent;
  private readonly pairs: BookLevel[] = [[0, 0], [0, 0], [0, 0], [0, 0]];

  constructor(private readonly n: number, seed: number) {
    const rng = new SeededRandom(seed);
    this.state = (seed * 2654435761) >>> 0 || 1;
    for (let k = 0; k < 4096; k++) {
      this.sizes[k] = Math.round(rng.exponential(1) * 1000) / 1000 + 0.001;
      this.offsets[k] = Math.min(63, Math.floor(rng.exponential(0.2)));
    }
    for (let k = 0; k < 64; k++) {
      this.bidQty[k] = this.size();
      this.askQty[k] = this.size();
    }
    const bids: BookLevel[] = [];
    const asks: BookLevel[] = [];
    for (let k = 0; k < 64; k++) {
      bids.push([(this.bestBid - k) / 10, this.bidQty[k]]);
      asks.push([(this.bestBid + 1 + k) / 10, this.askQty[k]]);
    }
    this.snapshot = { kind: 'book', ts: 1_700_000_000_000, bids, asks, updateId: 0 };
  }

  [Symbol.iterator](): IterableIterator<MarketEvent> {
    return this;
  }

  /** xorshift32: the next 32 random bits. */
  private bits(): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state;
  }

  private uniform(): number {
    return this.bits() / 4294967296;
  }

  private size(): number {
    return this.sizes[this.bits() & 4095];
  }

  next(): IteratorResult<MarketEvent> {
    const r = this.result;
    const i = this.i++;
    if (i === 0) {
      r.value = this.snapshot;
      return r;
    }
    if (i > this.n) {
      r.done = true;
      return r;
    }
    const ts = 1_700_000_000_000 + i; // 1 event per ms of exchange time
    const u = this.uniform();
    if (u < 0.1) {
      // A trade at the touch.
      const e = this.trade;
      const sell = this.uniform() < 0.5;
      e.ts = ts;
      e.aggressor = sell ? 'sell' : 'buy';
      e.price = (sell ? this.bestBid : this.bestBid + 1) / 10;
      e.qty = Math.min(sell ? this.bidQty[0] : this.askQty[0], 0.01 + this.size() / 10);
      e.id = i;
      r.value = e;
      return r;
    }
    const e = this.depth;
    e.ts = ts;
    e.firstUpdateId = i;
    e.lastUpdateId = i;
    while (e.bids.length > 0) e.bids.pop();
    while (e.asks.length > 0) e.asks.pop();
    if (u < 0.105) {
      // The touch moves one tick: the best level of one side empties, the other side gains a level.
      const up = this.uniform() < 0.5;
      const pairs = this.pairs;
      if (up) {
        this.askQty.copyWithin(0, 1);
        this.askQty[63] = this.size();
        this.bidQty.copyWithin(1, 0, 63);
        this.bidQty[0] = this.size();
        this.bestBid++;
        pairs[0][0] = this.bestBid / 10; pairs[0][1] = this.bidQty[0];
        pairs[1][0] = this.bestBid / 10; pairs[1][1] = 0;
        e.bids.push(pairs[0]);
        e.asks.push(pairs[1]);
      } else {
        this.bidQty.copyWithin(0, 1);
        this.bidQty[63] = this.size();
        this.askQty.copyWithin(1, 0, 63);
        this.askQty[0] = this.size();
        this.bestBid--;
        pairs[0][0] = (this.bestBid + 1) / 10; pairs[0][1] = 0;
        pairs[1][0] = (this.bestBid + 1) / 10; pairs[1][1] = this.askQty[0];
        e.bids.push(pairs[0]);
        e.asks.push(pairs[1]);
      }
    } else {
      // A size change at one of the 64 levels of one side (the touch most often).
      const k = this.offsets[this.bits() & 4095];
      const q = this.size();
      const pair = this.pairs[2];
      if (this.uniform() < 0.5) {
        this.bidQty[k] = q;
        pair[0] = (this.bestBid - k) / 10;
        pair[1] = q;
        e.bids.push(pair);
      } else {
        this.askQty[k] = q;
        pair[0] = (this.bestBid + 1 + k) / 10;
        pair[1] = q;
        e.asks.push(pair);
      }
    }
    r.value = e;
    return r;
  }
}

function synthetic(n: number): void {
  const instrument = new Instrument({ exchange: 'binanceusdm', symbol: 'BTC/USDT:USDT', base: 'BTC', quote: 'USDT', tickSize: '0.1', lotSize: '0.001', minNotional: '100', makerFee: '0.0002', takerFee: '0.0005' });
  const config = { ...tickEngineDefaults('usdm'), quoteBudget: 1_000_000, orderLatencyMs: 1, l2: { queueModel: 'power' }, recordFills: false, risk: { minEdgeBps: -10_000 } };
  console.log(`synthetic L2 stream: ${n} events (90% depth diffs, 10% trades, 1 per ms)`);
  const warm = new MarketMakingEngine(instrument, new TouchQuoter(10), config);
  for (const e of new SyntheticL2(200_000, 7)) warm.onEvent(e);
  const genRate = measure('the generator alone (no engine)', n, () => {
    let k = 0;
    for (const e of new SyntheticL2(n, 7)) k += e.ts > 0 ? 1 : 0;
    return { fills: 0, quotes: k - k };
  });
  const rate = measure('book + power queue + 1 ms latency + touch quoter', n, () => {
    const engine = new MarketMakingEngine(instrument, new TouchQuoter(10), config);
    for (const e of new SyntheticL2(n, 7)) engine.onEvent(e);
    const m = engine.finish().metrics;
    return { fills: m.fills, quotes: m.quotes };
  });
  console.log(`  engine alone (generator time subtracted): ${(1 / (1 / rate - 1 / genRate)).toFixed(2)} M ev/s cpu`);
  console.log(`  a 100 M-event day at this rate: ${(100 / rate).toFixed(0)} s of CPU${n >= 100_000_000 ? '' : ' (projected)'}; heapUsed ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB`);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const arg = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const dataDir = arg('--data') ?? sharedDataDir();
  const n = Number(arg('--synthetic-events') ?? 10_000_000);
  if (!(n > 0)) throw new RangeError(`--synthetic-events must be > 0, got ${arg('--synthetic-events')}`);
  console.log(`tick bench: node ${process.version}; one core; rates per CPU second after a warm-up pass`);
  await realCapture(dataDir, arg('--capture') ?? 'binance_usdm_btcusdt_2024-08-08.gz');
  synthetic(n);
}

main().catch((error: unknown) => {
  process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
});
