import { basename } from 'node:path';
import { DataError } from '@mml/core';
import type { QualityPolicy } from '../quality/candle-quality';
import { readArchiveLines } from './text-source';
import { bboEvent, tradeEvent, type TickEvent, type TickStream } from './tick-event';
import { StreamOrder, TickQualityChecker } from './tick-quality';

/**
 * Binance public data dumps (data.binance.vision) from a local path: `trades`, `aggTrades` and
 * (futures) `bookTicker` CSVs, zipped (the single-entry .zip Binance ships) or not (.csv, .csv.gz),
 * with or without a header line. The kind comes from the file name (`BTCUSDT-aggTrades-2024-08-08`),
 * else from the header, else from the columns (spot trades 7 with booleans last, spot aggTrades 8,
 * futures trades 6, futures bookTicker 7 all numeric). Several files are read in order as one stream.
 *
 * Times: ms, or µs (spot dumps since 2025) detected per file from the first row's digits and
 * converted to ms; a row in the other unit is unparseable. Dumps have no recorder, so `localTs` =
 * `ts` (exchange time). Trades and aggTrades: `ts` = trade time, ids must be contiguous (a gap is a
 * sequence break); bookTicker: `ts` = event time, `transactTs` = transaction time, `updateId`.
 */
export type BinanceDumpKind = 'trades' | 'aggTrades' | 'bookTicker';

export interface DumpReadOptions {
  policy?: QualityPolicy;
  maxFindings?: number;
}

interface Layout {
  kind: BinanceDumpKind;
  id: number;
  price: number;
  qty: number;
  time: number;
  buyerMaker: number;
  /** bookTicker columns. */
  bid?: number;
  bidQty?: number;
  ask?: number;
  askQty?: number;
  transact?: number;
  columns: number;
}

const HEADERS: Record<string, Layout> = {
  'id,price,qty,quote_qty,time,is_buyer_maker': { kind: 'trades', id: 0, price: 1, qty: 2, time: 4, buyerMaker: 5, columns: 6 },
  'id,price,qty,quote_qty,time,is_buyer_maker,is_best_match': { kind: 'trades', id: 0, price: 1, qty: 2, time: 4, buyerMaker: 5, columns: 7 },
  'agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker': { kind: 'aggTrades', id: 0, price: 1, qty: 2, time: 5, buyerMaker: 6, columns: 7 },
  'agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker,is_best_match': {
    kind: 'aggTrades',
    id: 0,
    price: 1,
    qty: 2,
    time: 5,
    buyerMaker: 6,
    columns: 8,
  },
  'update_id,best_bid_price,best_bid_qty,best_ask_price,best_ask_qty,transaction_time,event_time': {
    kind: 'bookTicker',
    id: 0,
    price: -1,
    qty: -1,
    time: 6,
    buyerMaker: -1,
    bid: 1,
    bidQty: 2,
    ask: 3,
    askQty: 4,
    transact: 5,
    columns: 7,
  },
};

/** Layout of a header-less file: by name when it says, else by the columns of the first row. */
function layoutWithoutHeader(kindFromName: BinanceDumpKind | undefined, cells: string[]): Layout | undefined {
  const isBool = (s: string | undefined) => s !== undefined && /^(true|false)$/i.test(s);
  const n = cells.length;
  const kind: BinanceDumpKind | undefined =
    kindFromName ?? (n === 8 && isBool(cells[6]) ? 'aggTrades' : n === 7 && isBool(cells[5]) && isBool(cells[6]) ? 'trades' : n === 6 && isBool(cells[5]) ? 'trades' : n === 7 && isBool(cells[6]) ? 'aggTrades' : n === 7 ? 'bookTicker' : undefined);
  if (kind === 'trades' && (n === 6 || n === 7)) return { kind, id: 0, price: 1, qty: 2, time: 4, buyerMaker: 5, columns: n };
  if (kind === 'aggTrades' && (n === 7 || n === 8)) return { kind, id: 0, price: 1, qty: 2, time: 5, buyerMaker: 6, columns: n };
  if (kind === 'bookTicker' && n === 7) return HEADERS['update_id,best_bid_price,best_bid_qty,best_ask_price,best_ask_qty,transaction_time,event_time'];
  return undefined;
}

