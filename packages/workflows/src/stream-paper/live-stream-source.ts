import { merge, Observable, type Subscription } from 'rxjs';
import { LiveMarketStreams, type LiveMarketStreamsOptions } from '@mml/market-data/exchange';
import type { StreamItem, StreamSource } from './stream-source';

/**
 * The live source of a stream paper session: ccxt pro's public streams of one symbol (book,
 * trades, best bid/offer; market-data's LiveMarketStreams, which reconnects with backoff and
 * resyncs the book after a checksum error), read through its raw message tap. Each item is a
 * capture line exactly as the recorder writes it; the adapter's faults (disconnect, sequence gap,
 * timeout, garbage frame, ...) come through as fault items. The watch calls only keep ccxt
 * subscribed: the session trades on the tapped text, never on ccxt's parsed objects.
 */
export function liveStreamSource(options: LiveMarketStreamsOptions): StreamSource {
  return {
    items$: new Observable<StreamItem>((subscriber) => {
      let closed = false;
      let streams: LiveMarketStreams | undefined;
      const subscriptions: Subscription[] = [];
      LiveMarketStreams.open({
        ...options,
        onFault: (fault) => {
          const { kind, message, ...rest } = fault;
          if (!closed) subscriber.next({ type: 'fault', ...rest, kind, message });
        },
      })
        .then((opened) => {
          streams = opened;
          if (closed) return void opened.close();
          subscriptions.push(
            opened.tapped$.subscribe((message) => {
              if (message.capture.kind === 'data') subscriber.next({ type: 'line', line: message.capture.line });
            }),
          );
          subscriptions.push(
            merge(opened.orderBook$(), opened.trades$(), opened.bidsAsks$()).subscribe({
              error: (error: unknown) => subscriber.error(error),
              complete: () => undefined,
            }),
          );
        })
        .catch((error: unknown) => subscriber.error(error));
      return () => {
        closed = true;
        for (const s of subscriptions) s.unsubscribe();
        void streams?.close();
      };
    }),
  };
}
