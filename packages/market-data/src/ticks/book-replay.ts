import { BinanceBookSync, type DepthMarket } from './binance-book-sync';
import { KIND_BBO, KIND_DEPTH, KIND_SNAPSHOT, type TickColumns } from './tick-columns';

export interface DepthReplayHooks {
  /** After diff event i was applied (the book reflects its `u`). */
  onDiffApplied?(i: number): void;
  /** After snapshot event i was loaded (and the diffs that waited for it offered). */
  onSnapshot?(i: number): void;
  /** On every bbo event i, in stream order. */
  onTicker?(i: number): void;
}

/** 'spot' when the capture's diffs have no `pu`, 'futures' when they do; undefined without diffs. */
export function detectDepthMarket(c: TickColumns): DepthMarket | undefined {
  for (let i = 0; i < c.length; i++) if (c.kind[i] === KIND_DEPTH) return c.id3[i] === c.id3[i] ? 'futures' : 'spot';
  return undefined;
}

/** True when the columns hold at least one REST depth snapshot (else no L2 book can be rebuilt). */
export function hasSnapshot(c: TickColumns): boolean {
  for (let i = 0; i < c.length; i++) if (c.kind[i] === KIND_SNAPSHOT) return true;
  return false;
}

/**
 * Maintains `sync`'s book through the columns in stream order: snapshots load the book, diffs are
 * offered to Binance's rules; diffs that arrive while the book is unsynced (before the first
 * snapshot, or after a break) wait and are re-offered after the next snapshot, where the stale ones
 * drop out. Returns the number of level rows written. No allocation per event (the wait list grows
 * only while unsynced).
 */
export function replayDepth(c: TickColumns, sync: BinanceBookSync, hooks: DepthReplayHooks = {}): number {
  const { kind, id, id2, id3, levelStart, bidCount, levelPrice, levelQty } = c;
  let waiting: number[] = [];
  const rowsBefore = sync.stats.levelRows;

  const offer = (i: number): void => {
    const decision = sync.offerDiff(id[i], id2[i], id3[i]);
    if (decision === 'apply') {
      const start = levelStart[i];
      sync.applyRows(levelPrice, levelQty, start, start + bidCount[i], levelStart[i + 1]);
      sync.diffApplied(id2[i]);
      if (hooks.onDiffApplied) hooks.onDiffApplied(i);
    } else if (decision !== 'stale') {
      waiting.push(i);
    }
  };

  for (let i = 0; i < c.length; i++) {
    const k = kind[i];
    if (k === KIND_DEPTH) {
      offer(i);
    } else if (k === KIND_SNAPSHOT) {
      const start = levelStart[i];
      const split = start + bidCount[i];
      const end = levelStart[i + 1];
      sync.beginSnapshot(id[i], levelPrice.subarray(start, end));
      sync.applyRows(levelPrice, levelQty, start, split, end);
      const retry = waiting;
      waiting = [];
      for (const w of retry) offer(w);
      if (hooks.onSnapshot) hooks.onSnapshot(i);
    } else if (k === KIND_BBO && hooks.onTicker) {
      hooks.onTicker(i);
    }
  }
  return sync.stats.levelRows - rowsBefore;
}
