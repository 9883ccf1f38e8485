import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { abortableSleep, UsageError, type InstrumentSpec } from '@mml/core';
import { acquireFileLock, inspectJsonLines, JsonLinesWriter, type FileLock } from '@mml/core/io';
import { CaptureRecorder, type DepthMarket } from '@mml/market-data';
import { createCcxtProExchange, ExchangeSource } from '@mml/market-data/exchange';
import { retryTransient } from '../ccxt-markets';
import { liveStreamSource } from './live-stream-source';
import type { Subscription } from 'rxjs';
import { describeError } from '../paper-loop';
import { resumePaperLog, type PaperRecord } from '../paper-log';
import { timestampRunId } from '../run-id';
import { loadPlugins } from '../plugins';
import { withFees } from '../fee-tiers';
import type { PaperSessionOptions } from '../paper-session-options';
import { tickEngineDefaults } from '../market-ticks';
import { workflowEngineConfig } from '../starting-position';
import { sessionStatus, statusLine } from './session-status';
import { StreamPaperPipeline, type PaperFill, type PipelineFault, type StreamPaperSpec } from './stream-paper-pipeline';
import { forEachCaptureLine } from './replay-paper';
import type { StreamItem, StreamSource } from './stream-source';

/** File names inside a stream session's directory, `<out>/realtime/<run-id>/`. */
export const SESSION_LOG = 'paper.jsonl';

export interface StreamPaperOptions extends PaperSessionOptions {
  /** Continue the session logged in this `paper.jsonl` (its capture is replayed first). */
  resume?: string;
  /** Stop after this much wall time of this process (undefined: until a signal or the source ends). */
  durationMs?: number;
  /** One status line (console + log) per this many ms; 0 = none. */
  statusEveryMs?: number;
  /** No message for this long is a `stale` fault (logged once per silence). */
  staleMs?: number;
  /** Reconnect backoff after the source fails: first delay, doubling up to maxDelayMs, at most maxAttempts in a row. */
  retry?: { maxAttempts: number; baseDelayMs: number; maxDelayMs: number };
  /** The market description; default: `fetchInstrument(symbol)`. */
  instrument?: InstrumentSpec;
  fetchInstrument?: (symbol: string) => Promise<InstrumentSpec>;
  /** Depth chaining rules; default from the exchange id (binance = spot, binanceusdm / binancecoinm = futures). */
  market?: DepthMarket;
  /**
   * Opens the market stream (called again to reconnect after the source fails). Default: ccxt pro's
   * public streams of `exchange` (liveStreamSource), at `exchangeUrl` / `exchangeWsUrl` when given.
   */
  openSource?: (spec: StreamPaperSpec) => StreamSource;
  /** REST and websocket base URL overrides (e.g. the mock exchange). */
  exchangeUrl?: string;
  exchangeWsUrl?: string;
  handleSignals?: boolean;
  signal?: AbortSignal;
  /** Called with the human status line every `statusEveryMs`, and with fault summaries. */
  onStatus?: (line: string) => void;
  now?: () => number;
}

export interface StreamPaperResult {
  runDir: string;
  logPath: string;
  capturePath: string;
  lines: number;
  fills: number;
  faults: number;
  stoppedBy: 'duration' | 'signal' | 'source-end' | 'source-failed';
}

/** The session's capture file, beside its log (the recorder's plain-text capture format). */
export const SESSION_CAPTURE = 'capture.txt';

/** binance = spot chaining; binanceusdm / binancecoinm (or a `:settle` symbol) = futures chaining. */
export function depthMarketOf(exchange: string, symbol: string): DepthMarket {
  return /usdm|coinm|future|delivery/.test(exchange) || symbol.includes(':') ? 'futures' : 'spot';
}

/**
 * A realtime paper session on live streams. Every received line is appended to the capture (written
 * through) and then fed to the StreamPaperPipeline; fills and faults are logged as they happen, one
 * JSON line each, so the log and the capture together are the session: `replayPaperSession` on them
 * reproduces its fills exactly. No order is ever sent: the pipeline's engine simulates the fills.
 *
 * Resume (`resume`): the log is checked to be a stream session of this market and format and locked
 * (paper-log.ts), torn last lines of the log and capture are cut, the capture is replayed through a
 * new pipeline (which rebuilds the engine, strategy and book exactly), the fills it yields are
 * checked against the logged ones (a log that disagrees is refused), the fills the killed process
 * had not logged yet are logged, and the session continues on the live stream: no fill lost or
 * logged twice.
 */
