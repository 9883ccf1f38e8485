import { DataError, type BookLevel } from '@mml/core';
import { readTextLines } from '../files/text-lines';
import type { QualityPolicy } from '../quality/candle-quality';
import { bboEvent, depthEvent, snapshotEvent, tradeEvent, type TickEvent, type TickStream } from './tick-event';
import { TickQualityChecker } from './tick-quality';
import { TickSequence } from './tick-sequence';

/**
 * Raw Binance websocket captures, one message per line: `<local receive time> <JSON>` (the
 * hftbacktest collector's format, ../shared/data/ticks/README.md). The local time's unit is detected
 * from its digits per file (13 ms, 16 µs as in *.dat.gz, 19 ns as in the other *.gz). The JSON is a
 * combined-stream message (`depthUpdate`, `trade`/`aggTrade`, `bookTicker`; `markPriceUpdate` and
 * other streams are skipped and counted as `ignored`) or a REST depth snapshot (`lastUpdateId`).
 * Spot, USDⓈ-M and COIN-M are read alike; futures diffs carry `pu`.
 *
 * A capture split across files by date is passed as the list of its files in order: they are read
 * as one stream (the checks continue across the boundary; line numbers are per file).
 *
 * Times: `ts` is Binance's event time E. Spot bookTicker and spot snapshots have no exchange time;
 * their `ts` is an estimate of the exchange clock at receipt, `clockOffsetMs` + localTs when that
 * option is given, else the last exchange time seen plus the local time elapsed since it arrived
 * (causal: it uses no later line), rounded to the ms.
 */
export interface CaptureReadOptions {
  policy?: QualityPolicy;
  /** Fixed exchange-minus-local clock offset (ms) for events without exchange time. */
  clockOffsetMs?: number;
  maxFindings?: number;
}

export function readBinanceCapture(paths: string | string[], options: CaptureReadOptions = {}): TickStream {
  const files = typeof paths === 'string' ? [paths] : paths;
  const checker = new TickQualityChecker(options.policy ?? 'fail', options.maxFindings);
  return {
    quality: checker.report,
    [Symbol.asyncIterator]: () => captureEvents(files, options, checker),
  };
}

/** Multiplier from a local timestamp's digits to ms, or undefined when the digits fit no unit. */
export function localTimeScale(digits: number): { unit: 'ms' | 'µs' | 'ns'; divisor: number } | undefined {
  if (digits >= 12 && digits <= 14) return { unit: 'ms', divisor: 1 };
  if (digits >= 15 && digits <= 17) return { unit: 'µs', divisor: 1e3 };
  if (digits >= 18 && digits <= 20) return { unit: 'ns', divisor: 1e6 };
  return undefined;
}

/** Converts a local timestamp string to ms without losing µs digits (ns values exceed 2^53). */
export function localMs(text: string, divisor: number): number {
  if (divisor === 1) return Number(text);
  if (divisor === 1e3) return Number(text) / 1e3;
  const cut = text.length - 6;
  return Number(text.slice(0, cut)) + Number(text.slice(cut)) / 1e6;
}

async function* captureEvents(files: string[], options: CaptureReadOptions, checker: TickQualityChecker): AsyncGenerator<TickEvent> {
  const parser = new CaptureLineParser(checker, options.clockOffsetMs);
  for (const file of files) {
    parser.beginFile(file);
    for await (const { line, text } of readTextLines(file)) {
      const event = parser.parse(text, line);
      if (event !== undefined) yield event;
    }
    parser.endFile();
  }
}

/**
 * One capture line at a time: `<local receive time> <JSON>` -> a TickEvent, or undefined for a
 * blank, ignored (other streams) or bad line (reported to the checker under its policy). The file
 * reader above and the live paper session (which parses each message as it is received, in the
 * same text the recorder appends) use this one parser, so a paper session and the replay of its
 * capture see the same events. The ordering checks and the clock estimate (TickSequence) carry
 * over from line to line and across the files of one capture.
 */
export class CaptureLineParser {
  private readonly sequence: TickSequence;
  private file = '';
  private divisor = 0;

  constructor(
    readonly checker: TickQualityChecker,
    clockOffsetMs?: number,
  ) {
    this.sequence = new TickSequence(checker, clockOffsetMs);
  }

  /** Starts a file (or a live stream, named by `source`): its local time unit is detected anew. */
  beginFile(source: string): void {
    this.file = source;
    this.divisor = 0;
    this.checker.report.sources.push(source);
  }

  /** Ends a file: one without a single data line is an error. */
  endFile(): void {
    if (this.divisor === 0) throw new DataError({ source: this.file }, 'empty capture file');
  }

  /** The local-time unit of the current file (undefined before its first line). */
  get localUnitDivisor(): number | undefined {
    return this.divisor === 0 ? undefined : this.divisor;
  }

