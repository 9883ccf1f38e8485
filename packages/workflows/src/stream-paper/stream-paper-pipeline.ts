import { createInstrument, deriveSeed, type BestBidAskEvent, type Instrument, type InstrumentSpec } from '@mml/core';
import { MarketMakingEngine, type RunResult } from '@mml/backtest-engine';
import { BinanceBookSync, CaptureLineParser, TickQualityChecker, type DepthMarket, type TickDepth, type TickEvent, type TickFindingKind } from '@mml/market-data';
import { createStrategyFromFormat } from '@mml/strategies';
import { BookUnknownGuard } from './book-unknown-guard';
import { loadPlugins } from '../plugins';
import { CLOCK_SKEW_LIMIT_MS } from '../clock-skew';

/**
 * Everything that decides a stream paper session's simulated fills, as its log's start record
 * holds it: the replay of the capture rebuilds the session from this and the capture alone.
 */
export interface StreamPaperSpec {
  exchange: string;
  symbol: string;
  format: string;
  formatConfig?: Record<string, unknown>;
  /** Plugin modules (absolute paths) that register the format: loaded again by a resume or a replay. */
  plugins?: string[];
  seed: number;
  budget: number;
  instrument: InstrumentSpec;
  /** Depth-diff chaining rules: spot (`U == prev u + 1`) or futures (`pu == prev u`). */
  market: DepthMarket;
  /** The engine's config (fill model l2, latencies, ...), echoed in full. */
  engineConfig: Record<string, unknown>;
}

/** One simulated fill as the session logs it (and the replay reproduces, byte for byte). */
export interface PaperFill {
  /** 0-based index in the session's fill list. */
  n: number;
  ts: number;
  side: 'buy' | 'sell';
  price: number;
  size: number;
  liquidity: 'maker' | 'taker';
  fee: number;
  reason: string;
  orderId: number;
}

/** A market-data fault the pipeline found in the stream, with the capture line it is on. */
export interface PipelineFault {
  kind: 'sequence-gap' | 'resync' | 'unparseable' | 'trade-gap' | 'duplicate' | 'out-of-order-time' | 'clock-skew';
  /** 1-based capture line. */
  line: number;
  message: string;
}

export interface PipelineHooks {
  onFill?(fill: PaperFill): void;
  onFault?(fault: PipelineFault): void;
}

/** Counters a status line or the session summary shows. */
export interface PipelineCounters {
  lines: number;
  events: number;
  /** Events fed to the engine (including the synthetic withdrawal events, one per gap with quotes out). */
  fedEvents: number;
  /** Trades and tickers not fed because the book was unknown. */
  droppedWhileUnknown: number;
  gaps: number;
  resyncs: number;
  faults: number;
}


/** Diffs kept while the book is unknown, waiting for the resync snapshot. */
const MAX_WAITING = 20_000;

const FINDING_FAULT: Record<TickFindingKind, PipelineFault['kind']> = {
  unparseable: 'unparseable',
  'sequence-break': 'trade-gap',
  'duplicate-id': 'duplicate',
  'out-of-order-time': 'out-of-order-time',
};

/**
 * The one path from received text to simulated fills, shared by the live session and the replay
 * of its capture (parity by construction: both call `onLine` with the same lines in the same order,
 * so the engine sees the same calls). Per line:
 * 1. the capture parser of the backtests (`CaptureLineParser`, quality policy 'mark': a bad line is
 *    a fault, never the end of a session) turns it into a tick event;
 * 2. depth diffs go through Binance's book procedure (`BinanceBookSync`); a diff that breaks the
 *    chain is a `sequence-gap`: the book is unknown from there until a snapshot resynchronises it.
 *    Diffs received while unknown wait and are re-offered after the snapshot (the stale ones drop);
 * 3. while the book is unknown nothing is fed to the engine, and at the gap the quotes are withdrawn
 *    (BookUnknownGuard + one synthetic ticker at the last fed time and touch, acted upon at once):
 *    no fill is simulated across a gap. Nothing is fed before the first snapshot either;
 * 4. events are fed in receive order; the engine's exchange clock never goes back, so an event
 *    stamped earlier than one already fed (streams are pushed separately) is fed at the latest
 *    exchange time seen;
 * 5. after each line the engine acts on the strategy's decision (`flush`), as a live bot acts on
 *    each message.
 */
