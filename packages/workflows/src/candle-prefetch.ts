import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { DataQualityReport, QualityPolicy } from '@mml/market-data';
import type { PackedCandles } from './packed-candles';

/**
 * A kline file loaded on a worker thread while the main thread is still loading its modules
 * (`@mml/workflows/candle-prefetch`, imported by an app before anything heavy). An app starts it
 * from a guess of its arguments (the research app: `researchPrefetchRequest`); the workflow's
 * loader (market-candles.ts) later takes it only if the guess was exactly the load it was about to
 * run (same path, window and policy), and loads the file itself otherwise — also when the thread
 * failed, so bad input is reported by the main thread's own load, with the same message and exit
 * code as without a prefetch. The thread runs the loader's own load (market-data's
 * loadCandlesCached), so a prefetched load is the same bars and quality report; the bars come back packed
 * in shared memory (packed-candles.ts): research uses them as they are, other callers get them
 * unpacked into the same objects (market-candles.ts).
 *
 * This module loads nothing but Node's worker_threads: it is imported first, and what it imports
 * delays the start it exists for.
 */
export interface CandlePrefetchRequest {
  path: string;
  /** loadCandles' `lastDays`: the evaluated days plus any warm-up. */
  lastDays: number;
  policy: QualityPolicy;
}

/** What the thread sends back: the bars packed, or nothing (not a kline file, or the load failed). */
type PrefetchMessage = { ok: true; count: number; data: Float64Array; quality: DataQualityReport } | { ok: false };

interface Prefetch {
  request: CandlePrefetchRequest;
  worker: Worker;
  result: Promise<PrefetchMessage>;
}

/** The built thread script next to this file, or, when this file runs from TypeScript sources (jest), the package's built one. */
const THREAD_FILE = [join(__dirname, 'candle-prefetch-thread.js'), join(__dirname, '..', 'dist', 'candle-prefetch-thread.js')].find((f) => existsSync(f));

let pending: Prefetch | undefined;

/**
 * Starts loading `request` on a thread (nothing when undefined, or when the thread script is not
 * built). The thread never keeps the process alive: a run that ends before taking it (bad
 * arguments, --help) exits as it would have.
 */
export function startCandlePrefetch(request: CandlePrefetchRequest | undefined): void {
  if (request === undefined || pending !== undefined || THREAD_FILE === undefined) return;
  const worker = new Worker(THREAD_FILE, { workerData: { ...request, nowMs: Date.now() } });
  worker.unref();
  const result = new Promise<PrefetchMessage>((resolve) => {
    worker.once('message', (message: PrefetchMessage) => resolve(message));
    worker.once('error', () => resolve({ ok: false }));
    worker.once('exit', () => resolve({ ok: false }));
  });
  pending = { request, worker, result };
}

/**
 * The prefetched load of exactly `request`, or undefined (none started, another request, or the
 * thread failed): the caller then loads the file itself. A prefetch is taken at most once.
 */
export async function takePrefetchedCandles(request: CandlePrefetchRequest): Promise<{ packed: PackedCandles; quality: DataQualityReport } | undefined> {
  const prefetch = pending;
  pending = undefined;
  if (prefetch === undefined) return undefined;
  const same = prefetch.request.path === request.path && prefetch.request.lastDays === request.lastDays && prefetch.request.policy === request.policy;
  if (!same) {
    await prefetch.worker.terminate();
    return undefined;
  }
  const message = await prefetch.result;
  if (!message.ok) return undefined;
  return { packed: { count: message.count, data: message.data }, quality: message.quality };
}

/** Research's defaults for the flags the guess reads (app-options.ts; a test keeps them equal). */
export const RESEARCH_PREFETCH_DEFAULTS = { days: 30, rlWarmupDays: 7, quality: 'fail' as QualityPolicy };

/**
 * The load the research app will most likely run, read from its raw arguments without yargs (not
 * loaded yet): `--data <file>` with `--days`, `--rl-warmup-days`, `--quality` given as
 * `--flag value` or `--flag=value`, or their defaults. Undefined whenever the guess could be wrong
 * in a way that matters (a config file, --hours/--minutes, --source other than file, a repeated
 * flag, a list of paths): a wrong guess costs only the thread's work, as the loader compares.
 */
export function researchPrefetchRequest(args: readonly string[]): CandlePrefetchRequest | undefined {
  const seen = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('--')) continue;
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    if (name === 'config' || name === 'hours' || name === 'minutes') return undefined;
    if (!['data', 'days', 'rl-warmup-days', 'quality', 'source'].includes(name)) continue;
    const value = eq === -1 ? args[++i] : arg.slice(eq + 1);
    if (value === undefined || seen.has(name)) return undefined;
    seen.set(name, value);
  }
  const path = seen.get('data');
  if (path === undefined || path.includes(',') || (seen.has('source') && seen.get('source') !== 'file')) return undefined;
  const days = seen.has('days') ? Number(seen.get('days')) : RESEARCH_PREFETCH_DEFAULTS.days;
  const warmup = seen.has('rl-warmup-days') ? Number(seen.get('rl-warmup-days')) : RESEARCH_PREFETCH_DEFAULTS.rlWarmupDays;
  const policy = (seen.get('quality') ?? RESEARCH_PREFETCH_DEFAULTS.quality) as QualityPolicy;
  if (!(days > 0) || !(warmup >= 0) || !Number.isFinite(days + warmup) || !['fail', 'drop', 'mark'].includes(policy)) return undefined;
  return { path, lastDays: days + warmup, policy };
}
