import { Observable } from 'rxjs';
import { readArchiveLines } from '@mml/market-data';

/**
 * What a stream paper session consumes: the raw received text, line by line in the capture format
 * (`<local receive time> <JSON>`: every websocket message and every REST snapshot used to sync the
 * book, in receive order), plus the source's own faults (disconnects, reconnects, checksum errors),
 * one item each. The session records the lines and feeds them to the pipeline; it never sees
 * parsed exchange objects, so the capture holds exactly what the session traded on.
 */
export type StreamItem = { type: 'line'; line: string } | { type: 'fault'; kind: string; message: string; [key: string]: unknown };

export interface StreamSource {
  /** Subscribing connects; unsubscribing disconnects. Completes when the source ends (a replay). */
  items$: Observable<StreamItem>;
}

/**
 * A recorded capture replayed as if live: its lines, unchanged, paced by their local receive times
 * divided by `speed` ('fast' = as fast as consumed). Stands in for the websocket source in tests
 * and demos; the session cannot tell the difference (it only sees lines).
 */
export function captureReplaySource(paths: string | readonly string[], options: { speed?: number | 'fast'; fromLine?: number; toLine?: number } = {}): StreamSource {
  const files = typeof paths === 'string' ? [paths] : [...paths];
  const speed = options.speed ?? 'fast';
  if (speed !== 'fast' && !(speed > 0)) throw new RangeError(`speed must be 'fast' or > 0, got ${speed}`);
  return {
    items$: new Observable<StreamItem>((subscriber) => {
      let stopped = false;
      let timer: ReturnType<typeof setTimeout> | undefined;
      void (async () => {
        let n = 0;
        let firstLocal = NaN;
        const startWall = Date.now();
        for (const file of files) {
          for await (const { text } of readArchiveLines(file)) {
            if (stopped) return;
            if (text === '') continue;
            n++;
            if (options.fromLine !== undefined && n < options.fromLine) continue;
            if (options.toLine !== undefined && n > options.toLine) break;
            if (speed !== 'fast') {
              const local = localStampMs(text);
              if (firstLocal !== firstLocal) firstLocal = local;
              const due = startWall + (local - firstLocal) / speed - Date.now();
              if (due > 1) await new Promise<void>((resolve) => (timer = setTimeout(resolve, due)));
              if (stopped) return;
            } else if (n % 512 === 0) {
              // Let timers and signals run between batches.
              await new Promise<void>((resolve) => setImmediate(resolve));
              if (stopped) return;
            }
            subscriber.next({ type: 'line', line: text });
          }
        }
        subscriber.complete();
      })().catch((error: unknown) => subscriber.error(error));
      return () => {
        stopped = true;
        if (timer) clearTimeout(timer);
      };
    }),
  };
}

/** The local receive time of a capture line in ms (any of the ms/µs/ns stamps). */
export function localStampMs(line: string): number {
  const space = line.indexOf(' ');
  const stamp = line.slice(0, space > 0 ? space : 0);
  const digits = stamp.length;
  const value = Number(stamp);
  return digits >= 18 ? value / 1e6 : digits >= 15 ? value / 1e3 : value;
}
