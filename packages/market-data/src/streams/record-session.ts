import { merge, Subscription } from 'rxjs';
import { CaptureRecorder, type CaptureRecorderOptions, type CaptureRecorderStats } from './capture-recorder';
import { LiveMarketStreams, type LiveMarketStreamsOptions } from './live-market-streams';

export interface RecordSessionOptions extends LiveMarketStreamsOptions, CaptureRecorderOptions {
  /** The capture file (appended to when it exists). */
  capturePath: string;
  /** How long to record, wall time. */
  durationMs: number;
  /** Stops early (SIGINT/SIGTERM): the capture is flushed and closed. */
  signal?: AbortSignal;
}

export interface RecordSessionResult extends CaptureRecorderStats {
  capturePath: string;
  /** REST depth snapshots recorded (one at the start and one per resync). */
  snapshots: number;
  /** Wall time recorded (ms). */
  elapsedMs: number;
  /** Why recording stopped. */
  stopped: 'duration' | 'signal' | 'error';
  /** The error that ended a stream early, if any. */
  error?: string;
}

/**
 * Records without trading: watches the book, the trades and the best bid/offer of one symbol and
 * appends every received message (plus the REST snapshots that sync the book) to the capture file.
 */
export async function recordSession(options: RecordSessionOptions): Promise<RecordSessionResult> {
  if (!(options.durationMs > 0)) throw new RangeError(`durationMs must be > 0, got ${options.durationMs}`);
  const started = Date.now();
  const streams = await LiveMarketStreams.open(options);
  const recorder = new CaptureRecorder(options.capturePath, options);
  let snapshots = 0;
  const subscriptions: Subscription[] = [];
  try {
    subscriptions.push(
      streams.tapped$.subscribe((message) => {
        if (message.source === 'rest' && message.capture.kind === 'data') snapshots++;
        recorder.record(message.capture);
      }),
    );
    const outcome = await new Promise<{ stopped: RecordSessionResult['stopped']; error?: string }>((resolve) => {
      const timer = setTimeout(() => resolve({ stopped: 'duration' }), options.durationMs);
      const onAbort = () => resolve({ stopped: 'signal' });
      if (options.signal?.aborted) onAbort();
      options.signal?.addEventListener('abort', onAbort, { once: true });
      subscriptions.push(
        merge(streams.orderBook$(), streams.trades$(), streams.bidsAsks$()).subscribe({
          error: (error: unknown) => resolve({ stopped: 'error', error: error instanceof Error ? error.message : String(error) }),
        }),
      );
      subscriptions.push(
        new Subscription(() => {
          clearTimeout(timer);
          options.signal?.removeEventListener('abort', onAbort);
        }),
      );
    });
    return { capturePath: options.capturePath, ...recorder.stats, snapshots, elapsedMs: Date.now() - started, ...outcome };
  } finally {
    for (const s of subscriptions) s.unsubscribe();
    await streams.close();
    recorder.close();
  }
}