export function dumpKindFromName(path: string): BinanceDumpKind | undefined {
  const m = /-(trades|aggTrades|bookTicker)-/.exec(basename(path));
  return m ? (m[1] as BinanceDumpKind) : undefined;
}

export function readBinanceDump(paths: string | string[], options: DumpReadOptions = {}): TickStream {
  const files = typeof paths === 'string' ? [paths] : paths;
  const checker = new TickQualityChecker(options.policy ?? 'fail', options.maxFindings);
  return { quality: checker.report, [Symbol.asyncIterator]: () => dumpEvents(files, checker) };
}

async function* dumpEvents(files: string[], checker: TickQualityChecker): AsyncGenerator<TickEvent> {
  const report = checker.report;
  const order = { trades: new StreamOrder('trade', true), aggTrades: new StreamOrder('aggTrade', true), bookTicker: new StreamOrder('bookTicker', false) };
  for (const file of files) {
    report.sources.push(file);
    let layout: Layout | undefined;
    let timeDivisor = 0;
    const fromName = dumpKindFromName(file);
    for await (const { line, text } of readArchiveLines(file)) {
      if (text === '') continue;
      const cells = text.split(',');
      if (layout === undefined) {
        layout = HEADERS[text.trim()];
        if (layout) {
          if (fromName && layout.kind !== fromName) throw new DataError({ source: file, row: line }, `the header is a ${layout.kind} header but the file name says ${fromName}`);
          continue;
        }
        layout = layoutWithoutHeader(fromName, cells);
        if (!layout) throw new DataError({ source: file, row: line }, `not a Binance trades, aggTrades or bookTicker dump: ${cells.length} columns in "${text.slice(0, 80)}"`);
      }
      report.lines++;
      const L = layout;
      let event: TickEvent;
      try {
        if (cells.length !== L.columns) throw new DataError({ source: file, row: line }, `expected ${L.columns} columns, found ${cells.length}`);
        const num = (i: number, field: string): number => {
          const text = cells[i];
          const v = text === '' ? NaN : Number(text);
          if (!Number.isFinite(v)) throw new DataError({ source: file, row: line, field }, `not a finite number: "${text}"`);
          return v;
        };
        const time = (i: number, field: string): number => {
          const raw = num(i, field);
          const divisor = raw >= 1e14 ? 1000 : 1;
          if (timeDivisor === 0) timeDivisor = divisor;
          else if (divisor !== timeDivisor) throw new DataError({ source: file, row: line, field }, `time ${cells[i]} is in ${divisor === 1000 ? 'µs' : 'ms'} but the file started in ${timeDivisor === 1000 ? 'µs' : 'ms'}`);
          return raw / divisor;
        };
        if (L.kind === 'bookTicker') {
          const ts = time(L.time, 'event_time');
          event = bboEvent(ts, ts, time(L.transact as number, 'transaction_time'), num(L.bid as number, 'best_bid_price'), num(L.bidQty as number, 'best_bid_qty'), num(L.ask as number, 'best_ask_price'), num(L.askQty as number, 'best_ask_qty'), num(L.id, 'update_id'));
        } else {
          const maker = cells[L.buyerMaker].toLowerCase();
          if (maker !== 'true' && maker !== 'false') throw new DataError({ source: file, row: line, field: 'is_buyer_maker' }, `expected true/false, got "${cells[L.buyerMaker]}"`);
          const ts = time(L.time, 'time');
          event = tradeEvent(ts, ts, NaN, num(L.price, 'price'), num(L.qty, 'qty'), maker === 'true' ? 'sell' : 'buy', num(L.id, 'id'));
        }
      } catch (error) {
        if (!(error instanceof DataError)) throw error;
        checker.unparseable(error, file, line);
        continue;
      }
      const stream = order[L.kind];
      const id = event.kind === 'trade' ? event.id : (event.updateId ?? NaN);
      const issue = stream.check(event.ts, id);
      if (issue && !checker.flag(issue.kind, file, line, issue.message)) continue;
      stream.advance(event.ts, id);
      report.events++;
      yield event;
    }
    if (layout === undefined) throw new DataError({ source: file }, 'empty file');
  }
}