export class StreamPaperPipeline {
  readonly engine: MarketMakingEngine;
  readonly instrument: Instrument;
  readonly fills: PaperFill[] = [];
  readonly counters: PipelineCounters = { lines: 0, events: 0, fedEvents: 0, droppedWhileUnknown: 0, gaps: 0, resyncs: 0, faults: 0 };
  readonly parser: CaptureLineParser;
  private readonly guard: BookUnknownGuard;
  private readonly sync: BinanceBookSync;
  private waiting: TickDepth[] = [];
  private lastFedTs = -Infinity;
  private lastFedLocalTs = NaN;
  private seenSnapshot = false;
  /** 'local': decide at the receive time (the live feed's latency); 'exchange': at event time + feedLatencyMs. */
  private clock: 'undecided' | 'local' | 'exchange' = 'undecided';
  private readonly withdrawal: BestBidAskEvent & { localTs?: number } = { kind: 'bbo', ts: 0, bidPrice: 0, bidQty: 0, askPrice: 0, askQty: 0 };

  constructor(
    readonly spec: StreamPaperSpec,
    source: string,
    /** Where fills and faults go (replaceable: a resumed session attaches its log after the replay). */
    public hooks: PipelineHooks = {},
  ) {
    this.instrument = createInstrument(spec.instrument);
    loadPlugins(spec.plugins);
    const strategy = createStrategyFromFormat(spec.format, spec.formatConfig, { seed: deriveSeed(spec.seed, `paper:${spec.format}`) });
    this.guard = new BookUnknownGuard(strategy);
    this.engine = new MarketMakingEngine(this.instrument, this.guard, { ...spec.engineConfig, quoteBudget: spec.budget, recordFills: false });
    this.parser = new CaptureLineParser(new TickQualityChecker('mark', 100));
    this.parser.beginFile(source);
    this.sync = new BinanceBookSync(spec.market, this.instrument.tickSize, source);
  }

  /** True while the book is unknown (before the first snapshot, or from a gap to its resync). */
  get bookUnknown(): boolean {
    return !this.sync.synced;
  }

  /** Feeds one received line (`<local receive time> <JSON>`, without the newline). */
  onLine(text: string): void {
    const line = ++this.counters.lines;
    const counts = this.parser.checker.report.counts;
    const before = { unparseable: counts.unparseable, 'sequence-break': counts['sequence-break'], 'duplicate-id': counts['duplicate-id'], 'out-of-order-time': counts['out-of-order-time'] };
    const event = this.parser.parse(text, line);
    for (const kind of Object.keys(before) as TickFindingKind[]) {
      // Depth chain breaks are the book procedure's to report (below), once.
      if (counts[kind] > before[kind] && !(kind === 'sequence-break' && event?.kind === 'depth')) this.fault(FINDING_FAULT[kind], line, this.lastFinding(kind));
    }
    if (event === undefined) return;
    this.counters.events++;
    if (this.clock === 'undecided' && (event.kind === 'depth' || event.kind === 'trade')) this.decideClock(event, line);
    this.route(event, line);
    this.act();
  }

  /** Ends the session: the engine's full result (metrics, equity curve, attribution). */
  finish(): RunResult {
    return this.engine.finish();
  }

  private route(event: TickEvent, line: number): void {
    switch (event.kind) {
      case 'depth':
        this.offer(event, line);
        return;
      case 'book': {
        const wasUnknown = !this.sync.synced;
        this.sync.beginSnapshot(event.updateId ?? NaN);
        if (this.seenSnapshot && wasUnknown) {
          this.counters.resyncs++;
          this.fault('resync', line, `book resynchronised from a snapshot (lastUpdateId ${event.updateId}) after a sequence gap`);
        }
        this.seenSnapshot = true;
        this.guard.unknown = false;
        this.feed(event);
        const retry = this.waiting;
        this.waiting = [];
        for (const diff of retry) this.offer(diff, line);
        return;
      }
      default:
        if (!this.sync.synced) {
          this.counters.droppedWhileUnknown++;
          return;
        }
        this.feed(event);
    }
  }