export async function runStreamPaper(options: StreamPaperOptions): Promise<StreamPaperResult> {
  const now = options.now ?? Date.now;
  const retry = options.retry ?? { maxAttempts: 10, baseDelayMs: 1000, maxDelayMs: 30_000 };
  const statusEveryMs = options.statusEveryMs ?? 10_000;
  const staleMs = options.staleMs ?? 10_000;

  let lock: FileLock;
  let logPath: string;
  let spec: StreamPaperSpec;
  let capturePath: string;
  let logged: PaperFill[] = [];
  let resumed = false;
  if (options.resume) {
    const state = resumePaperLog(options.resume, { exchange: options.exchange, symbol: options.symbol, format: options.format });
    lock = state.lock;
    try {
      if (state.start['mode'] !== 'stream') throw new UsageError(`--resume ${options.resume}: a ${String(state.start['mode'] ?? 'poll')}-mode log; resume it with --mode poll`);
      spec = state.start['spec'] as StreamPaperSpec;
      logPath = options.resume;
      capturePath = join(dirname(logPath), String(state.start['capture']));
      logged = loggedFills(logPath);
    } catch (error) {
      lock.release();
      throw error;
    }
    resumed = true;
  } else {
    const instrument = withFees(
      options.instrument ??
        (await fetchSpec(options, retry, (error, attempt, retryInMs) => options.onStatus?.(`fault market description (attempt ${attempt}): ${describeError(error)}; retrying in ${retryInMs} ms`))),
      options.makerFeeBps,
      options.takerFeeBps,
    );
    const market = options.market ?? depthMarketOf(options.exchange, options.symbol);
    const engineConfig = workflowEngineConfig({ ...tickEngineDefaults(market === 'spot' ? 'spot' : 'usdm'), ...(options.engineConfig ?? {}) }, undefined, options.budget, instrument);
    // The strategy's plugins first: an unknown format fails before the exchange is asked anything.
    loadPlugins(options.plugins);
    spec = { exchange: options.exchange, symbol: options.symbol, format: options.format, ...(options.formatConfig ? { formatConfig: options.formatConfig } : {}), ...(options.plugins !== undefined && options.plugins.length > 0 ? { plugins: [...options.plugins] } : {}), seed: options.seed, budget: options.budget, instrument, market, engineConfig };
    const runDir = join(options.artifactsRoot, 'realtime', timestampRunId(new Date(now())));
    logPath = join(runDir, SESSION_LOG);
    capturePath = join(runDir, SESSION_CAPTURE);
    lock = acquireFileLock(logPath);
  }

  let log: JsonLinesWriter | undefined;
  let capture: CaptureRecorder | undefined;
  const stamp = () => ({ ts: now(), time: new Date(now()).toISOString() });
  let faults = 0;
  const logFault = (record: Record<string, unknown>) => {
    faults++;
    log?.append({ type: 'fault', ...stamp(), ...record });
  };
  const pipelineHooks = {
    onFill: (fill: PaperFill) => log?.append({ type: 'fill', ...fill }),
    onFault: (fault: PipelineFault) => {
      logFault({ ...fault });
      options.onStatus?.(`fault ${fault.kind} at capture line ${fault.line}: ${fault.message}`);
    },
  };

  let pipeline: StreamPaperPipeline;
  try {
    if (resumed) {
      if (!existsSync(capturePath)) throw new UsageError(`--resume ${logPath}: the session's capture ${capturePath} is missing`);
      // Opening the recorder first cuts a line torn by the kill; the replay then reads whole lines only.
      capture = new CaptureRecorder(capturePath);
      // Rebuild the session from its capture (no hooks: its fills are reconciled below).
      pipeline = new StreamPaperPipeline(spec, capturePath);
      await forEachCaptureLine(capturePath, (line) => pipeline.onLine(line));
      const missing = reconcileFills(logPath, logged, pipeline.fills);
      log = new JsonLinesWriter(logPath);
      log.append({ type: 'resume', ...stamp(), exchange: spec.exchange, symbol: spec.symbol, format: spec.format, mode: 'stream', fromLine: pipeline.counters.lines + 1, replayedFills: pipeline.fills.length, recoveredFills: missing.length, paperOnly: true });
      for (const fill of missing) log.append({ type: 'fill', ...fill });
      pipeline.hooks = pipelineHooks;
    } else {
      log = new JsonLinesWriter(logPath);
      log.append({ type: 'start', ...stamp(), mode: 'stream', exchange: spec.exchange, symbol: spec.symbol, timeframe: 'tick', format: spec.format, budget: spec.budget, seed: spec.seed, capture: basename(capturePath), spec, ...(options.runConfig !== undefined ? { runConfig: options.runConfig } : {}), paperOnly: true });
      pipeline = new StreamPaperPipeline(spec, capturePath, pipelineHooks);
    }
    capture ??= new CaptureRecorder(capturePath);
  } catch (error) {
    capture?.close();
    log?.close();
    lock.release();
    throw error;
  }

  // Stop: a signal, the caller's abort, the duration bound, or the source giving up.
  const controller = new AbortController();
  const stop = (reason: string) => {
    if (!controller.signal.aborted) controller.abort(reason);
  };
  options.signal?.addEventListener('abort', () => stop('signal'), { once: true });
  const onSigint = () => stop('SIGINT');
  const onSigterm = () => stop('SIGTERM');
  if (options.handleSignals) {
    process.on('SIGINT', onSigint);
    process.on('SIGTERM', onSigterm);
  }
  const openSource = options.openSource ?? defaultSource(options, retry);
  const startedWall = now();
  let lastItemWall = now();
  let silent = false;
  let stoppedBy = 'signal' as StreamPaperResult['stoppedBy'];
  const timers: ReturnType<typeof setInterval>[] = [];
  if (options.durationMs !== undefined) {
    timers.push(setTimeout(() => {
      stoppedBy = 'duration';
      stop('duration');
    }, options.durationMs));
  }
  timers.push(setInterval(() => {
    const quiet = now() - lastItemWall;
    if (!silent && quiet > staleMs) {
      silent = true;
      logFault({ kind: 'stale', silentMs: quiet, line: pipeline.counters.lines, message: `no message for ${Math.round(quiet)} ms (threshold ${staleMs} ms)` });
      options.onStatus?.(`fault stale: no message for ${Math.round(quiet / 1000)} s`);
    }
  }, Math.max(50, Math.min(1000, staleMs / 4))));
  if (statusEveryMs > 0) {
    timers.push(setInterval(() => {
      const status = sessionStatus(pipeline);
      log?.append({ type: 'status', ...stamp(), uptimeMs: now() - startedWall, ...status });
      options.onStatus?.(statusLine(status));
    }, statusEveryMs));
  }

  const writer = capture;
  const onItem = (item: StreamItem) => {
    lastItemWall = now();
    silent = false;
    if (item.type === 'line') {
      if (item.line === '') return;
      writer.writeLine(item.line); // on disk before anything is derived from it
      pipeline.onLine(item.line);
    } else {
      const { type: _type, ...fault } = item;
      logFault(fault);
      options.onStatus?.(`fault ${item.kind}: ${item.message}`);
    }
  };

  try {
    // Connect; when the source fails, reconnect with exponential backoff (each attempt a fault line).
    let attempt = 0;
    while (!controller.signal.aborted) {
      // 'complete' | a source error (reconnect) | { fatal } (our own failure: stop with it).
      const ended = await new Promise<'complete' | Error | { fatal: unknown }>((resolve) => {
        let settled = false;
        const held: { subscription?: Subscription } = {};
        const settle = (value: 'complete' | Error | { fatal: unknown }) => {
          if (settled) return;
          settled = true;
          controller.signal.removeEventListener('abort', onAbort);
          held.subscription?.unsubscribe();
          resolve(value);
        };
        const onAbort = () => settle('complete');
        controller.signal.addEventListener('abort', onAbort, { once: true });
        held.subscription = openSource(spec).items$.subscribe({
          next: (item) => {
            if (settled) return;
            attempt = 0;
            try {
              onItem(item);
            } catch (error) {
              settle({ fatal: error });
            }
          },
          error: (error: unknown) => settle(error instanceof Error ? error : new Error(String(error))),
          complete: () => settle('complete'),
        });
        if (settled) held.subscription.unsubscribe();
      });
      if (typeof ended === 'object' && 'fatal' in ended) throw ended.fatal;
      if (controller.signal.aborted) break;
      if (ended === 'complete') {
        stoppedBy = 'source-end';
        break;
      }
      attempt++;
      const delayMs = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1));
      const gaveUp = attempt >= retry.maxAttempts;
      logFault({ kind: 'disconnect', attempt, line: pipeline.counters.lines, message: describeError(ended), retryInMs: gaveUp ? null : delayMs, gaveUp });
      options.onStatus?.(`fault disconnect: ${describeError(ended)}${gaveUp ? ' (giving up)' : `; reconnecting in ${delayMs} ms`}`);
      if (gaveUp) {
        stoppedBy = 'source-failed';
        break;
      }
      await abortableSleep(delayMs, controller.signal).catch(() => undefined);
    }
    if (controller.signal.aborted && stoppedBy !== 'duration') stoppedBy = 'signal';
    const result = pipeline.finish();
    log.append({
      type: 'stop',
      ...stamp(),
      reason: stoppedBy === 'signal' ? String(controller.signal.reason ?? 'signal') : stoppedBy,
      uptimeMs: now() - startedWall,
      ...sessionStatus(pipeline),
      metrics: result.metrics,
      attribution: result.attribution,
    });
    return { runDir: dirname(logPath), logPath, capturePath, lines: pipeline.counters.lines, fills: pipeline.fills.length, faults, stoppedBy };
  } finally {
    for (const t of timers) clearInterval(t);
    if (options.handleSignals) {
      process.off('SIGINT', onSigint);
      process.off('SIGTERM', onSigterm);
    }
    try {
      capture?.close();
      log?.close();
    } finally {
      lock.release();
    }
  }
}

