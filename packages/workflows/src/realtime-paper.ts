import { join } from 'node:path';
import { BINANCE_BTCUSDT_SPOT, UsageError, createInstrument, deriveSeed, assertBackoffPolicy, intentReasons, type BookSnapshotEvent, type CandleEvent, type Instrument, type InstrumentSpec, type MarketEvent } from '@mml/core';
import { acquireFileLock, JsonLinesWriter, type FileLock } from '@mml/core/io';
import { MarketMakingEngine } from '@mml/backtest-engine';
import { createCcxtExchange, exchangeUrlFromEnv, ExchangeSource } from '@mml/market-data/exchange';
import { createStrategyFromFormat } from '@mml/strategies';
import { retryTransient, withMarketsRecovery } from './ccxt-markets';
import { timestampRunId } from './run-id';
import { describeError, runPaperLoop, type PaperLoopOutcome, type PaperLoopRetry } from './paper-loop';
import { loadPlugins } from './plugins';
import { withFees } from './fee-tiers';
import type { PaperSessionOptions } from './paper-session-options';
import { inspectPaperLog, resumePaperLog } from './paper-log';

/**
 * What the paper loop reads from an exchange: public market data only. This interface has no
 * order methods, and nothing in this package calls one: paper fills come from the simulated
 * exchange inside the engine, exactly as in backtests.
 */
export interface PaperMarketSource {
  /** The exchange's clock in Unix ms: decides which bars are closed (never our own clock). */
  time(): Promise<number>;
  /** Bars with openTime in [sinceMs, untilMs) that are closed at `untilMs` (oldest first). */
  fetchCandles(symbol: string, timeframe: string, sinceMs: number, untilMs: number): Promise<CandleEvent[]>;
  fetchOrderBook(symbol: string, depth: number): Promise<BookSnapshotEvent>;
  fetchInstrument?(symbol: string): Promise<InstrumentSpec>;
}

export interface RealtimePaperOptions extends PaperSessionOptions {
  timeframe: string;
  iterations: number;
  intervalMs: number;
  exchangeUrl?: string;
  /** Continue the run logged in this JSONL file (appends to it). */
  resume?: string;
  retry?: Partial<PaperLoopRetry>;
  /** Install SIGINT/SIGTERM handlers that stop the loop cleanly (the CLI sets this). */
  handleSignals?: boolean;
  signal?: AbortSignal;
  /** Called with a one-line human summary per iteration. */
  onIteration?: (line: string) => void;
  /** Market source; default: market-data's ccxt source for `exchange` (with `exchangeUrl`). */
  source?: PaperMarketSource;
  now?: () => number;
}

export interface RealtimePaperResult {
  logPath: string;
  outcome: PaperLoopOutcome;
}

const TIMEFRAME_MS: Record<string, number> = { '1m': 60_000, '3m': 180_000, '5m': 300_000, '15m': 900_000, '30m': 1_800_000, '1h': 3_600_000 };

interface Snapshot {
  now: number;
  candles: CandleEvent[];
  book: BookSnapshotEvent;
}

/**
 * Paper trading on live public data. Each iteration polls the newest closed candles and the order
 * book, feeds them to the SAME engine core the backtests use (MarketMakingEngine; candle fill model
 * by default), and logs one JSON line: time, mid, quotes, reasons, inventory, cash, equity, fills.
 */
