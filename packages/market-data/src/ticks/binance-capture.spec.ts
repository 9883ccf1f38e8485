import { DataError } from '@mml/core';
import { readBinanceCapture } from './binance-capture';
import type { TickEvent } from './tick-event';
import { futDiff, scratchDir, snapshot, spotDiff, spotTicker, trade, writeCapture } from './capture-fixtures.test-helpers';

async function collect(stream: AsyncIterable<TickEvent>): Promise<TickEvent[]> {
  const out: TickEvent[] = [];
  for await (const e of stream) out.push(e);
  return out;
}

describe('readBinanceCapture', () => {
  const dir = scratchDir();

  it('reads every stream with both clocks: µs local time in .dat.gz, ns without losing µs digits', async () => {
    const us = writeCapture(dir, 'spot_2024-01-01.dat.gz', [
      ['1700000000000100', spotDiff(10, 12, 1700000000001, [['100.01', '1.5']], [['100.02', '2']])],
      ['1700000000000200', snapshot(11, [['100.01', '1.5']], [['100.03', '1']])],
      ['1700000000000300', trade(7, 1700000000002, '100.02', '0.25', true)],
      ['1700000000000400', { stream: 'btcusdt@markPrice', data: { e: 'markPriceUpdate', E: 1 } }],
      ['1700000000000500', spotTicker(12, '100.01', '1.5', '100.02', '2')],
    ]);
    const stream = readBinanceCapture(us);
    const events = await collect(stream);
    expect(events).toEqual([
      { kind: 'depth', ts: 1700000000001, localTs: 1700000000000.1, firstUpdateId: 10, lastUpdateId: 12, bids: [[100.01, 1.5]], asks: [[100.02, 2]] },
      // The spot snapshot has no exchange time: last exchange time + local time elapsed since (rounded).
      { kind: 'book', ts: 1700000000001, localTs: 1700000000000.2, updateId: 11, bids: [[100.01, 1.5]], asks: [[100.03, 1]] },
      { kind: 'trade', ts: 1700000000002, localTs: 1700000000000.3, transactTs: 1700000000001, price: 100.02, qty: 0.25, aggressor: 'sell', id: 7 },
      { kind: 'bbo', ts: 1700000000002, localTs: 1700000000000.5, bidPrice: 100.01, bidQty: 1.5, askPrice: 100.02, askQty: 2, updateId: 12 },
    ]);
    expect(stream.quality).toMatchObject({ lines: 5, events: 4, ignored: 1, dropped: 0 });

    const ns = writeCapture(dir, 'fut_2024-01-01.gz', [['1723161256172216566', futDiff(5, 9, 4, 1723161257440, 1723161257432, [['61773.6', '1001']])]]);
    const [diff] = await collect(readBinanceCapture(ns));
    expect(diff).toMatchObject({ kind: 'depth', ts: 1723161257440, transactTs: 1723161257432, prevLastUpdateId: 4 });
    expect(diff.localTs).toBe(1723161256172 + 0.216566); // ms + the µs digits (the ns timestamp itself exceeds 2^53)
  });

  it('reads a capture split across files as one stream (the depth chain continues across the boundary)', async () => {
    const a = writeCapture(dir, 'split_2024-01-01.dat.gz', [['1700000000000000', spotDiff(1, 2, 1, [['1', '1']])]]);
    const b = writeCapture(dir, 'split_2024-01-02.dat.gz', [['1700000000001000', spotDiff(3, 4, 2, [['1', '2']])]]);
    const gap = writeCapture(dir, 'gap_2024-01-02.dat.gz', [['1700000000001000', spotDiff(9, 9, 2, [['1', '2']])]]);
    const joined = readBinanceCapture([a, b]);
    expect((await collect(joined)).map((e) => e.kind)).toEqual(['depth', 'depth']);
    expect(joined.quality.counts['sequence-break']).toBe(0);
    await expect(collect(readBinanceCapture([a, gap]))).rejects.toThrow(`${gap}, row 1: sequence-break: depth diff [9, 9]: U 9 != previous u 2 + 1`);
  });

  const flawed = (): string =>
    writeCapture(dir, 'flawed_2024-01-01.dat.gz', [
      ['1700000000000000', futDiff(1, 2, 0, 10, 10, [['1', '1']])],
      ['1700000000001000', futDiff(3, 5, 3, 11, 11, [['1', '1']])], // pu 3 != previous u 2
      ['1700000000002000', trade(1, 20, '1', '1', false)],
      ['1700000000003000', trade(1, 21, '1', '1', false)], // duplicate id
      ['1700000000004000', trade(3, 19, '1', '1', false)], // id 2 missing
      ['1700000000004500', trade(4, 18, '1', '1', false)], // time goes back
      ['1700000000005000', '{"stream": "x", "data": {"e": "trade", "E": 1'], // truncated JSON
      ['1699999999999000', trade(5, 30, '1', '1', false)], // local clock goes back
    ]);

  it("fails at the first problem under 'fail' (the default), naming file and line", async () => {
    const file = flawed();
    const error = await collect(readBinanceCapture(file)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataError);
    expect((error as Error).message).toBe(`${file}, row 2: sequence-break: depth diff [3, 5]: pu 3 != previous u 2`);
  });

  it("reports every problem with file and line under 'mark' and 'drop'", async () => {
    const file = flawed();
    const marked = readBinanceCapture(file, { policy: 'mark' });
    const kept = await collect(marked);
    expect(marked.quality.findings.map((f) => [f.kind, f.line, f.action])).toEqual([
      ['sequence-break', 2, 'kept'],
      ['duplicate-id', 4, 'dropped'],
      ['sequence-break', 5, 'kept'],
      ['out-of-order-time', 6, 'kept'],
      ['unparseable', 7, 'dropped'],
      ['out-of-order-time', 8, 'kept'],
    ]);
    expect(marked.quality.findings.every((f) => f.source === file)).toBe(true);
    expect(kept).toHaveLength(6);
    const dropped = readBinanceCapture(file, { policy: 'drop' });
    expect((await collect(dropped)).map((e) => (e.kind === 'trade' ? e.id : e.kind))).toEqual(['depth', 1]);
    expect(dropped.quality.dropped).toBe(6);
  });

  it('rejects a local time in no known unit, naming the file', async () => {
    const file = writeCapture(dir, 'odd.gz', [['12345', trade(1, 1, '1', '1', true)]]);
    await expect(collect(readBinanceCapture(file))).rejects.toThrow(`${file}, row 1, field "local_time": 5 digits fit none of ms (13), µs (16), ns (19)`);
  });
});