/** The market description: the caller's, or ccxt's markets of the exchange (public REST, retried). */
async function fetchSpec(options: StreamPaperOptions, retry: { maxAttempts: number; baseDelayMs: number; maxDelayMs: number }, onFault: (error: unknown, attempt: number, retryInMs: number) => void): Promise<InstrumentSpec> {
  const fetch =
    options.fetchInstrument ??
    (async (symbol: string) => {
      const exchange = await createCcxtProExchange(options.exchange, { url: options.exchangeUrl, wsUrl: options.exchangeWsUrl });
      try {
        return await new ExchangeSource(exchange, { maxAttempts: 1 }).fetchInstrument(symbol);
      } finally {
        await exchange.close();
      }
    });
  return retryTransient(() => fetch(options.symbol), retry.maxAttempts, retry.baseDelayMs, retry.maxDelayMs, onFault);
}

/** The default source: ccxt pro's public streams, reconnecting with the session's backoff. */
function defaultSource(options: StreamPaperOptions, retry: { maxAttempts: number; baseDelayMs: number; maxDelayMs: number }): (spec: StreamPaperSpec) => StreamSource {
  return (spec) => liveStreamSource({ exchange: spec.exchange, symbol: spec.symbol, url: options.exchangeUrl, wsUrl: options.exchangeWsUrl, backoff: retry });
}

