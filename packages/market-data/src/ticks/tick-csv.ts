import { DataError, type BookLevel } from '@mml/core';
import { BOOKTICKER_HEADER, DEPTH_HEADER, TRADES_HEADER } from '../files/tick-files';
import type { QualityPolicy } from '../quality/candle-quality';
import { localMs, localTimeScale } from './binance-capture';
import { readArchiveLines } from './text-source';
import { bboEvent, depthEvent, snapshotEvent, tradeEvent, type TickEvent, type TickStream } from './tick-event';
import { TickQualityChecker } from './tick-quality';
import { TickSequence } from './tick-sequence';

/**
 * The flattened tick CSVs of ../shared/data (`*_trades.csv.gz`, `*_bookticker.csv.gz`,
 * `*_depth.csv.gz`; the kind is read from each file's header) as one TickEvent stream with both
 * clocks, in local receive order: several files of one capture are merged by `local_ts_ns` (ties
 * keep the order the files were given), so the stream matches what the raw capture reader gives
 * for the same recording. Depth rows are grouped back into one snapshot or diff per message.
 * Checks and policy are the capture reader's (TickSequence): local time order, depth chain, trade
 * ids, bookTicker ids, exchange time order; spot rows without exchange time get the causal
 * exchange-clock estimate.
 */
export interface TickCsvOptions {
  policy?: QualityPolicy;
  clockOffsetMs?: number;
  maxFindings?: number;
}

interface Parsed {
  /** Undefined for an unparseable row (then `error` says why; it sorts after the file's previous row). */
  event?: TickEvent;
  error?: DataError;
  localTs: number;
  file: string;
  line: number;
  /** False for spot bookTicker and snapshot rows (no exchange time: `ts` is estimated on merge). */
  hasTime: boolean;
}

export function readTickCsv(paths: string | string[], options: TickCsvOptions = {}): TickStream {
  const files = typeof paths === 'string' ? [paths] : paths;
  const checker = new TickQualityChecker(options.policy ?? 'fail', options.maxFindings);
  return { quality: checker.report, [Symbol.asyncIterator]: () => merged(files, options, checker) };
}

async function* merged(files: string[], options: TickCsvOptions, checker: TickQualityChecker): AsyncGenerator<TickEvent> {
  const report = checker.report;
  const sequence = new TickSequence(checker, options.clockOffsetMs);
  report.sources.push(...files);
  const sources = files.map((f) => parseFile(f, checker));
  const heads: Array<Parsed | undefined> = [];
  for (const s of sources) heads.push((await s.next()).value as Parsed | undefined);
  for (;;) {
    let pick = -1;
    for (let i = 0; i < heads.length; i++) {
      const h = heads[i];
      if (h !== undefined && (pick < 0 || h.localTs < (heads[pick] as Parsed).localTs)) pick = i;
    }
    if (pick < 0) return;
    const { event, error, file, line, hasTime } = heads[pick] as Parsed;
    const next = await sources[pick].next();
    heads[pick] = next.done ? undefined : next.value;
    if (!event) {
      checker.unparseable(error as DataError, file, line);
      continue;
    }
    if (!sequence.local(event.localTs, file, line)) continue;
    if (!hasTime) event.ts = sequence.estimateTs(event.localTs);
    let keep: boolean;
    switch (event.kind) {
      case 'depth':
        keep = sequence.depth(event, file, line);
        break;
      case 'trade':
        keep = sequence.trade(event, false, file, line);
        break;
      case 'bbo':
        keep = sequence.bbo(event, hasTime, file, line);
        break;
      default:
        keep = true;
        if (hasTime) sequence.exchangeTime(event.ts, event.localTs);
    }
    if (!keep) continue;
    report.events++;
    yield event;
  }
}

