import type { RawMessage } from './raw-message';
import { tapRawMessages } from './raw-tap';

const ccxt = require('ccxt') as typeof import('ccxt');

/** What tools/mock-exchange sends as a garbage frame: not JSON. */
const GARBAGE = '\u0000garbage{"e":"depthUpdate",';
const TRADE = '{"e":"trade","E":1680652700455,"T":1680652700452,"s":"BTCUSDT","t":3535186032,"p":"28145.10","q":"0.002","X":"MARKET","m":true}';

interface Future extends Promise<unknown> {
  resolve(value: unknown): void;
}
interface WsClient {
  onMessage(event: { data: unknown }): void;
  future(messageHash: string): Future;
}

describe('tapRawMessages', () => {
  it('records a frame that is not JSON but keeps it from ccxt, whose handler would reject the watch call pending on the connection with a TypeError', async () => {
    const exchange = new ccxt.pro.binanceusdm({ enableRateLimit: false });
    await exchange.loadHttpProxyAgent(); // ccxt asks for it before any ws:// client
    const seen: RawMessage[] = [];
    const untap = tapRawMessages(exchange, (m) => seen.push(m));
    // No socket is opened: the client is only handed frames, as its socket would.
    const client = (exchange as unknown as { client(url: string): WsClient }).client('ws://127.0.0.1:1/fstream/public/ws/0');
    const pending = client.future('trade::BTC/USDT:USDT');
    let outcome = 'pending';
    pending.then(
      () => (outcome = 'resolved'),
      (error: unknown) => (outcome = `rejected: ${String(error)}`),
    );
    client.onMessage({ data: Buffer.from(GARBAGE) });
    await new Promise((r) => setImmediate(r));
    expect(outcome).toBe('pending');
    expect(seen.map((m) => [m.source, m.text])).toEqual([['ws', GARBAGE]]);

    // A JSON frame still reaches ccxt and is recorded first.
    client.onMessage({ data: Buffer.from(TRADE) });
    expect(seen.map((m) => m.text)).toEqual([GARBAGE, TRADE]);
    pending.resolve('done');
    await new Promise((r) => setImmediate(r));
    expect(outcome).toBe('resolved');
    untap();
    await exchange.close();
  });
});
