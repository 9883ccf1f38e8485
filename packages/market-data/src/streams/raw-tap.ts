import type { Exchange } from 'ccxt';
import { localNowNs, type RawSink } from './raw-message';

/** The REST methods ccxt's binance classes use for a depth snapshot (spot, USD-M, COIN-M). */
const DEPTH_METHODS = ['publicGetDepth', 'fapiPublicGetDepth', 'dapiPublicGetDepth'] as const;

interface TappableClient {
  url: string;
  onMessage(event: { data: unknown }): void;
}

/**
 * Hands every websocket frame ccxt receives, and every depth snapshot it fetches, to `sink` before
 * ccxt processes it (so a sink that writes synchronously has the message on disk before any
 * consumer of ccxt's result can act on it). Hooks the exchange instance only: `client(url)` patches
 * each new connection's `onMessage` (bound by ccxt when the socket opens), the depth methods are
 * wrapped. A frame that is not JSON reaches the sink only, never ccxt. A sink that throws is a bug
 * in the sink: the error propagates (ccxt then rejects the pending watch calls), it is never swallowed.
 * @returns a function that removes the tap from future connections and calls
 */
export function tapRawMessages(exchange: Exchange, sink: RawSink, clock: () => bigint = localNowNs): () => void {
  let active = true;
  const ex = exchange as unknown as Record<string, unknown> & { client(url: string): TappableClient };
  const originalClient = ex.client;
  const tapped = new WeakSet<object>();
  ex['client'] = function (this: unknown, url: string): TappableClient {
    const client = originalClient.call(exchange, url);
    if (!tapped.has(client)) {
      tapped.add(client);
      const onMessage = client.onMessage;
      client.onMessage = function (event: { data: unknown }) {
        const text = frameText(event.data);
        if (active) sink({ localNs: clock(), source: 'ws', url: client.url, text });
        // A frame that is not a JSON object or array (a corrupted frame, a broken proxy) is recorded
        // above (the stream's sink reports it as a garbage-frame fault) and never reaches ccxt:
        // ccxt 4.5.84's binance handler fails on it (`'a' in "garbage..."`) and Client.onMessage
        // answers by rejecting every watch call then pending on the connection with that TypeError
        // (not retryable: the stream gives up), or does nothing when none is pending at that
        // instant (frames flushed in one batch): load decided which (a flaky stream test).
        if (!isJsonObjectText(text)) return undefined;
        return onMessage.call(client, event);
      };
    }
    return client;
  };
  const originals = new Map<string, unknown>();
  for (const name of DEPTH_METHODS) {
    const original = ex[name];
    if (typeof original !== 'function') continue;
    originals.set(name, original);
    ex[name] = async function (...args: unknown[]) {
      const response = await (original as (...a: unknown[]) => Promise<unknown>).apply(exchange, args);
      if (active) sink({ localNs: clock(), source: 'rest', url: name, text: JSON.stringify(response) });
      return response;
    };
  }
  return () => {
    active = false;
    ex['client'] = originalClient;
    for (const [name, original] of originals) ex[name] = original;
  };
}

function frameText(data: unknown): string {
  if (typeof data === 'string') return data;
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data as Buffer[]).toString('utf8');
  return String(data);
}

/** True when the frame parses as a JSON object or array (what every Binance message is). */
function isJsonObjectText(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null;
  } catch {
    return false;
  }
}
