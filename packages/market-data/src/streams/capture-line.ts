import type { RawMessage } from './raw-message';

/**
 * What a received message is, for the capture file (../shared/data/ticks format, one line
 * `<local receive time ns> <JSON>`):
 * - 'data': market data or a REST depth snapshot: `line` is the capture line. A combined-stream
 *   message (`{"stream":..,"data":..}`) and a snapshot keep their text verbatim; a raw-stream payload
 *   (what Binance sends on `/ws` connections, as ccxt uses them) is wrapped as a combined-stream
 *   message around its verbatim text, the stream named from its symbol and event
 *   (`btcusdt@depth@<depthRate>`, `@trade`, `@aggTrade`, `@bookTicker`, `@markPrice`).
 * - 'reply': a subscription reply or error (`{"result":null,"id":1}`): not market data.
 * - 'garbage': not a JSON object (a corrupted frame): a fault, never written as data.
 */
export type CaptureLineResult = { kind: 'data'; line: string; stream: string } | { kind: 'reply' } | { kind: 'garbage'; reason: string };

export interface CaptureLineOptions {
  /** The depth stream's update speed in the stream name (ccxt subscribes `@depth@100ms`; default '100ms'). */
  depthRate?: string;
}

const EVENT_STREAMS: Record<string, string> = { trade: 'trade', aggTrade: 'aggTrade', bookTicker: 'bookTicker', markPriceUpdate: 'markPrice' };

export function captureLine(message: RawMessage, options: CaptureLineOptions = {}): CaptureLineResult {
  const text = message.text.trim();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { kind: 'garbage', reason: `not JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return { kind: 'garbage', reason: 'not a JSON object' };
  const m = parsed as Record<string, unknown>;
  const stamp = message.localNs.toString();
  if ('lastUpdateId' in m && Array.isArray(m['bids']) && Array.isArray(m['asks'])) return { kind: 'data', line: `${stamp} ${text}`, stream: 'depth snapshot' };
  if (typeof m['stream'] === 'string' && m['data'] !== null && typeof m['data'] === 'object') return { kind: 'data', line: `${stamp} ${text}`, stream: m['stream'] };
  if ('result' in m || 'error' in m || 'id' in m) return { kind: 'reply' };
  const symbol = typeof m['s'] === 'string' ? m['s'].toLowerCase() : undefined;
  if (symbol === undefined) return { kind: 'garbage', reason: 'a JSON object that is neither market data nor a reply' };
  const event = typeof m['e'] === 'string' ? m['e'] : m['u'] !== undefined && m['b'] !== undefined && m['a'] !== undefined ? 'bookTicker' : undefined;
  const suffix = event === 'depthUpdate' ? `depth@${options.depthRate ?? '100ms'}` : event !== undefined ? EVENT_STREAMS[event] : undefined;
  if (suffix === undefined) return { kind: 'garbage', reason: `unknown event "${String(event)}"` };
  const stream = `${symbol}@${suffix}`;
  return { kind: 'data', line: `${stamp} {"stream":${JSON.stringify(stream)},"data":${text}}`, stream };
}
