import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BinanceBookSync, readArchiveLines } from '@mml/market-data';
import { tickEngineDefaults, tickInstrumentFor } from '../src/market-ticks';
import type { StreamPaperSpec } from '../src/stream-paper/stream-paper-pipeline';

/** The shared USD-M BTCUSDT capture of 2024-08-08 (5.7 min, snapshot on line 55). */
export const shared = process.env['MML_SHARED_DATA'] ?? resolve(__dirname, '..', '..', '..', '..', 'shared', 'data');
export const USDM_CAPTURE = join(shared, 'ticks', 'binance_usdm_btcusdt_2024-08-08.gz');
export const haveUsdmCapture = existsSync(USDM_CAPTURE);

/** The first `count` lines of a capture. */
export async function captureLines(path: string, count: number): Promise<string[]> {
  const out: string[] = [];
  for await (const { text } of readArchiveLines(path)) {
    if (text === '') continue;
    out.push(text);
    if (out.length >= count) break;
  }
  return out;
}

/** A stream session spec on the USD-M BTCUSDT perpetual (the settings realtime-paper uses there). */
export function usdmSpec(format = 'glft'): StreamPaperSpec {
  const { market: _market, ...instrument } = tickInstrumentFor('binance_usdm_btcusdt');
  return { exchange: 'binanceusdm', symbol: instrument.symbol, format, seed: 42, budget: 10_000, instrument, market: 'futures', engineConfig: { ...tickEngineDefaults('usdm'), allowShort: true, startBaseFraction: 0, quoteBudget: 10_000 } };
}

/**
 * The REST depth snapshot the exchange would serve after line `index - 1` of a futures capture:
 * the book rebuilt from the capture's snapshot and diffs up to there (Binance's procedure), with
 * the last applied diff's update id and times, stamped with that line's receive time.
 */
export function snapshotLineAfter(lines: readonly string[], index: number, tickSize: number): string {
  const sync = new BinanceBookSync('futures', tickSize);
  let last: { u: number; E: number; T: number } | undefined;
  let waiting: Record<string, unknown>[] = [];
  const offer = (d: Record<string, unknown>) => {
    const decision = sync.offerDiff(d['U'] as number, d['u'] as number, d['pu'] as number);
    if (decision === 'unsynced' || decision === 'break') waiting.push(d);
    if (decision !== 'apply') return;
    for (const [p, q] of d['b'] as string[][]) sync.bid(Number(p), Number(q));
    for (const [p, q] of d['a'] as string[][]) sync.ask(Number(p), Number(q));
    sync.diffApplied(d['u'] as number);
    last = { u: d['u'] as number, E: d['E'] as number, T: d['T'] as number };
  };
  for (let i = 0; i < index; i++) {
    const json = JSON.parse(lines[i].slice(lines[i].indexOf(' ') + 1)) as Record<string, unknown>;
    if ('lastUpdateId' in json) {
      sync.beginSnapshot(json['lastUpdateId'] as number);
      for (const [p, q] of json['bids'] as string[][]) sync.bid(Number(p), Number(q));
      for (const [p, q] of json['asks'] as string[][]) sync.ask(Number(p), Number(q));
      const retry = waiting;
      waiting = [];
      for (const d of retry) offer(d);
      continue;
    }
    const d = json['data'] as Record<string, unknown>;
    if (d['e'] === 'depthUpdate') offer(d);
  }
  if (last === undefined) throw new Error('no diff applied before the snapshot point');
  const decimals = Math.max(0, Math.round(-Math.log10(tickSize)));
  const levels = (side: 'bid' | 'ask') => {
    const out: string[][] = [];
    sync.book.forEachLevel(side, 1000, (ticks, qty) => void out.push([(ticks * tickSize).toFixed(decimals), String(qty)]));
    return out;
  };
  const stamp = lines[index - 1].slice(0, lines[index - 1].indexOf(' '));
  return `${stamp} ${JSON.stringify({ lastUpdateId: last.u, E: last.E, T: last.T, bids: levels('bid'), asks: levels('ask') })}`;
}