/** One file's events in file order (depth rows grouped per message); unparseable rows go to the checker. */
async function* parseFile(file: string, checker: TickQualityChecker): AsyncGenerator<Parsed> {
  const report = checker.report;
  let lastLocal = -Infinity;
  let header: string | undefined;
  let divisor = 0;
  let pending: Parsed | undefined;
  let pendingKey = '';
  for await (const { line, text } of readArchiveLines(file)) {
    if (header === undefined) {
      header = text.trim();
      if (header !== TRADES_HEADER && header !== BOOKTICKER_HEADER && header !== DEPTH_HEADER) {
        throw new DataError({ source: file, row: 1 }, `not a tick CSV: expected the header of a trades, bookticker or depth file, got "${text.slice(0, 100)}"`);
      }
      continue;
    }
    if (text === '') continue;
    report.lines++;
    const cells = text.split(',');
    let parsed: Parsed | undefined;
    try {
      const columns = header === DEPTH_HEADER ? 10 : header === TRADES_HEADER ? 7 : 8;
      if (cells.length !== columns) throw new DataError({ source: file, row: line }, `expected ${columns} columns, found ${cells.length}`);
      const num = (i: number, field: string): number => {
        const v = cells[i] === '' ? NaN : Number(cells[i]);
        if (!Number.isFinite(v)) throw new DataError({ source: file, row: line, field }, `not a finite number: "${cells[i]}"`);
        return v;
      };
      const optional = (i: number, field: string): number => (cells[i] === '' ? NaN : num(i, field));
      if (divisor === 0) {
        const scale = localTimeScale(cells[0].length);
        if (!scale || !/^\d+$/.test(cells[0])) throw new DataError({ source: file, row: line, field: 'local_ts_ns' }, `not a local time: "${cells[0]}"`);
        divisor = scale.divisor;
      }
      if (!/^\d+$/.test(cells[0])) throw new DataError({ source: file, row: line, field: 'local_ts_ns' }, `not an integer: "${cells[0]}"`);
      const localTs = localMs(cells[0], divisor);
      lastLocal = localTs;
      if (header === TRADES_HEADER) {
        const maker = cells[6];
        if (maker !== 'true' && maker !== 'false') throw new DataError({ source: file, row: line, field: 'is_buyer_maker' }, `expected true/false, got "${maker}"`);
        parsed = { event: tradeEvent(num(1, 'event_ts_ms'), localTs, optional(2, 'trade_ts_ms'), num(4, 'price'), num(5, 'qty'), maker === 'true' ? 'sell' : 'buy', num(3, 'trade_id')), localTs, file, line, hasTime: true };
      } else if (header === BOOKTICKER_HEADER) {
        const hasTime = cells[1] !== '';
        const event = bboEvent(hasTime ? num(1, 'event_ts_ms') : NaN, localTs, optional(2, 'transact_ts_ms'), num(4, 'bid_price'), num(5, 'bid_qty'), num(6, 'ask_price'), num(7, 'ask_qty'), num(3, 'update_id'));
        parsed = { event, localTs, file, line, hasTime };
      } else {
        const type = cells[3];
        const side = cells[7];
        if (side !== 'bid' && side !== 'ask') throw new DataError({ source: file, row: line, field: 'side' }, `expected bid or ask, got "${side}"`);
        const level: BookLevel = [num(8, 'price'), num(9, 'qty')];
        const key = `${cells[0]}|${type}|${cells[5]}`;
        if (pending?.event && key === pendingKey) {
          const e = pending.event as { bids: BookLevel[]; asks: BookLevel[] };
          (side === 'bid' ? e.bids : e.asks).push(level);
          continue;
        }
        const hasTime = cells[1] !== '';
        const ts = hasTime ? num(1, 'event_ts_ms') : NaN;
        let event: TickEvent;
        if (type === 'snapshot') event = snapshotEvent(ts, localTs, optional(2, 'transact_ts_ms'), num(5, 'last_update_id'), [], []);
        else if (type === 'diff') event = depthEvent(ts, localTs, optional(2, 'transact_ts_ms'), num(4, 'first_update_id'), num(5, 'last_update_id'), optional(6, 'prev_last_update_id'), [], []);
        else throw new DataError({ source: file, row: line, field: 'msg_type' }, `expected snapshot or diff, got "${type}"`);
        (side === 'bid' ? (event as { bids: BookLevel[] }).bids : (event as { asks: BookLevel[] }).asks).push(level);
        if (pending) yield pending;
        pending = { event, localTs, file, line, hasTime };
        pendingKey = key;
        continue;
      }
    } catch (error) {
      if (!(error instanceof DataError)) throw error;
      // Reported in stream order by the merge (after the rows before it), not here.
      if (pending) yield pending;
      pending = undefined;
      pendingKey = '';
      yield { error, localTs: lastLocal, file, line, hasTime: false };
      continue;
    }
    yield parsed;
  }
  if (pending) yield pending;
  if (header === undefined) throw new DataError({ source: file }, 'empty file');
}
