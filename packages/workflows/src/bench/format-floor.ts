import { parseConfig, type CandleEvent, type Instrument, type MarketEvent, type QuoteIntent, type Strategy, type StrategyContext } from '@mml/core';
import { runBacktest } from '@mml/backtest-engine';
import { avellanedaStoikovCandleFloor, avellanedaStoikovConfigSchema, createFloorQuotes, glftCandleFloor, glftConfigSchema, type FloorCandles, type FloorQuotes } from '@mml/models';
import { createStrategyFromFormat, parseFormatConfig } from '@mml/strategies';

/**
 * The floors of real formats (issue 15, target 1): a format's per-bar decision on candles as a
 * hand-fused loop (@mml/models `avellanedaStoikovCandleFloor` for as-baseline, `glftCandleFloor`
 * for glft), and what ties it to the format itself, so the floor is known to compute the format's
 * quotes: the format run through the engine with its quotes recorded bar by bar, and the
 * comparison of the two.
 */

/** The formats with a floor. */
export const FLOOR_FORMATS = ['as-baseline', 'glft'] as const;
export type FloorFormat = (typeof FLOOR_FORMATS)[number];

/** A floor over a run's inputs, writing its quotes into `out`. */
export type Floor = (instrument: Instrument, budget: number, candles: FloorCandles, inventory: Float64Array, out: FloorQuotes) => void;

/**
 * The floor of `format` with the format's model configuration (its defaults, as its quoter parses
 * them), each field of `change` replaced (to show a different configuration quotes differently).
 */
export function formatFloor(format: FloorFormat, change: Record<string, unknown> = {}): Floor {
  const model = { ...(parseFormatConfig(format).config['model'] as Record<string, unknown>), ...change };
  if (format === 'glft') {
    const config = parseConfig(glftConfigSchema, model, 'glft.model');
    return (instrument, budget, candles, inventory, out) => glftCandleFloor(config, instrument, budget, candles, inventory, out);
  }
  const config = parseConfig(avellanedaStoikovConfigSchema, model, `${format}.model`);
  return (instrument, budget, candles, inventory, out) => avellanedaStoikovCandleFloor(config, instrument, budget, candles, inventory, out);
}

/** The floor's candle columns from the replay's candles. */
export function floorCandles(candles: readonly CandleEvent[]): FloorCandles {
  const n = candles.length;
  const columns: FloorCandles = { count: n, ts: new Float64Array(n), durationMs: new Float64Array(n), open: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n), close: new Float64Array(n) };
  candles.forEach((c, i) => {
    columns.ts[i] = c.ts;
    columns.durationMs[i] = c.durationMs;
    columns.open[i] = c.open;
    columns.high[i] = c.high;
    columns.low[i] = c.low;
    columns.close[i] = c.close;
  });
  return columns;
}

/** A format's run through the engine as the recorder saw it. */
export interface RecordedRun {
  /** Inventory (base units) in the strategy's context at each bar (at its quote when it quoted). */
  inventory: Float64Array;
  /** The quote standing after each bar: the last intent the strategy returned, carried over the bars it was not asked. */
  quotes: FloorQuotes;
  /** Bars the strategy was asked to quote at, and the first (-1: none). */
  quotedBars: number;
  firstQuoted: number;
  fills: number;
}

/**
 * Passes everything to the format's strategy, keeping its own observe/quote split (so the engine
 * takes the same path as without it), and records per event the context's inventory and the
 * intent returned.
 */
class QuoteRecorder implements Strategy {
  readonly name: string;
  readonly diagnosticsSchema: Strategy['diagnosticsSchema'];
  private bar = -1;
  quotedBars = 0;
  firstQuoted = -1;

  constructor(
    private readonly inner: Strategy,
    private readonly run: RecordedRun,
  ) {
    if (inner.observe === undefined || inner.quote === undefined || inner.onFill !== undefined) throw new Error(`the quote recorder is written for split strategies without onFill, which ${inner.name} is not`);
    this.name = inner.name;
    this.diagnosticsSchema = inner.diagnosticsSchema;
  }

  onEvent(event: MarketEvent, ctx: StrategyContext): QuoteIntent | undefined {
    this.next(ctx);
    return this.record(this.inner.onEvent(event, ctx), ctx);
  }

  observe(event: MarketEvent, ctx: StrategyContext): boolean {
    this.next(ctx);
    return (this.inner.observe as NonNullable<Strategy['observe']>)(event, ctx);
  }

  quote(ctx: StrategyContext): QuoteIntent | undefined {
    return this.record((this.inner.quote as NonNullable<Strategy['quote']>)(ctx), ctx);
  }

  /** A new event: its bar's quote is the last one until the strategy quotes again. */
  private next(ctx: StrategyContext): void {
    const i = ++this.bar;
    const { inventory, quotes } = this.run;
    inventory[i] = ctx.inventory;
    if (i > 0) {
      quotes.bidTicks[i] = quotes.bidTicks[i - 1];
      quotes.bidLots[i] = quotes.bidLots[i - 1];
      quotes.askTicks[i] = quotes.askTicks[i - 1];
      quotes.askLots[i] = quotes.askLots[i - 1];
    }
  }

