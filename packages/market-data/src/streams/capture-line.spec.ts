import { captureLine } from './capture-line';
import type { RawMessage } from './raw-message';

const ns = 1723161255030314667n;
const raw = (text: string, source: RawMessage['source'] = 'ws', localNs = ns): RawMessage => ({ localNs, source, url: 'ws://x/fstream/public/ws/0', text });

const DEPTH = '{"e":"depthUpdate","E":1723161256299,"T":1723161256298,"s":"BTCUSDT","U":10,"u":12,"pu":9,"b":[["61800.20","0.014"]],"a":[["61800.30","0.000"]]}';
const TRADE = '{"e":"trade","E":1723161256322,"T":1723161256322,"s":"BTCUSDT","t":5266583935,"p":"61800.30","q":"0.006","X":"MARKET","m":false}';
const SPOT_BBO = '{"u":50093239212,"s":"BTCUSDT","b":"61837.63000000","B":"3.78826000","a":"61837.64000000","A":"1.54698000"}';
const SNAPSHOT = '{"lastUpdateId":11,"E":1723161256200,"T":1723161256199,"bids":[["61800.20","2.909"]],"asks":[["61800.30","1.000"]]}';

describe('captureLine (what a received message becomes in the capture file)', () => {
  it('wraps a bare /ws event verbatim as a combined-stream message named from its symbol and event', () => {
    expect(captureLine(raw(DEPTH), { depthRate: '0ms' })).toEqual({ kind: 'data', stream: 'btcusdt@depth@0ms', line: `${ns} {"stream":"btcusdt@depth@0ms","data":${DEPTH}}` });
    expect(captureLine(raw(TRADE))).toMatchObject({ stream: 'btcusdt@trade', line: `${ns} {"stream":"btcusdt@trade","data":${TRADE}}` });
    expect(captureLine(raw(SPOT_BBO))).toMatchObject({ stream: 'btcusdt@bookTicker' }); // spot bookTicker has no "e"
  });

  it('keeps combined-stream messages and REST snapshots byte for byte', () => {
    const combined = `{"stream":"btcusdt@trade","data":${TRADE}}`;
    expect(captureLine(raw(combined))).toEqual({ kind: 'data', stream: 'btcusdt@trade', line: `${ns} ${combined}` });
    expect(captureLine(raw(SNAPSHOT, 'rest'))).toEqual({ kind: 'data', stream: 'depth snapshot', line: `${ns} ${SNAPSHOT}` });
  });

  it('tells replies and garbage apart from data (never written as data)', () => {
    expect(captureLine(raw('{"result":null,"id":3}'))).toEqual({ kind: 'reply' });
    expect(captureLine(raw('{"error":{"code":2,"msg":"Invalid request"},"id":1}'))).toEqual({ kind: 'reply' });
    expect(captureLine(raw('\u0000garbage{"e":"depthUpdate",'))).toMatchObject({ kind: 'garbage', reason: expect.stringMatching(/^not JSON/) });
    expect(captureLine(raw('[1,2]'))).toMatchObject({ kind: 'garbage', reason: 'not a JSON object' });
    expect(captureLine(raw('{"e":"somethingNew","s":"BTCUSDT"}'))).toMatchObject({ kind: 'garbage', reason: 'unknown event "somethingNew"' });
  });
});
