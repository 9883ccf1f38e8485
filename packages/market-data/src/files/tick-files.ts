import { DataError, type BestBidAskEvent, type BookDeltaEvent, type BookLevel, type BookSnapshotEvent, type TradeEvent } from '@mml/core';
import { checkEpochInUnit } from './epoch-time';
import { parseDecimalField, parseIntegerField } from './strict-number';
import { readTextLines } from './text-lines';

/**
 * Readers for the hftbacktest-derived tick captures in ../shared/data (see its README): trades,
 * bookTicker and depth (REST snapshot + diffs). Every event's `ts` is exchange time in ms. Where a
 * file has no exchange time (spot bookTicker, spot snapshot) `ts` is local receive time plus
 * `clockOffsetMs` (the collector's clock ran ~1273 ms behind Binance; readTickReplay measures it).
 *
 * Every row is checked as it is read, and any problem is a DataError naming file, row and field:
 * numbers are plain decimals (strict-number.ts); times are plausible in the unit the column names
 * (epoch-time.ts); local receive time never goes back; prices are > 0; trade sizes and best
 * bid/ask sizes are > 0 and depth sizes >= 0; trade ids strictly increase, bookTicker update ids
 * never decrease, a depth message's last update id is >= its first; a bookTicker is never crossed.
 */
export interface TickFileOptions {
  /** Added to local receive time where the file has no exchange time. Default 0. */
  clockOffsetMs?: number;
  /** The reader's clock in ms, for the "no time after now + 1 day" bound. Default Date.now(). */
  nowMs?: number;
}

export const TRADES_HEADER = 'local_ts_ns,event_ts_ms,trade_ts_ms,trade_id,price,qty,is_buyer_maker';
export const BOOKTICKER_HEADER = 'local_ts_ns,event_ts_ms,transact_ts_ms,update_id,bid_price,bid_qty,ask_price,ask_qty';
export const DEPTH_HEADER = 'local_ts_ns,event_ts_ms,transact_ts_ms,msg_type,first_update_id,last_update_id,prev_last_update_id,side,price,qty';

/** Trades; `ts` is the trade's event time E, `aggressor` is 'sell' when the buyer was the maker. */
export async function* readTradeFile(path: string, options: Pick<TickFileOptions, 'nowMs'> = {}): AsyncGenerator<TradeEvent & { localTs: number }> {
  const cell = new TickCells(path, options.nowMs);
  let lastId = -1;
  let lastTs = -Infinity;
  for await (const { line, text, cells } of rows(path, TRADES_HEADER, 7)) {
    cell.at(line, cells);
    const maker = cells[6];
    if (maker !== 'true' && maker !== 'false') throw new DataError({ source: path, row: line, field: 'is_buyer_maker' }, `expected true/false, got "${maker}" in "${text}"`);
    const localTs = cell.localTime();
    const ts = cell.time(1, 'event_ts_ms');
    cell.time(2, 'trade_ts_ms');
    if (ts < lastTs) throw cell.error('event_ts_ms', `event time ${ts} is earlier than the previous trade's ${lastTs}`);
    const id = cell.integer(3, 'trade_id');
    if (id <= lastId) throw cell.error('trade_id', `trade id ${id} does not increase (previous ${lastId})`);
    lastId = id;
    lastTs = ts;
    yield { kind: 'trade', ts, price: cell.positive(4, 'price'), qty: cell.positive(5, 'qty'), aggressor: maker === 'true' ? 'sell' : 'buy', id, localTs };
  }
}

