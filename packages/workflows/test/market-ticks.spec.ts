import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DataError, type BookLevel, type MarketEvent } from '@mml/core';
import { TickColumnsBuilder, type TickEvent } from '@mml/market-data';
import { defaultTickCacheDir, detectDataKind, detectDataKinds, inExchangeTimeOrder, loadWorkflowTicks, tickInstrumentFor } from '../src/market-ticks';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { TickEventReplay } from '../src/tick-event-replay';
import { windowDays } from '../src/cli-support';

const shared = process.env['MML_SHARED_DATA'] ?? resolve(__dirname, '..', '..', '..', '..', 'shared', 'data');
const capture = join(shared, 'ticks', 'binance_usdm_btcusdt_2023-04-04.dat.gz');
const haveShared = existsSync(capture);

const snap = (ts: number, id: number, bids: BookLevel[], asks: BookLevel[]): TickEvent => ({ kind: 'book', ts, localTs: ts + 5, bids, asks, updateId: id });
const diff = (ts: number, u: number, bids: BookLevel[], asks: BookLevel[]): TickEvent => ({ kind: 'depth', ts, localTs: ts + 5, firstUpdateId: u, lastUpdateId: u, bids, asks });
const trade = (ts: number, price: number): TickEvent => ({ kind: 'trade', ts, localTs: ts + 5, price, qty: 1, aggressor: 'sell', id: ts });
function columns(events: TickEvent[]) {
  const b = new TickColumnsBuilder(16);
  for (const e of events) b.append(e);
  return b.finish();
}

describe('tick data kinds', () => {
  (haveShared ? it : it.skip)('detects captures, flattened tick CSVs and kline CSVs from their first line', async () => {
    expect(await detectDataKind(capture)).toBe('capture');
    expect(await detectDataKind(join(shared, 'ticks'))).toBe('capture');
    expect(await detectDataKind(join(shared, 'binance_usdm_btcusdt_perp_2024-08-08_trades.csv.gz'))).toBe('tick-csv');
    expect(await detectDataKind(join(shared, 'binance_btcusdt_1m_2023-03-16_2023-05-01.csv.gz'))).toBe('candles');
    await expect(detectDataKinds([capture, join(shared, 'binance_btcusdt_1m_2023-03-16_2023-05-01.csv.gz')])).rejects.toThrow(/must be all candles or all tick data/);
  });

  it('names a missing file', async () => {
    await expect(detectDataKind('/nonexistent/x.gz')).rejects.toThrow(DataError);
    await expect(detectDataKind('/nonexistent/x.gz')).rejects.toThrow(/no such file/);
  });

  it('knows the shared captures\' instruments and refuses COIN-M with the reason', () => {
    expect(tickInstrumentFor('binance_usdm_btcusdt_2023-04-04.dat.gz')).toMatchObject({ tickSize: '0.1', lotSize: '0.001', market: 'usdm' });
    expect(tickInstrumentFor('binance_spot_btcusdt')).toMatchObject({ tickSize: '0.01', market: 'spot' });
    expect(() => tickInstrumentFor('binance_coinm_btcusd_perp')).toThrow(/inverse contracts/);
  });

  it('window options: --hours / --minutes as fractions of a day, one at a time, positive', () => {
    expect(windowDays({ days: 30 })).toBe(30);
    expect(windowDays({ days: 30, hours: 12 })).toBe(0.5);
    expect(windowDays({ days: 30, minutes: 90 })).toBeCloseTo(90 / 1440, 12);
    expect(() => windowDays({ days: 30, hours: 1, minutes: 1 })).toThrow(/not both/);
    expect(() => windowDays({ days: 30, minutes: 0 })).toThrow(/--minutes must be > 0/);
  });
});

describe('exchange-time order', () => {
  it('sorts by exchange time and puts a snapshot just before the first diff that continues it', () => {
    // Received: diff u=9 (stale), trade, snapshot (id 10, stamped late), diff u=11, diff u=12.
    const c = inExchangeTimeOrder(columns([diff(100, 9, [], []), trade(101, 50), snap(130, 10, [[50, 1]], [[51, 1]]), diff(105, 11, [[50, 2]], []), diff(107, 12, [], [])]));
    const kinds = Array.from({ length: c.length }, (_, i) => `${c.kind[i]}@${c.ts[i]}`);
    // kinds: 0 trade, 2 depth, 3 snapshot
    expect(kinds).toEqual(['2@100', '0@101', '3@105', '2@105', '2@107']);
  });
});

describe('tick replay', () => {
  const events = [snap(1, 10, [[50, 1], [49, 2]], [[51, 1]]), diff(2, 11, [[50, 3], [49, 0]], [[52, 4]]), trade(3, 50), diff(4, 12, [], [[51, 0]]), trade(5, 52)];

  it('replays rows as reused event objects (one per kind): nothing allocated per event', () => {
    const seen: MarketEvent[] = [];
    const copies: string[] = [];
    for (const e of new TickEventReplay(columns(events))) {
      seen.push(e);
      copies.push(JSON.stringify(e));
    }
    expect(seen[2]).toBe(seen[4]); // the same trade object, refilled
    expect(seen[1]).toBe(seen[3]);
    expect(JSON.parse(copies[1])).toMatchObject({ kind: 'depth', ts: 2, localTs: 7, lastUpdateId: 11, bids: [[50, 3], [49, 0]], asks: [[52, 4]] });
    expect(JSON.parse(copies[4])).toMatchObject({ kind: 'trade', ts: 5, price: 52, aggressor: 'sell' });
  });

  it('a window starting mid-capture opens with the book rebuilt from the snapshot and the diffs before it', () => {
    const out: string[] = [];
    for (const e of new TickEventReplay(columns(events), 2, events.length, 1)) out.push(JSON.stringify(e));
    expect(JSON.parse(out[0])).toEqual({ kind: 'book', ts: 3, localTs: 8, bids: [[50, 3]], asks: [[51, 1], [52, 4]], updateId: 11 });
    expect(out.slice(1).map((s) => JSON.parse(s).ts)).toEqual([3, 4, 5]);
  });
});

(haveShared ? describe : describe.skip)('loading a shared capture', () => {
  it('loads one capture in exchange-time order with its instrument; --minutes selects the end of it', async () => {
    const all = await loadWorkflowTicks({ paths: [capture], cacheDir: null });
    expect(all.market).toBe('usdm');
    expect(all.data.timeframe).toBe('tick');
    for (let i = 1; i < all.columns.length; i++) expect(all.columns.ts[i]).toBeGreaterThanOrEqual(all.columns.ts[i - 1]);
    const last = await loadWorkflowTicks({ paths: [capture], cacheDir: null, windowMs: 60_000 });
    expect(last.from).toBeGreaterThan(0);
    expect(last.columns.ts[last.to - 1] - last.columns.ts[last.from]).toBeLessThanOrEqual(60_000);
    expect(last.data.events).toBe(last.to - last.from);
  });
});

describe('defaultTickCacheDir', () => {
  it('is data/cache/ticks of the repository, or of the working directory for a project without nx.json (packed packages)', () => {
    const repo = resolve(__dirname, '..', '..', '..');
    expect(defaultTickCacheDir(__dirname, '/elsewhere')).toBe(join(repo, 'data', 'cache', 'ticks'));
    const outside = mkdtempSync(join(tmpdir(), 'mml-no-repo-'));
    expect(defaultTickCacheDir(join(outside, 'node_modules', '@mml', 'workflows', 'dist'), outside)).toBe(join(outside, 'data', 'cache', 'ticks'));
  });
});