  private record(intent: QuoteIntent | undefined, ctx: StrategyContext): QuoteIntent | undefined {
    if (intent === undefined) return intent;
    const i = this.bar;
    if (intent.bids.length > 1 || intent.asks.length > 1) throw new Error(`${this.name} quoted more than one level a side at bar ${i}`);
    const { inventory, quotes } = this.run;
    inventory[i] = ctx.inventory;
    quotes.bidTicks[i] = intent.bids.length > 0 ? intent.bids[0].priceTicks : 0;
    quotes.bidLots[i] = intent.bids.length > 0 ? intent.bids[0].sizeLots : 0;
    quotes.askTicks[i] = intent.asks.length > 0 ? intent.asks[0].priceTicks : 0;
    quotes.askLots[i] = intent.asks.length > 0 ? intent.asks[0].sizeLots : 0;
    this.quotedBars++;
    if (this.firstQuoted < 0) this.firstQuoted = i;
    return intent;
  }
}

/** Runs `format` through the engine (runBacktest, as research does) over `count` events, recording its quotes. */
export function recordFormatRun(format: string, events: Iterable<MarketEvent>, count: number, instrument: Instrument, config: Record<string, unknown>): RecordedRun {
  const run: RecordedRun = { inventory: new Float64Array(count), quotes: createFloorQuotes(count), quotedBars: 0, firstQuoted: -1, fills: 0 };
  const recorder = new QuoteRecorder(createStrategyFromFormat(format, {}, { seed: 1 }), run);
  run.fills = runBacktest({ events, strategy: recorder, instrument, config }).metrics.fills;
  run.quotedBars = recorder.quotedBars;
  run.firstQuoted = recorder.firstQuoted;
  return run;
}

/** A floor's quotes for a recorded run (its inventory path), over the same candles. */
export function floorQuotes(floor: Floor, instrument: Instrument, budget: number, candles: FloorCandles, run: RecordedRun): FloorQuotes {
  const out = createFloorQuotes(candles.count);
  floor(instrument, budget, candles, run.inventory, out);
  return out;
}

/** Bars from `from` on where two quote series differ (any of the four numbers), and the first (-1: none). */
export function quoteDifferences(a: FloorQuotes, b: FloorQuotes, from: number): { count: number; first: number } {
  let count = 0;
  let first = -1;
  for (let i = Math.max(0, from); i < a.bidTicks.length; i++) {
    if (a.bidTicks[i] !== b.bidTicks[i] || a.bidLots[i] !== b.bidLots[i] || a.askTicks[i] !== b.askTicks[i] || a.askLots[i] !== b.askLots[i]) {
      count++;
      if (first < 0) first = i;
    }
  }
  return { count, first };
}

/**
 * The bench quoter's own decision as the same kind of hand loop (mid +- halfSpreadBps on the grid,
 * a fixed size in lots), writing `out` as the floor does: what the quoter's ns/bar through the
 * engine spends outside the engine.
 */
export function benchQuoterFloor(candles: FloorCandles, instrument: Instrument, halfSpreadBps: number, orderSize: number, out: FloorQuotes): void {
  const down = 1 - halfSpreadBps / 10_000;
  const up = 1 + halfSpreadBps / 10_000;
  const lots = instrument.floorLots(orderSize);
  const close = candles.close;
  for (let bar = 0; bar < candles.count; bar++) {
    const mid = close[bar];
    if (!(mid > 0)) continue;
    out.bidTicks[bar] = instrument.floorTicks(mid * down);
    out.bidLots[bar] = lots;
    out.askTicks[bar] = instrument.ceilTicks(mid * up);
    out.askLots[bar] = lots;
  }
}

/**
 * A recorded run's quotes played back through the engine: a split strategy whose quote at bar i is
 * the recorded one (no model), asked on every bar (as as-baseline and glft are on candles, the mid
 * moving every bar). Its time through
 * the engine is the engine's own work for that format's quote stream (its fills, its order
 * replacements), plus an array read per bar; its fills must be the format's.
 */
export class ReplayedQuotes implements Strategy {
  readonly name = 'replayed-quotes';
  private readonly bid = { priceTicks: 0, sizeLots: 0 };
  private readonly ask = { priceTicks: 0, sizeLots: 0 };
  private readonly bids = [this.bid];
  private readonly asks = [this.ask];
  private readonly none: Array<{ priceTicks: number; sizeLots: number }> = [];
  private readonly intent: QuoteIntent = { bids: this.bids, asks: this.asks };
  private bar = -1;

  constructor(private readonly quotes: FloorQuotes) {}

  onEvent(event: MarketEvent, ctx: StrategyContext): QuoteIntent | undefined {
    this.observe();
    return this.quote(ctx);
  }

  observe(): boolean {
    this.bar++;
    return true;
  }

  quote(_ctx: StrategyContext): QuoteIntent | undefined {
    const i = this.bar;
    const q = this.quotes;
    const intent = this.intent;
    this.bid.priceTicks = q.bidTicks[i];
    this.bid.sizeLots = q.bidLots[i];
    this.ask.priceTicks = q.askTicks[i];
    this.ask.sizeLots = q.askLots[i];
    intent.bids = q.bidLots[i] > 0 ? this.bids : this.none;
    intent.asks = q.askLots[i] > 0 ? this.asks : this.none;
    return intent;
  }
}