/** The fill records of a session log, in order. */
export function loggedFills(logPath: string): PaperFill[] {
  const out: PaperFill[] = [];
  for (const record of readLogRecords(logPath)) if (record.type === 'fill') out.push(withoutType(record) as unknown as PaperFill);
  return out;
}

/** Every complete record of a session log (a torn last line is left out). */
export function readLogRecords(logPath: string): PaperRecord[] {
  return inspectJsonLines<PaperRecord>(logPath).records;
}

function withoutType(record: PaperRecord): Record<string, unknown> {
  const { type: _type, ...rest } = record;
  return rest;
}

/**
 * The logged fills must be the first fills of the replay, byte for byte (else the log is not this
 * capture's session: refused); returns the replayed fills the log is missing.
 */
export function reconcileFills(logPath: string, logged: readonly PaperFill[], replayed: readonly PaperFill[]): PaperFill[] {
  if (logged.length > replayed.length) {
    throw new UsageError(`--resume ${logPath}: the log has ${logged.length} fills but its capture replays to ${replayed.length}; the log and capture disagree`);
  }
  for (let i = 0; i < logged.length; i++) {
    if (JSON.stringify(logged[i]) !== JSON.stringify(replayed[i])) {
      throw new UsageError(`--resume ${logPath}: logged fill ${i} ${JSON.stringify(logged[i])} differs from the capture's replay ${JSON.stringify(replayed[i])}`);
    }
  }
  return replayed.slice(logged.length);
}