export async function runRealtimePaper(options: RealtimePaperOptions): Promise<RealtimePaperResult> {
  const now = options.now ?? Date.now;
  const timeframeMs = TIMEFRAME_MS[options.timeframe];
  if (timeframeMs === undefined) throw new RangeError(`--timeframe ${options.timeframe} is not supported (use one of ${Object.keys(TIMEFRAME_MS).join(', ')})`);
  if (!Number.isInteger(options.iterations) || options.iterations < 1) throw new RangeError(`--iterations must be a positive integer, got ${options.iterations}`);
  if (!(options.intervalMs >= 0)) throw new RangeError(`--interval-ms must be >= 0, got ${options.intervalMs}`);
  const retry: PaperLoopRetry = { maxAttempts: 5, baseDelayMs: 1000, maxDelayMs: 30_000, ...options.retry };
  assertBackoffPolicy(retry);
  const source = options.source ?? defaultSource(options);

  // The strategy first: a bad --format, plugin or config fails before any file is touched.
  const plugins = loadPlugins(options.plugins);
  const strategy = createStrategyFromFormat(options.format, options.formatConfig, { seed: deriveSeed(options.seed, `paper:${options.format}`) });

  // Resume: the log is checked (ours, same run), locked, and only then a torn last line is cut;
  // numbering and the account (cash, inventory) continue from its last iteration. A new run locks
  // its new log the same way, so no two processes ever write one log.
  let lock: FileLock;
  let previous: Record<string, unknown> & { iteration: number } | undefined;
  let logPath: string;
  if (options.resume) {
    if (inspectPaperLog(options.resume).start['mode'] === 'stream') throw new UsageError(`--resume ${options.resume}: a stream-mode session; resume it with --mode stream (the default)`);
    const resumed = resumePaperLog(options.resume, { exchange: options.exchange, symbol: options.symbol, timeframe: options.timeframe, format: options.format });
    lock = resumed.lock;
    previous = resumed.lastIteration;
    logPath = options.resume;
  } else {
    logPath = join(options.artifactsRoot, 'realtime', `${timestampRunId(new Date(now()))}.jsonl`);
    lock = acquireFileLock(logPath);
  }
  const startIteration = previous ? previous.iteration + 1 : 0;
  const cash = previous ? Number(previous['cash']) : options.budget;
  const inventory = previous ? Number(previous['inventory']) : 0;
  let lastCandleTs = previous ? Number(previous['lastCandleTs']) : -Infinity;

  let log: JsonLinesWriter;
  try {
    log = new JsonLinesWriter(logPath);
  } catch (error) {
    lock.release();
    throw error;
  }
  const closeAll = () => {
    try {
      log.close();
    } finally {
      lock.release();
    }
  };
  // The start (or resume) record first, so every log begins with what it is.
  log.append({
    type: previous || options.resume ? 'resume' : 'start',
    ts: now(),
    time: new Date(now()).toISOString(),
    exchange: options.exchange,
    symbol: options.symbol,
    timeframe: options.timeframe,
    format: options.format,
    budget: options.budget,
    seed: options.seed,
    ...(options.makerFeeBps !== undefined ? { makerFeeBps: options.makerFeeBps } : {}),
    ...(options.takerFeeBps !== undefined ? { takerFeeBps: options.takerFeeBps } : {}),
    ...(options.plugins !== undefined && options.plugins.length > 0 ? { plugins } : {}),
    ...(options.runConfig !== undefined ? { runConfig: options.runConfig } : {}),
    fromIteration: startIteration,
    cash,
    inventory,
    paperOnly: true,
  });
  // Faults while reading the market description are logged like the loop's (iteration null).
  const fetchInstrument = source.fetchInstrument?.bind(source);
  const instrumentSpec = fetchInstrument
    ? await retryTransient(() => fetchInstrument(options.symbol), retry.maxAttempts, retry.baseDelayMs, retry.maxDelayMs, (error, attempt, retryInMs) =>
        log.append({ type: 'fault', iteration: null, attempt, ts: now(), time: new Date(now()).toISOString(), error: describeError(error), retryInMs, gaveUp: false }),
      ).catch((error: unknown) => {
        closeAll();
        throw error;
      })
    : undefined;
  const instrument: Instrument = createInstrument(withFees(instrumentSpec ?? defaultInstrument(options.symbol), options.makerFeeBps, options.takerFeeBps));
  const engine = new MarketMakingEngine(instrument, strategy, {
    ...(options.engineConfig ?? {}),
    quoteBudget: cash,
    initialInventory: inventory,
    recordFills: false,
  });
  let lastEngineTs = -Infinity;

  const controller = new AbortController();
  const stop = (reason: string) => controller.abort(reason);
  options.signal?.addEventListener('abort', () => stop(String(options.signal?.reason ?? 'aborted')), { once: true });
  const onSigint = () => stop('SIGINT');
  const onSigterm = () => stop('SIGTERM');
  if (options.handleSignals) {
    process.on('SIGINT', onSigint);
    process.on('SIGTERM', onSigterm);
  }
  try {
    const outcome = await runPaperLoop<Snapshot>({
      iterations: options.iterations,
      intervalMs: options.intervalMs,
      startIteration,
      log,
      retry,
      signal: controller.signal,
      now,
      fetch: async () => {
        const t = await source.time();
        // Look back a few bars on the first poll so the strategy's estimators warm up.
        const since = Number.isFinite(lastCandleTs) ? lastCandleTs - timeframeMs : t - 30 * timeframeMs;
        const candles = await source.fetchCandles(options.symbol, options.timeframe, since, t);
        const book = await source.fetchOrderBook(options.symbol, 20);
        // A book without both sides has no mid: a fault to retry, never a reason to log the last
        // mid again as if it were fresh.
        if (book.bids.length === 0 || book.asks.length === 0) throw new Error(`${options.exchange} ${options.symbol}: order book is one-sided or empty (${book.bids.length} bids, ${book.asks.length} asks)`);
        return { now: t, candles, book: { ...book, ts: Number.isFinite(book.ts) ? book.ts : t } };
      },
      apply: (snapshot) => {
        const fills: Record<string, unknown>[] = [];
        const reasons: string[] = [];
        const feed = (event: MarketEvent) => {
          // The engine needs non-decreasing time; a stale book (older than the last bar) is skipped.
          if (event.ts < lastEngineTs) return;
          lastEngineTs = event.ts;
          const step = engine.onEvent(event);
          for (const f of step.fills) {
            fills.push({ ts: f.ts, side: f.side, price: instrument.ticksToPrice(f.priceTicks), size: instrument.lotsToSize(f.sizeLots), liquidity: f.liquidity, fee: f.fee, reason: f.reason });
          }
          if (step.intent) reasons.splice(0, reasons.length, ...intentReasons(step.intent));
        };
        // Only closed bars not seen before, in time order (a bar is closed once its ts <= now).
        for (const candle of snapshot.candles) {
          if (candle.ts <= lastCandleTs || candle.ts > snapshot.now) continue;
          feed(candle);
          lastCandleTs = candle.ts;
        }
        feed({ ...snapshot.book, ts: Math.max(snapshot.book.ts, lastEngineTs) });
        // The poll is complete: act on the strategy's decision now rather than at the next poll's first event.
        engine.flush();
        const ctx = engine.context;
        const quotes = engine.openOrders().filter((o) => o.cancelAtTs === Infinity).map((o) => ({ side: o.side, price: instrument.ticksToPrice(o.priceTicks), size: instrument.lotsToSize(o.remainingLots) }));
        const record = {
          ts: now(),
          time: new Date(now()).toISOString(),
          exchangeTs: snapshot.now,
          lastCandleTs: Number.isFinite(lastCandleTs) ? lastCandleTs : null,
          // Mid and touch of THIS poll's book (the engine has just been fed it), with its time.
          bookTs: snapshot.book.ts,
          mid: finiteOrNull((snapshot.book.bids[0][0] + snapshot.book.asks[0][0]) / 2),
          bestBid: finiteOrNull(snapshot.book.bids[0][0]),
          bestAsk: finiteOrNull(snapshot.book.asks[0][0]),
          quotes,
          reasons,
          inventory: ctx.inventory,
          inventoryLots: ctx.inventoryLots,
          cash: ctx.cash,
          equity: ctx.equity,
          fills,
          halted: engine.isHalted,
        };
        options.onIteration?.(`iteration mid ${record.mid} equity ${ctx.equity.toFixed(2)} inventory ${ctx.inventory} quotes ${quotes.length} fills ${fills.length}`);
        return record;
      },
    });
    return { logPath, outcome };
  } finally {
    if (options.handleSignals) {
      process.off('SIGINT', onSigint);
      process.off('SIGTERM', onSigterm);
    }
    closeAll();
  }
}

