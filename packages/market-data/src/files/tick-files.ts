import { DataError, type BestBidAskEvent, type BookDeltaEvent, type BookLevel, type BookSnapshotEvent, type TradeEvent } from '@mml/core';
import { parseNumberField, readTextLines } from './text-lines';

/**
 * Readers for the hftbacktest-derived tick captures in ../shared/data (see its README): trades,
 * bookTicker and depth (REST snapshot + diffs). Every event's `ts` is exchange time in ms. Where a
 * file has no exchange time (spot bookTicker, spot snapshot) `ts` is local receive time plus
 * `clockOffsetMs` (the collector's clock ran ~1273 ms behind Binance; readTickReplay measures it).
 */
export interface TickFileOptions {
  /** Added to local receive time where the file has no exchange time. Default 0. */
  clockOffsetMs?: number;
}

export const TRADES_HEADER = 'local_ts_ns,event_ts_ms,trade_ts_ms,trade_id,price,qty,is_buyer_maker';
export const BOOKTICKER_HEADER = 'local_ts_ns,event_ts_ms,transact_ts_ms,update_id,bid_price,bid_qty,ask_price,ask_qty';
export const DEPTH_HEADER = 'local_ts_ns,event_ts_ms,transact_ts_ms,msg_type,first_update_id,last_update_id,prev_last_update_id,side,price,qty';

/** Trades; `ts` is the trade's event time E, `aggressor` is 'sell' when the buyer was the maker. */
export async function* readTradeFile(path: string): AsyncGenerator<TradeEvent & { localTs: number }> {
  for await (const { line, text, cells } of rows(path, TRADES_HEADER, 7)) {
    const num = (i: number, f: string) => parseNumberField(cells[i], path, line, f);
    const maker = cells[6];
    if (maker !== 'true' && maker !== 'false') throw new DataError({ source: path, row: line, field: 'is_buyer_maker' }, `expected true/false, got "${maker}" in "${text}"`);
    yield {
      kind: 'trade',
      ts: num(1, 'event_ts_ms'),
      price: num(4, 'price'),
      qty: num(5, 'qty'),
      aggressor: maker === 'true' ? 'sell' : 'buy',
      id: num(3, 'trade_id'),
      localTs: num(0, 'local_ts_ns') / 1e6,
    };
  }
}

/** Best bid/offer updates, with `updateId` for matching against a rebuilt book. */
export async function* readBookTickerFile(path: string, options: TickFileOptions = {}): AsyncGenerator<BestBidAskEvent & { localTs: number }> {
  const offset = options.clockOffsetMs ?? 0;
  for await (const { line, cells } of rows(path, BOOKTICKER_HEADER, 8)) {
    const num = (i: number, f: string) => parseNumberField(cells[i], path, line, f);
    const localTs = num(0, 'local_ts_ns') / 1e6;
    yield {
      kind: 'bbo',
      ts: cells[1] !== '' ? num(1, 'event_ts_ms') : Math.round(localTs + offset),
      bidPrice: num(4, 'bid_price'),
      bidQty: num(5, 'bid_qty'),
      askPrice: num(6, 'ask_price'),
      askQty: num(7, 'ask_qty'),
      updateId: num(3, 'update_id'),
      localTs,
    };
  }
}

/** A depth diff with the futures `pu` (previous last update id) when the file has it. */
export type DepthDiffEvent = BookDeltaEvent & { prevLastUpdateId?: number; localTs: number };
export type DepthSnapshotEvent = BookSnapshotEvent & { localTs: number };

/**
 * Depth messages in file (arrival) order: one `book` event for the REST snapshot (all its rows) and
 * one `depth` event per diff message. Note that a few diffs arrive before the snapshot; see OrderBook.
 */
export async function* readDepthFile(path: string, options: TickFileOptions = {}): AsyncGenerator<DepthSnapshotEvent | DepthDiffEvent> {
  const offset = options.clockOffsetMs ?? 0;
  let current: DepthSnapshotEvent | DepthDiffEvent | undefined;
  let key = '';
  for await (const { line, cells } of rows(path, DEPTH_HEADER, 10)) {
    const num = (i: number, f: string) => parseNumberField(cells[i], path, line, f);
    const type = cells[3];
    const rowKey = `${cells[0]}|${type}|${cells[5]}`;
    if (rowKey !== key || current === undefined) {
      if (current) yield current;
      key = rowKey;
      const localTs = num(0, 'local_ts_ns') / 1e6;
      const ts = cells[1] !== '' ? num(1, 'event_ts_ms') : Math.round(localTs + offset);
      if (type === 'snapshot') {
        current = { kind: 'book', ts, bids: [], asks: [], updateId: num(5, 'last_update_id'), localTs };
      } else if (type === 'diff') {
        const diff: DepthDiffEvent = { kind: 'depth', ts, firstUpdateId: num(4, 'first_update_id'), lastUpdateId: num(5, 'last_update_id'), bids: [], asks: [], localTs };
        if (cells[6] !== '') diff.prevLastUpdateId = num(6, 'prev_last_update_id');
        current = diff;
      } else {
        throw new DataError({ source: path, row: line, field: 'msg_type' }, `expected snapshot or diff, got "${type}"`);
      }
    }
    const level: BookLevel = [num(8, 'price'), num(9, 'qty')];
    if (cells[7] === 'bid') current.bids.push(level);
    else if (cells[7] === 'ask') current.asks.push(level);
    else throw new DataError({ source: path, row: line, field: 'side' }, `expected bid or ask, got "${cells[7]}"`);
  }
  if (current) yield current;
}

async function* rows(path: string, header: string, columns: number): AsyncGenerator<{ line: number; text: string; cells: string[] }> {
  let first = true;
  for await (const { line, text } of readTextLines(path)) {
    if (first) {
      if (text.trim() !== header) throw new DataError({ source: path, row: 1 }, `expected header "${header}", got "${text.slice(0, 100)}"`);
      first = false;
      continue;
    }
    if (text === '') continue;
    const cells = text.split(',');
    if (cells.length !== columns) throw new DataError({ source: path, row: line }, `expected ${columns} columns, found ${cells.length}`);
    yield { line, text, cells };
  }
  if (first) throw new DataError({ source: path }, 'empty file');
}
