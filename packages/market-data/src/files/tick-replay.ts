import type { MarketEvent } from '@mml/core';
import { readBookTickerFile, readDepthFile, readTradeFile } from './tick-files';

/** The files of one tick capture. A string is a path prefix: `<prefix>_trades.csv.gz` etc. */
export interface TickReplayPaths {
  trades?: string;
  bookTicker?: string;
  depth?: string;
}

export interface TickReplayOptions {
  /** Which streams to merge (default trades + bbo; add 'depth' for the snapshot and diffs). */
  include?: Array<'trade' | 'bbo' | 'depth'>;
  /**
   * Exchange minus local clock in ms, for rows without exchange time (spot bookTicker, spot
   * snapshot). Default: measured as the median of event_ts_ms − local_ts_ns/1e6 over the first
   * 2,000 trades (about +1273 ms for the shared spot capture).
   */
  clockOffsetMs?: number;
}

/**
 * Merges the tick files of one capture into one stream in exchange-time order (ties keep the
 * order trade, depth, bbo, then file order), for the engine's trade-driven fill model.
 */
export async function* readTickReplay(source: string | TickReplayPaths, options: TickReplayOptions = {}): AsyncGenerator<MarketEvent> {
  const paths: TickReplayPaths =
    typeof source === 'string' ? { trades: `${source}_trades.csv.gz`, bookTicker: `${source}_bookticker.csv.gz`, depth: `${source}_depth.csv.gz` } : source;
  const include = new Set(options.include ?? ['trade', 'bbo']);
  const clockOffsetMs = options.clockOffsetMs ?? (paths.trades ? await measureClockOffset(paths.trades) : 0);
  const sources: Array<AsyncIterator<MarketEvent>> = [];
  if (include.has('trade') && paths.trades) sources.push(readTradeFile(paths.trades));
  if (include.has('depth') && paths.depth) sources.push(readDepthFile(paths.depth, { clockOffsetMs }));
  if (include.has('bbo') && paths.bookTicker) sources.push(readBookTickerFile(paths.bookTicker, { clockOffsetMs }));
  const heads: Array<MarketEvent | undefined> = [];
  for (const s of sources) heads.push((await s.next()).value as MarketEvent | undefined);
  for (;;) {
    let pick = -1;
    for (let i = 0; i < heads.length; i++) {
      const h = heads[i];
      if (h !== undefined && (pick === -1 || h.ts < (heads[pick] as MarketEvent).ts)) pick = i;
    }
    if (pick === -1) return;
    yield heads[pick] as MarketEvent;
    const next = await sources[pick].next();
    heads[pick] = next.done ? undefined : next.value;
  }
}

/** Median of exchange event time minus local receive time over the first `sample` trades. */
export async function measureClockOffset(tradesPath: string, sample = 2000): Promise<number> {
  const diffs: number[] = [];
  for await (const t of readTradeFile(tradesPath)) {
    diffs.push(t.ts - t.localTs);
    if (diffs.length >= sample) break;
  }
  diffs.sort((a, b) => a - b);
  return diffs.length > 0 ? Math.round(diffs[Math.floor(diffs.length / 2)]) : 0;
}