  /** Parses line number `line` (1-based, for messages) of the current file. */
  parse(text: string, line: number): TickEvent | undefined {
    if (text === '') return undefined;
    const file = this.file;
    const checker = this.checker;
    const report = checker.report;
    const sequence = this.sequence;
    report.lines++;
    const space = text.indexOf(' ');
    let message: CaptureMessage;
    let localTs: number;
    try {
      if (space <= 0) throw new DataError({ source: file, row: line }, 'expected "<local time> <JSON>"');
      const stamp = text.slice(0, space);
      if (!/^\d+$/.test(stamp)) throw new DataError({ source: file, row: line, field: 'local_time' }, `not an integer: "${stamp.slice(0, 30)}"`);
      if (this.divisor === 0) {
        const scale = localTimeScale(stamp.length);
        if (!scale) throw new DataError({ source: file, row: line, field: 'local_time' }, `${stamp.length} digits fit none of ms (13), µs (16), ns (19)`);
        this.divisor = scale.divisor;
      }
      localTs = localMs(stamp, this.divisor);
      message = parseJson(text.slice(space + 1), file, line);
    } catch (error) {
      if (!(error instanceof DataError)) throw error;
      checker.unparseable(error, file, line);
      return undefined;
    }
    if (!sequence.local(localTs, file, line)) return undefined;
    const estimatedTs = (): number => sequence.estimateTs(localTs);

    let event: TickEvent;
    try {
      if ('lastUpdateId' in message) {
        const m = message as RestSnapshot;
        const ts = m.E !== undefined ? num(m.E, file, line, 'E') : estimatedTs();
        event = snapshotEvent(ts, localTs, m.T !== undefined ? num(m.T, file, line, 'T') : NaN, num(m.lastUpdateId, file, line, 'lastUpdateId'), levels(m.bids, file, line, 'bids'), levels(m.asks, file, line, 'asks'));
        if (m.E !== undefined) sequence.exchangeTime(ts, localTs);
      } else {
        const d = (message as StreamMessage).data;
        if (d === null || typeof d !== 'object') throw new DataError({ source: file, row: line, field: 'data' }, 'combined-stream message without data');
        const type = d.e ?? (d.u !== undefined && d.b !== undefined && d.a !== undefined ? 'bookTicker' : undefined);
        if (type === 'depthUpdate') {
          const first = num(d.U, file, line, 'U');
          const last = num(d.u, file, line, 'u');
          const pu = d.pu !== undefined ? num(d.pu, file, line, 'pu') : NaN;
          const ts = num(d.E, file, line, 'E');
          event = depthEvent(ts, localTs, d.T !== undefined ? num(d.T, file, line, 'T') : NaN, first, last, pu, levels(d.b, file, line, 'b'), levels(d.a, file, line, 'a'));
          if (!sequence.depth(event, file, line)) return undefined;
        } else if (type === 'trade' || type === 'aggTrade') {
          const ts = num(d.E, file, line, 'E');
          const id = num(type === 'trade' ? d.t : d.a, file, line, type === 'trade' ? 't' : 'a');
          if (d.m !== true && d.m !== false) throw new DataError({ source: file, row: line, field: 'm' }, `expected true/false, got ${JSON.stringify(d.m)}`);
          event = tradeEvent(ts, localTs, d.T !== undefined ? num(d.T, file, line, 'T') : NaN, num(d.p, file, line, 'p'), num(d.q, file, line, 'q'), d.m ? 'sell' : 'buy', id);
          if (!sequence.trade(event, type === 'aggTrade', file, line)) return undefined;
        } else if (type === 'bookTicker') {
          const hasTime = d.E !== undefined;
          const ts = hasTime ? num(d.E, file, line, 'E') : estimatedTs();
          const id = num(d.u, file, line, 'u');
          event = bboEvent(ts, localTs, d.T !== undefined ? num(d.T, file, line, 'T') : NaN, num(d.b, file, line, 'b'), num(d.B, file, line, 'B'), num(d.a, file, line, 'a'), num(d.A, file, line, 'A'), id);
          if (!sequence.bbo(event, hasTime, file, line)) return undefined;
        } else {
          report.ignored++;
          return undefined;
        }
      }
    } catch (error) {
      if (!(error instanceof DataError)) throw error;
      checker.unparseable(error, file, line);
      return undefined;
    }
    report.events++;
    return event;
  }
}

type CaptureMessage = RestSnapshot | StreamMessage;

interface RestSnapshot {
  lastUpdateId: unknown;
  E?: unknown;
  T?: unknown;
  bids: unknown;
  asks: unknown;
}

interface StreamMessage {
  stream?: string;
  data: Record<string, unknown> & { e?: string };
}

function parseJson(text: string, source: string, row: number): CaptureMessage {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new DataError({ source, row }, `invalid JSON (${(error as Error).message})`);
  }
  if (value === null || typeof value !== 'object') throw new DataError({ source, row }, 'expected a JSON object');
  if (!('lastUpdateId' in value) && !('data' in value)) throw new DataError({ source, row }, 'neither a combined-stream message nor a depth snapshot');
  return value as CaptureMessage;
}

/** A number from a JSON number or decimal string (Binance sends prices as strings, ids as numbers). */
function num(value: unknown, source: string, row: number, field: string): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  if (!Number.isFinite(n)) throw new DataError({ source, row, field }, value === undefined ? 'missing value' : `not a finite number: ${JSON.stringify(value)}`);
  return n;
}

function levels(value: unknown, source: string, row: number, field: string): BookLevel[] {
  if (!Array.isArray(value)) throw new DataError({ source, row, field }, 'expected an array of [price, qty]');
  const out: BookLevel[] = new Array(value.length);
  for (let i = 0; i < value.length; i++) {
    const level = value[i] as unknown;
    if (!Array.isArray(level) || level.length < 2) throw new DataError({ source, row, field }, `level ${i} is not [price, qty]`);
    const price = num(level[0], source, row, field);
    const qty = num(level[1], source, row, field);
    if (!(price > 0) || qty < 0) throw new DataError({ source, row, field }, `level ${i}: price must be > 0 and qty >= 0, got [${String(level[0])}, ${String(level[1])}]`);
    out[i] = [price, qty];
  }
  return out;
}
