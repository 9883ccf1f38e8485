import { DataError } from '@mml/core';

/**
 * Order latency between our process (local clock) and the exchange (exchange clock), in ms.
 * `entry(localTs)`: a request sent at local time t reaches the exchange at t + entry(t).
 * `response(exchangeTs)`: what the exchange does at exchange time t (ack, reject, fill, cancel)
 * is seen locally at t + response(t).
 */
export interface LatencyModel {
  readonly name: 'constant' | 'interpolated';
  entry(localTs: number): number;
  response(exchangeTs: number): number;
}

export class ConstantLatency implements LatencyModel {
  readonly name = 'constant' as const;
  constructor(
    private readonly entryMs: number,
    private readonly responseMs: number,
  ) {}
  entry(): number {
    return this.entryMs;
  }
  response(): number {
    return this.responseMs;
  }
}

/**
 * Latency interpolated from recorded round trips (hftbacktest's IntpOrderLatency idea): each row
 * is one request with its local send time, the exchange's processing time and the local receive
 * time of the response. Entry latency at local time t is interpolated linearly between the two
 * rows whose request times bracket t (exchange - request); response latency at exchange time t
 * between the rows whose exchange times bracket t (response - exchange). Before the first row
 * / after the last, the first / last row's latency is used. Lookups move a cursor forward, so a
 * replay in time order costs O(1) per order; a lookup back in time rescans from the start.
 */
export class InterpolatedLatency implements LatencyModel {
  readonly name = 'interpolated' as const;
  private entryCursor = 0;
  private responseCursor = 0;

  constructor(
    private readonly requestTs: Float64Array,
    private readonly exchangeTs: Float64Array,
    private readonly responseTs: Float64Array,
  ) {
    if (requestTs.length === 0) throw new Error('InterpolatedLatency needs at least one row');
  }

  entry(localTs: number): number {
    const req = this.requestTs;
    const exch = this.exchangeTs;
    const n = req.length;
    if (localTs <= req[0] || n === 1) return exch[0] - req[0];
    if (localTs >= req[n - 1]) return exch[n - 1] - req[n - 1];
    let i = this.entryCursor;
    if (req[i] > localTs) i = 0;
    while (req[i + 1] <= localTs) i++;
    this.entryCursor = i;
    return interpolate(localTs, req[i], exch[i] - req[i], req[i + 1], exch[i + 1] - req[i + 1]);
  }

  response(exchangeTs: number): number {
    const exch = this.exchangeTs;
    const resp = this.responseTs;
    const n = exch.length;
    if (exchangeTs <= exch[0] || n === 1) return resp[0] - exch[0];
    if (exchangeTs >= exch[n - 1]) return resp[n - 1] - exch[n - 1];
    let i = this.responseCursor;
    if (exch[i] > exchangeTs) i = 0;
    while (exch[i + 1] <= exchangeTs) i++;
    this.responseCursor = i;
    return interpolate(exchangeTs, exch[i], resp[i] - exch[i], exch[i + 1], resp[i + 1] - exch[i + 1]);
  }
}

function interpolate(x: number, x1: number, y1: number, x2: number, y2: number): number {
  return x2 === x1 ? y2 : y1 + ((y2 - y1) * (x - x1)) / (x2 - x1);
}

/** Header of the recorded latency CSV (times in Unix epoch milliseconds, fractions allowed). */
export const LATENCY_CSV_HEADER = 'request_ts,exchange_ts,response_ts';

/**
 * Parses a recorded order-latency CSV: the header `request_ts,exchange_ts,response_ts`, then one
 * request per row with the local send time, the exchange's processing time and the local time
 * the response arrived, in Unix epoch ms. Rows must be in non-decreasing request and exchange
 * time, with request <= exchange <= response. Blank lines and lines starting with `#` are skipped.
 * Errors name the source, row and field (DataError).
 */
export function parseLatencyCsv(text: string, source: string): InterpolatedLatency {
  const lines = text.split(/\r?\n/);
  const req: number[] = [];
  const exch: number[] = [];
  const resp: number[] = [];
  let headerSeen = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '' || line.startsWith('#')) continue;
    const row = i + 1;
    if (!headerSeen) {
      if (line.replace(/\s/g, '') !== LATENCY_CSV_HEADER) {
        throw new DataError({ source, row, field: 'header' }, `expected the header "${LATENCY_CSV_HEADER}", got "${line}"`);
      }
      headerSeen = true;
      continue;
    }
    const cells = line.split(',');
    if (cells.length !== 3) throw new DataError({ source, row, field: 'row' }, `expected 3 fields, got ${cells.length}`);
    const values = [0, 0, 0];
    const names = ['request_ts', 'exchange_ts', 'response_ts'];
    for (let c = 0; c < 3; c++) {
      const v = Number(cells[c].trim());
      if (cells[c].trim() === '' || !Number.isFinite(v)) throw new DataError({ source, row, field: names[c] }, `not a finite number: "${cells[c]}"`);
      values[c] = v;
    }
    if (values[1] < values[0]) throw new DataError({ source, row, field: 'exchange_ts' }, 'is before request_ts');
    if (values[2] < values[1]) throw new DataError({ source, row, field: 'response_ts' }, 'is before exchange_ts');
    const n = req.length;
    if (n > 0 && values[0] < req[n - 1]) throw new DataError({ source, row, field: 'request_ts' }, 'goes back in time');
    if (n > 0 && values[1] < exch[n - 1]) throw new DataError({ source, row, field: 'exchange_ts' }, 'goes back in time');
    req.push(values[0]);
    exch.push(values[1]);
    resp.push(values[2]);
  }
  if (!headerSeen) throw new DataError({ source, row: 1, field: 'header' }, `empty file: expected the header "${LATENCY_CSV_HEADER}"`);
  if (req.length === 0) throw new DataError({ source, row: 2, field: 'row' }, 'no latency rows after the header');
  return new InterpolatedLatency(Float64Array.from(req), Float64Array.from(exch), Float64Array.from(resp));
}