function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

/** Fallback when the source cannot describe the market: only BTC/USDT has a built-in spec. */
function defaultInstrument(symbol: string): InstrumentSpec {
  if (symbol.replace('/', '').toUpperCase() === 'BTCUSDT') return { ...BINANCE_BTCUSDT_SPOT };
  throw new RangeError(`no instrument spec for ${symbol}: the market source must provide fetchInstrument`);
}


/**
 * market-data's ccxt source (public endpoints only) adapted to the paper loop. Its own retries are
 * off (one attempt per call): the paper loop retries, so that every fault is logged as a line.
 */
function defaultSource(options: RealtimePaperOptions): PaperMarketSource {
  const exchange = createCcxtExchange(options.exchange, { url: options.exchangeUrl ?? exchangeUrlFromEnv() });
  let exchangeNow = NaN;
  const source = new ExchangeSource(exchange, { maxAttempts: 1, now: () => exchangeNow });
  return {
    time: async () => {
      exchangeNow = await source.fetchTime();
      return exchangeNow;
    },
    fetchCandles: (symbol, timeframe, sinceMs, untilMs) => withMarketsRecovery(exchange, async () => (await source.fetchCandles(symbol, timeframe, sinceMs, untilMs)).candles),
    fetchOrderBook: (symbol, depth) => withMarketsRecovery(exchange, () => source.fetchOrderBook(symbol, depth)),
    fetchInstrument: (symbol) => withMarketsRecovery(exchange, () => source.fetchInstrument(symbol)),
  };
}