/** Best bid/offer updates, with `updateId` for matching against a rebuilt book. */
export async function* readBookTickerFile(path: string, options: TickFileOptions = {}): AsyncGenerator<BestBidAskEvent & { localTs: number }> {
  const offset = options.clockOffsetMs ?? 0;
  const cell = new TickCells(path, options.nowMs);
  let lastUpdateId = -1;
  for await (const { line, cells } of rows(path, BOOKTICKER_HEADER, 8)) {
    cell.at(line, cells);
    const localTs = cell.localTime();
    const ts = cells[1] !== '' ? cell.time(1, 'event_ts_ms') : Math.round(localTs + offset);
    if (cells[2] !== '') cell.time(2, 'transact_ts_ms');
    const updateId = cell.integer(3, 'update_id');
    if (updateId < lastUpdateId) throw cell.error('update_id', `update id ${updateId} is lower than the previous ${lastUpdateId}`);
    lastUpdateId = updateId;
    const bidPrice = cell.positive(4, 'bid_price');
    const askPrice = cell.positive(6, 'ask_price');
    if (!(bidPrice < askPrice)) throw cell.error('ask_price', `crossed or locked book: bid ${bidPrice} >= ask ${askPrice}`);
    yield { kind: 'bbo', ts, bidPrice, bidQty: cell.positive(5, 'bid_qty'), askPrice, askQty: cell.positive(7, 'ask_qty'), updateId, localTs };
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
  const cell = new TickCells(path, options.nowMs);
  let current: DepthSnapshotEvent | DepthDiffEvent | undefined;
  let key = '';
  for await (const { line, cells } of rows(path, DEPTH_HEADER, 10)) {
    cell.at(line, cells);
    const type = cells[3];
    const rowKey = `${cells[0]}|${type}|${cells[5]}`;
    if (rowKey !== key || current === undefined) {
      if (current) yield current;
      key = rowKey;
      const localTs = cell.localTime();
      const ts = cells[1] !== '' ? cell.time(1, 'event_ts_ms') : Math.round(localTs + offset);
      if (cells[2] !== '') cell.time(2, 'transact_ts_ms');
      if (type === 'snapshot') {
        current = { kind: 'book', ts, bids: [], asks: [], updateId: cell.integer(5, 'last_update_id'), localTs };
      } else if (type === 'diff') {
        const firstUpdateId = cell.integer(4, 'first_update_id');
        const lastUpdateId = cell.integer(5, 'last_update_id');
        if (lastUpdateId < firstUpdateId) throw cell.error('last_update_id', `last update id ${lastUpdateId} is below the first ${firstUpdateId}`);
        const diff: DepthDiffEvent = { kind: 'depth', ts, firstUpdateId, lastUpdateId, bids: [], asks: [], localTs };
        if (cells[6] !== '') diff.prevLastUpdateId = cell.integer(6, 'prev_last_update_id');
        current = diff;
      } else {
        throw new DataError({ source: path, row: line, field: 'msg_type' }, `expected snapshot or diff, got "${type}"`);
      }
    }
    const qty = cell.decimal(9, 'qty');
    if (qty < 0) throw cell.error('qty', `negative size ${qty}`);
    const level: BookLevel = [cell.positive(8, 'price'), qty];
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

/**
 * Strict readers for the cells of the current row, each error naming file, row and field. Tracks
 * local receive time, which must never go back (the collector wrote rows as they arrived).
 */
class TickCells {
  private line = 0;
  private cells: string[] = [];
  private lastLocalTs = -Infinity;
  private readonly nowMs: number;

  constructor(
    private readonly path: string,
    nowMs: number | undefined,
  ) {
    this.nowMs = nowMs ?? Date.now();
  }

  at(line: number, cells: string[]): void {
    this.line = line;
    this.cells = cells;
  }

  error(field: string, problem: string): DataError {
    return new DataError({ source: this.path, row: this.line, field }, problem);
  }

  decimal(index: number, field: string): number {
    return parseDecimalField(this.cells[index], this.path, this.line, field);
  }

  positive(index: number, field: string): number {
    const value = this.decimal(index, field);
    if (!(value > 0)) throw this.error(field, `expected a value > 0, got ${value}`);
    return value;
  }

  integer(index: number, field: string): number {
    return parseIntegerField(this.cells[index], this.path, this.line, field);
  }

  /** An exchange time in ms, plausible (2009 .. now + 1 day). */
  time(index: number, field: string): number {
    return checkEpochInUnit(this.integer(index, field), 'ms', { source: this.path, row: this.line, field }, this.nowMs);
  }

  /** Local receive time (ns in the file) in ms: plausible and never earlier than the previous row's. */
  localTime(): number {
    const field = 'local_ts_ns';
    const ms = checkEpochInUnit(parseIntegerField(this.cells[0], this.path, this.line, field, true), 'ns', { source: this.path, row: this.line, field }, this.nowMs);
    if (ms < this.lastLocalTs) throw this.error(field, `local time goes back (${ms} ms < previous ${this.lastLocalTs} ms)`);
    this.lastLocalTs = ms;
    return ms;
  }
}
