import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readBinanceCapture } from '../ticks/binance-capture';
import { readArchiveLines } from '../ticks/text-source';
import { captureLine } from './capture-line';
import { CaptureRecorder } from './capture-recorder';
import type { RawMessage } from './raw-message';

const ns = 1723161255030314667n;
const raw = (text: string, source: RawMessage['source'] = 'ws', localNs = ns): RawMessage => ({ localNs, source, url: 'ws://x/fstream/public/ws/0', text });

const DEPTH = '{"e":"depthUpdate","E":1723161256299,"T":1723161256298,"s":"BTCUSDT","U":10,"u":12,"pu":9,"b":[["61800.20","0.014"]],"a":[["61800.30","0.000"]]}';
const TRADE = '{"e":"trade","E":1723161256322,"T":1723161256322,"s":"BTCUSDT","t":5266583935,"p":"61800.30","q":"0.006","X":"MARKET","m":false}';
const SNAPSHOT = '{"lastUpdateId":11,"E":1723161256200,"T":1723161256199,"bids":[["61800.20","2.909"]],"asks":[["61800.30","1.000"]]}';

describe('CaptureRecorder', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'mml-recorder-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const record = (recorder: CaptureRecorder, texts: Array<[string, RawMessage['source']]>, start = ns) =>
    texts.forEach(([text, source], i) => recorder.record(captureLine(raw(text, source, start + BigInt(i) * 1000n), { depthRate: '0ms' })));

  it('writes plain lines as they arrive that the capture reader reads back (snapshot, diff, trade); replies and garbage counted, not written', async () => {
    const path = join(dir, 'run', 'capture.txt');
    const recorder = new CaptureRecorder(path);
    record(recorder, [
      ['{"result":null,"id":1}', 'ws'],
      [SNAPSHOT, 'rest'],
      [DEPTH, 'ws'],
      ['not json', 'ws'],
      [TRADE, 'ws'],
    ]);
    // Before close: every line is already in the file (one write per line), as after a SIGKILL.
    expect(readFileSync(path, 'utf8').split('\n')).toHaveLength(4);
    recorder.close();
    expect(recorder.stats).toEqual({ lines: 3, replies: 1, garbage: 1 });
    const events = [];
    for await (const e of readBinanceCapture(path)) events.push(e);
    expect(events.map((e) => e.kind)).toEqual(['book', 'depth', 'trade']);
    expect(events[0].localTs).toBe(1723161255030 + 0.315667); // the 2nd message: ns + 1000, kept to the reader's precision
  });

  it('appends to an existing capture (a resumed session), cutting an unfinished last line first', async () => {
    const path = join(dir, 'capture.txt');
    const good = `${ns} ${SNAPSHOT}\n`;
    writeFileSync(path, good);
    appendFileSync(path, `${ns + 1000n} {"stream":"btcusdt@trade","data":{"e":"tra`); // killed mid-line
    const recorder = new CaptureRecorder(path);
    record(recorder, [[TRADE, 'ws']], ns + 2000n);
    recorder.close();
    expect(readFileSync(path, 'utf8')).toBe(`${good}${ns + 2000n} {"stream":"btcusdt@trade","data":${TRADE}}\n`);
  });

  it('gzip: one member per flush, concatenated members read as one stream', async () => {
    const path = join(dir, 'capture.gz');
    const recorder = new CaptureRecorder(path, { gzip: true, flushMs: 60_000 });
    record(recorder, [[SNAPSHOT, 'rest']]);
    recorder.flush();
    record(recorder, [[DEPTH, 'ws'], [TRADE, 'ws']], ns + 5000n);
    recorder.close();
    const texts = [];
    for await (const { text } of readArchiveLines(path)) texts.push(text.slice(0, 40));
    expect(texts).toHaveLength(3);
    expect(readFileSync(path).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    expect(() => new CaptureRecorder(join(dir, 'x.gz'), { gzip: true, flushMs: 0 })).toThrow('flushMs must be > 0, got 0');
  });
});
