import { performance } from 'node:perf_hooks';

/**
 * One message as ccxt received it, with the local receive time: a websocket frame's text, or the
 * REST depth snapshot ccxt fetched to sync its book. This is what makes a paper session a tick
 * dataset: written as capture lines (`captureLine`), it is read back by the same tick parser the
 * backtest uses.
 */
export interface RawMessage {
  /** Local receive time, Unix epoch nanoseconds (microsecond resolution, monotonic within a process). */
  localNs: bigint;
  source: 'ws' | 'rest';
  /** ws: the connection URL; rest: the ccxt API method (`fapiPublicGetDepth`, ...). */
  url: string;
  /** ws: the frame's text as received; rest: the response body as JSON (ccxt hands over the parsed body). */
  text: string;
}

export type RawSink = (message: RawMessage) => void;

/** Unix epoch ns from the monotonic clock anchored at the process's time origin (never goes back). */
export function localNowNs(): bigint {
  return BigInt(Math.round((performance.timeOrigin + performance.now()) * 1000)) * 1000n;
}