  private offer(diff: TickDepth, line: number): void {
    const decision = this.sync.offerDiff(diff.firstUpdateId, diff.lastUpdateId, diff.prevLastUpdateId ?? NaN);
    if (decision === 'apply') {
      this.sync.diffApplied(diff.lastUpdateId);
      this.feed(diff);
    } else if (decision === 'break') {
      this.counters.gaps++;
      const rule = diff.prevLastUpdateId !== undefined ? `pu ${diff.prevLastUpdateId} != previous u ${this.sync.lastUpdateId}` : `U ${diff.firstUpdateId} != previous u ${this.sync.lastUpdateId} + 1`;
      this.fault('sequence-gap', line, `depth diff [${diff.firstUpdateId}, ${diff.lastUpdateId}]: ${rule}; book unknown until a new snapshot, quotes withdrawn`);
      this.withdraw();
      this.wait(diff);
    } else if (decision === 'unsynced') {
      this.wait(diff);
    }
  }

  /** Keeps a diff for the next snapshot; only the newest MAX_WAITING are kept (older ones would be stale by then). */
  private wait(diff: TickDepth): void {
    if (this.waiting.length >= MAX_WAITING) this.waiting.shift();
    this.waiting.push(diff);
  }

  /** The gap: quotes out now, acted upon at the last fed time (no event after the gap is fed). */
  private withdraw(): void {
    this.guard.unknown = true;
    const ctx = this.engine.context;
    if (this.engine.openOrders().length === 0 || !(ctx.bestBid < ctx.bestAsk)) return;
    const e = this.withdrawal;
    e.ts = this.lastFedTs;
    e.localTs = this.lastFedLocalTs === this.lastFedLocalTs ? this.lastFedLocalTs : undefined;
    e.bidPrice = ctx.bestBid;
    e.askPrice = ctx.bestAsk;
    this.engine.onEvent(e);
    this.counters.fedEvents++;
    this.collect();
    this.act();
  }

  /** Once, on the first exchange-timed event: which clock the engine decides on (see CLOCK_SKEW_LIMIT_MS). */
  private decideClock(event: TickEvent, line: number): void {
    const skew = event.localTs - event.ts;
    this.clock = Math.abs(skew) > CLOCK_SKEW_LIMIT_MS ? 'exchange' : 'local';
    if (this.clock === 'exchange') {
      this.fault('clock-skew', line, `local receive time is ${Math.round(skew)} ms from the exchange's event time (limit ${CLOCK_SKEW_LIMIT_MS} ms): decisions use the exchange clock plus the configured feed latency`);
    }
  }

  private feed(event: TickEvent): void {
    if (event.ts < this.lastFedTs) event.ts = this.lastFedTs;
    if (this.clock !== 'local') (event as { localTs?: number }).localTs = undefined;
    this.engine.onEvent(event);
    this.lastFedTs = event.ts;
    this.lastFedLocalTs = event.localTs ?? NaN;
    this.counters.fedEvents++;
    this.collect();
  }

  private act(): void {
    if (this.counters.fedEvents === 0) return;
    this.engine.flush();
    this.collect();
  }

  private collect(): void {
    const fills = this.engine.step.fills;
    for (let i = 0; i < fills.length; i++) {
      const f = fills[i];
      const fill: PaperFill = {
        n: this.fills.length,
        ts: f.ts,
        side: f.side,
        price: this.instrument.ticksToPrice(f.priceTicks),
        size: this.instrument.lotsToSize(f.sizeLots),
        liquidity: f.liquidity,
        fee: f.fee,
        reason: f.reason,
        orderId: f.orderId,
      };
      this.fills.push(fill);
      this.hooks.onFill?.(fill);
    }
  }

  private lastFinding(kind: TickFindingKind): string {
    const findings = this.parser.checker.report.findings;
    const last = findings[findings.length - 1];
    return last !== undefined && last.kind === kind && last.line === this.counters.lines ? last.message : kind;
  }

  private fault(kind: PipelineFault['kind'], line: number, message: string): void {
    this.counters.faults++;
    this.hooks.onFault?.({ kind, line, message });
  }
}
